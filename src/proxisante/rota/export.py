"""Exports of a rota: an ICS calendar per doctor, a CSV tableau de garde per sector, JSON.

Functions return text or bytes; the shell writes the files. :func:`read_rota_csv` reads the CSV
back (for ``proxisante rota check``), :func:`read_ics_events` reads an ICS file back.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import icalendar

from proxisante.i18n import _
from proxisante.rota._errors import RotaInputError
from proxisante.rota.model import Assignment, Rota, RotaProblem, Shift
from proxisante.rota.vtimezone import add_vtimezones

CSV_COLUMNS = (
    "secteur",
    "date",
    "jour",
    "type",
    "libelle",
    "debut",
    "fin",
    "poids",
    "medecin_id",
    "medecin",
)
_DAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_ICS_DOMAIN = "rota.proxisante"


def _rows(problem: RotaProblem, rota: Rota, sector: str | None) -> Iterable[tuple[Shift, str]]:
    owner = {a.shift_id: a.doctor_id for a in rota.assignments}
    for s in rota.shifts:
        if sector is None or s.sector == sector:
            yield s, owner.get(s.id, "")


def rota_csv(problem: RotaProblem, rota: Rota, *, sector: str | None = None) -> str:
    """The tableau de garde as CSV (one row per shift), for one sector or all."""
    names = {d.id: d.name for d in problem.doctors}
    labels = {t.code: t.label for t in problem.shift_types}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for s, doctor_id in _rows(problem, rota, sector):
        w.writerow(
            (
                s.sector,
                s.start.date().isoformat(),
                _DAYS_FR[s.start.weekday()],
                s.type_code,
                labels[s.type_code],
                s.start.isoformat(timespec="minutes"),
                s.end.isoformat(timespec="minutes"),
                f"{s.weight:g}",
                doctor_id,
                names.get(doctor_id, ""),
            )
        )
    return buf.getvalue()


def read_rota_csv(text: str, *, source: str = "<csv>") -> list[tuple[str, Assignment]]:
    """Read a tableau de garde CSV: ``(line, assignment)`` per row with a doctor.

    Only the columns ``secteur``, ``date``, ``type`` and ``medecin_id`` are needed.
    """
    reader = csv.DictReader(io.StringIO(text))
    needed = ("secteur", "date", "type", "medecin_id")
    missing = [c for c in needed if c not in (reader.fieldnames or [])]
    if missing:
        raise RotaInputError(
            source,
            [
                _("colonnes manquantes {missing} (reçu : {columns})").format(
                    missing=missing, columns=reader.fieldnames
                )
            ],
            ",".join(needed) + "\nS1,2027-01-01,nuit,D1",
        )
    out: list[tuple[str, Assignment]] = []
    problems: list[str] = []
    for i, row in enumerate(reader, start=2):
        try:
            day = datetime.strptime(row["date"] or "", "%Y-%m-%d").date()
        except ValueError:
            problems.append(
                _("ligne {line}, colonne `date` : attendu AAAA-MM-JJ (reçu : {value})").format(
                    line=i, value=repr(row["date"])
                )
            )
            continue
        doctor = (row["medecin_id"] or "").strip()
        if doctor:
            shift_id = f"{row['secteur']}/{day.isoformat()}/{row['type']}"
            out.append((f"ligne {i}", Assignment(shift_id, doctor)))
    if problems:
        raise RotaInputError(source, problems, ",".join(needed) + "\nS1,2027-01-01,nuit,D1")
    return out


def rota_json(problem: RotaProblem, rota: Rota) -> dict[str, Any]:
    """The rota as a JSON-ready dict: period, sectors, shifts with their doctor, statistics."""
    owner = {a.shift_id: a.doctor_id for a in rota.assignments}
    return {
        "periode": {"debut": problem.start.isoformat(), "fin": problem.end.isoformat()},
        "pays": problem.country,
        "subdivision": problem.subdivision,
        "secteurs": [
            {
                "code": s.code,
                "nom": s.name,
                "communes": list(s.communes),
                "maison_de_garde": s.maison_de_garde,
            }
            for s in problem.sectors
        ],
        "gardes": [
            {
                "id": s.id,
                "secteur": s.sector,
                "type": s.type_code,
                "debut": s.start.isoformat(),
                "fin": s.end.isoformat(),
                "poids": s.weight,
                "jour": s.day_kind.value,
                "medecin_id": owner.get(s.id),
            }
            for s in rota.shifts
        ],
        "statistiques": [
            {
                "secteur": st.sector,
                "gardes": st.shifts,
                "medecins": st.doctors,
                "statut": st.status,
                "temps_s": st.solve_time_s,
                "ecart_charge": st.load_spread,
                "ecart_weekends": st.weekend_spread,
            }
            for st in rota.stats
        ],
    }


def doctor_ics(problem: RotaProblem, rota: Rota, doctor_id: str, *, stamp: datetime) -> bytes:
    """An iCalendar file of one doctor's shifts (``stamp``: the DTSTAMP of every event)."""
    sectors = {s.code: s for s in problem.sectors}
    labels = {t.code: t.label for t in problem.shift_types}
    mine = {a.shift_id for a in rota.assignments if a.doctor_id == doctor_id}
    cal = icalendar.Calendar()
    cal.add("prodid", "-//ProxiSanté//Tableau de garde//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Gardes {doctor_id}")
    for s in rota.shifts:
        if s.id not in mine:
            continue
        sector = sectors[s.sector]
        ev = icalendar.Event()
        ev.add("uid", f"{s.id}@{_ICS_DOMAIN}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", s.start)
        ev.add("dtend", s.end)
        ev.add("summary", f"Garde {labels[s.type_code]} — secteur {sector.name}")
        where = sector.maison_de_garde or ", ".join(sector.communes)
        ev.add("location", where)
        ev.add("categories", ["GARDE", s.type_code])
        cal.add_component(ev)
    # VTIMEZONE for the TZIDs used (strict calendar apps need it), over the period only, built
    # from zoneinfo's transitions (RFC 5545's onsets; see rota/vtimezone.py)
    add_vtimezones(cal, problem.start - timedelta(days=1), problem.end + timedelta(days=2))
    ical: bytes = cal.to_ical()
    return ical


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    start: datetime
    end: datetime
    summary: str


def read_ics_events(data: bytes) -> list[IcsEvent]:
    """The events of an iCalendar file, sorted by start."""
    cal = icalendar.Calendar.from_ical(data)
    out = [
        IcsEvent(
            uid=str(ev["uid"]),
            start=ev.decoded("dtstart"),
            end=ev.decoded("dtend"),
            summary=str(ev["summary"]),
        )
        for ev in cal.walk("VEVENT")
    ]
    return sorted(out, key=lambda e: e.start.timestamp())


def shift_ids_of(events: Sequence[IcsEvent]) -> list[str]:
    """The shift identifiers carried by the UIDs of ICS events."""
    return [e.uid.removesuffix(f"@{_ICS_DOMAIN}") for e in events]
