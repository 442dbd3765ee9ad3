"""The core of the rota in the browser, on small hand-made inputs: shifts and doctors named for
people, the fairness threshold of a swap (warning, limit), a description written from a form,
the demo's sectors, the month calendar of a page."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from proxisante.i18n import use_lang
from proxisante.rota import parse_rota_yaml
from proxisante.rota._errors import RotaInputError, SwapRefusedError
from proxisante.rota.calendar import generate_shifts
from proxisante.rota.demo import MIN_DOCTORS, DemoDoctor, DemoPlace, demo_draft, period
from proxisante.rota.draft import DoctorDraft, RotaDraft, SectorDraft, description_yaml
from proxisante.rota.labels import doctor_names, format_load, kind_label, shift_label
from proxisante.rota.model import Assignment, DayKind, Rota, RotaProblem, ShiftType
from proxisante.rota.ports import StoredSwap
from proxisante.rota.schemas import SwapOut
from proxisante.rota.swap_plan import plan_swap

TEXT = """\
period: {start: 2027-05-03, end: 2027-05-09}
country: FR
bridge_days: false
rules: {min_gap_hours: 12, rest_after_night_hours: 12}
fairness: {swap_warning_spread: 2}
shift_types:
  - {code: nuit, label: Nuit, start: "20:00", end: "08:00", weight: 2, night: true,
     days: [weekday, saturday, sunday, holiday, bridge]}
sectors:
  - {code: S1, name: Vichy, communes: ["03310"]}
  - {code: S2, name: Moulins, communes: ["03190"]}
doctors:
  - {id: D1, name: Dr Fictif Alpha, sector: S1}
  - {id: D2, name: Dr Fictif Bravo, sector: S1}
  - {id: D3, name: Dr Fictif Alpha, sector: S2}
  - {id: D4, name: Dr Fictif Delta, sector: S2}
