import json
from datetime import UTC, datetime

from proxisante.rota import Rota, RotaProblem
from proxisante.rota.export import (
    doctor_ics,
    read_ics_events,
    read_rota_csv,
    rota_csv,
    rota_json,
    shift_ids_of,
)

STAMP = datetime(2027, 1, 1, tzinfo=UTC)


def test_ics_parses_and_round_trips(small_problem: RotaProblem, small_rota: Rota) -> None:
    for doctor in ("M1", "V2"):
        data = doctor_ics(small_problem, small_rota, doctor, stamp=STAMP)
        events = read_ics_events(data)
        mine = sorted(
            (s for s in small_rota.shifts if small_rota.doctor_of(s.id) == doctor),
            key=lambda s: s.start,
        )
        assert shift_ids_of(events) == [s.id for s in mine]
        assert [(e.start, e.end) for e in events] == [(s.start, s.end) for s in mine]
        assert all(e.start.tzinfo is not None for e in events)
        # parse → serialise → parse gives the same events
        import icalendar

        again = icalendar.Calendar.from_ical(data).to_ical()
        assert read_ics_events(again) == events


def test_csv_round_trips(small_problem: RotaProblem, small_rota: Rota) -> None:
    text = rota_csv(small_problem, small_rota)
    got = {a for _, a in read_rota_csv(text)}
    assert got == set(small_rota.assignments)
    mou = rota_csv(small_problem, small_rota, sector="MOU")
    assert all(line.startswith("MOU,") for line in mou.splitlines()[1:])


def test_json_is_serialisable(small_problem: RotaProblem, small_rota: Rota) -> None:
    data = json.loads(json.dumps(rota_json(small_problem, small_rota)))
    assert len(data["gardes"]) == len(small_rota.shifts)
    assert {s["secteur"] for s in data["statistiques"]} == {"MOU", "VIC"}