"""


def night(sector: str, day: int) -> str:
    return f"{sector}/2027-05-{day:02d}/nuit"


def rota_of(text: str = TEXT) -> tuple[RotaProblem, Rota]:
    problem = parse_rota_yaml(text)
    s1 = {3: "D1", 4: "D2", 5: "D1", 6: "D2", 7: "D1", 8: "D2", 9: "D2"}
    s2 = {d: ("D3" if d % 2 else "D4") for d in range(3, 10)}
    assignments = [Assignment(night("S1", d), w) for d, w in s1.items()]
    assignments += [Assignment(night("S2", d), w) for d, w in s2.items()]
    return problem, Rota(generate_shifts(problem), tuple(assignments))


def test_doctors_named_and_told_apart_where_names_repeat() -> None:
    problem, _rota = rota_of()
    names = doctor_names(problem)
    assert names["D2"] == "Dr Fictif Bravo"
    assert names["D1"] == "Dr Fictif Alpha (D1)" and names["D3"] == "Dr Fictif Alpha (D3)"


def test_shift_named_by_local_date_and_kind_in_each_language() -> None:
    problem, rota = rota_of()
    shift = next(s for s in rota.shifts if s.id == night("S1", 8))
    with use_lang("fr"):
        assert shift_label(problem, shift) == "samedi 8 mai 2027, nuit 20:00 – 08:00"
    with use_lang("de"):
        assert shift_label(problem, shift) == "Samstag, 8. Mai 2027, Nacht 20:00 – 08:00"


@pytest.mark.parametrize(
    ("start", "end", "night", "kind"),
    [
        (time(20), time(8), True, "nuit"),
        (time(19), time(23), False, "soirée"),
        (time(8), time(12), False, "matinée"),
        (time(12), time(20), False, "après-midi"),
        (time(8), time(20), False, "journée"),
    ],
)
def test_kind_of_a_shift_type_from_its_hours(
    start: time, end: time, night: bool, kind: str
) -> None:
    t = ShiftType("x", "Libellé", start, end, 1, frozenset({DayKind.WEEKDAY}), night)
    with use_lang("fr"):
        assert kind_label(t) == kind


def test_load_written_with_the_locale_and_at_most_two_decimals() -> None:
    with use_lang("fr"):
        assert [format_load(v) for v in (4.0, 4.5, 3.25, 0.333333)] == ["4", "4,5", "3,25", "0,33"]
    with use_lang("de"):
        assert format_load(4.5) == "4.5"


def test_give_away_that_raises_the_spread_above_threshold_needs_confirmation() -> None:
    problem, rota = rota_of()
    # loads: D1 6, D2 8 (spread 2); D1 gives the 7th to D2: D1 4, D2 10 (spread 6)
    plan, after = plan_swap(
        problem, rota, shift_id=night("S1", 7), from_doctor="D1", to_doctor="D2"
    )
    assert (plan.before.load_spread, plan.after.load_spread) == (2, 6)
    assert plan.needs_confirmation and after.doctor_of(night("S1", 7)) == "D2"
    # the other way (D2 gives the 9th to D1): the spread falls to 2 → no question asked
    plan, _after = plan_swap(
        problem, rota, shift_id=night("S1", 9), from_doctor="D2", to_doctor="D1"
    )
    assert plan.after.load_spread == 2 and not plan.needs_confirmation


def test_limit_set_by_the_coordination_refuses_with_the_spreads_named() -> None:
    text = TEXT.replace("swap_warning_spread: 2", "swap_warning_spread: 2, swap_max_spread: 5")
    problem, rota = rota_of(text)
    with use_lang("fr"), pytest.raises(SwapRefusedError) as err:
        plan_swap(problem, rota, shift_id=night("S1", 7), from_doctor="D1", to_doctor="D2")
    assert "[équité]" in str(err.value) and "passerait de 2 à 6" in str(err.value)
    assert "limite de 5" in str(err.value)


def test_wrong_holder_and_other_sector_are_named_in_words() -> None:
    problem, rota = rota_of()
    with use_lang("fr"), pytest.raises(SwapRefusedError) as err:
        plan_swap(problem, rota, shift_id=night("S1", 4), from_doctor="D1", to_doctor="D3")
    text = str(err.value)
    assert "la garde du mardi 4 mai 2027, nuit 20:00 – 08:00 n'est pas la vôtre" in text
    assert "elle est tenue par Dr Fictif Bravo" in text
    assert "Dr Fictif Alpha (D3) est du secteur Moulins, pas du secteur Vichy" in text
    assert "S1/" not in text


def test_rest_rule_refusal_names_shifts_by_date_and_doctors_by_name() -> None:
    problem, rota = rota_of(
        TEXT.replace("rest_after_night_hours: 12", "rest_after_night_hours: 24")
    )
    with use_lang("fr"), pytest.raises(SwapRefusedError) as err:
        # D1 holds the 3rd, 5th, 7th; the 4th from D2 is back to back with both
        plan_swap(problem, rota, shift_id=night("S1", 4), from_doctor="D2", to_doctor="D1")
    text = str(err.value)
    assert "[repos] secteur Vichy : Dr Fictif Alpha (D1) : 3 mai 2027, nuit" in text
    assert "2027-05" not in text


def _draft(**kw: object) -> RotaDraft:
    base = {
        "start": date(2027, 3, 1),
        "end": date(2027, 3, 14),
        "sectors": (SectorDraft("S1", "Vichy – Cusset", ("03310", "03008")),),
        "doctors": (
            DoctorDraft("D1", "Dr Fictif A", "S1", "a@example.org"),
            DoctorDraft("D2", "Dr Fictif B", "S1"),
        ),
    }
    return RotaDraft(**{**base, **kw})


def test_form_draft_written_as_a_description_the_reader_accepts() -> None:
    text = description_yaml(_draft(shift_types=("nuit", "jour")))
    assert "'03008'" in text and "'08:00'" in text  # quoted as the reader asks
    problem = parse_rota_yaml(text)
    assert [t.code for t in problem.shift_types] == ["nuit", "jour"]
    assert problem.sectors[0].communes == ("03310", "03008")
    assert problem.doctor("D1").email == "a@example.org" and problem.doctor("D2").email is None


def test_form_draft_with_no_or_unknown_shift_kind_is_refused() -> None:
    for kinds in ((), ("garde-de-jour",)):
        with pytest.raises(RotaInputError, match="types de garde"):
            description_yaml(_draft(shift_types=kinds))


def test_bad_email_in_description_is_refused_with_line_and_example() -> None:
    text = TEXT.replace("sector: S1}", "sector: S1, email: pas-une-adresse}", 1)
    with pytest.raises(RotaInputError) as err:
        parse_rota_yaml(text, source="rota.yaml")
    assert "doctors.0.email" in str(err.value) and "dr.exemple@example.org" in str(err.value)


A, B, C, D = "03001", "03002", "03003", "03004"  # fictitious places, valid code shapes
PLACES = [
    DemoPlace(A, "Centre", 3.42, 46.12),
    DemoPlace(B, "Voisine", 3.44, 46.11),
    DemoPlace(C, "Nord", 3.43, 46.20),
    DemoPlace(D, "Sud", 3.47, 46.05),
]


def test_demo_splits_doctors_in_two_sectors_by_where_they_practise() -> None:
    doctors = [
        DemoDoctor(f"D{i}", f"Dr Fictif {i}", c)
        for i, c in enumerate([A, A, B, C, D, C, B, D], start=1)
    ]
    draft = demo_draft(doctors, PLACES, first_day=date(2026, 12, 7))
    assert (draft.start, draft.end) == (date(2026, 12, 1), date(2027, 2, 28))
    assert len(draft.sectors) == 2
    by_sector = {s.code: [d for d in draft.doctors if d.sector == s.code] for s in draft.sectors}
    assert all(len(v) >= MIN_DOCTORS for v in by_sector.values())
    assert {d.id for d in by_sector["S1"]} >= {"D1", "D2"}  # the first doctor's commune: central
    assert sorted(c for s in draft.sectors for c in s.communes) == [A, B, C, D]
    parse_rota_yaml(description_yaml(draft))  # a valid description


def test_demo_tells_apart_doctors_of_the_same_name_and_keeps_one_sector_when_few() -> None:
    doctors = [DemoDoctor("D1", "Dr Fictif", A), DemoDoctor("D2", "Dr Fictif", C)]
    doctors += [DemoDoctor("D3", "Dr Autre", B)]
    draft = demo_draft(doctors, PLACES, first_day=date(2027, 1, 31), months=1)
    assert len(draft.sectors) == 1 and (draft.start, draft.end) == period(date(2027, 1, 31), 1)
    assert [d.name for d in draft.doctors][:2] == ["Dr Fictif – Centre", "Dr Fictif – Nord"]


def test_swap_answer_is_english_keyed() -> None:
    swap = StoredSwap(
        3, 1, "S1/2027-05-03/nuit", "D1", "D2", None, "acceptee", datetime(2027, 5, 1, tzinfo=UTC)
    )
    out = SwapOut.of(swap).model_dump(mode="json")
    assert out["status"] == "accepted" and out["from_doctor"] == "D1"
    assert set(out) == {
        "id", "rota_id", "shift_id", "from_doctor", "to_doctor", "in_return", "status",
        "proposed_at", "decided_at",
    }  # fmt: skip
