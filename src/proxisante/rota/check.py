"""Checking a rota against the hard rules: every violation, in French, with dates and names.

Used by ``proxisante rota check`` (a rota made elsewhere) and by the swaps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from proxisante.i18n import _
from proxisante.rota.model import Assignment, Doctor, RotaProblem, Shift
from proxisante.rota.rules import conflict, eligible, required_gap_s


@dataclass(frozen=True)
class Violation:
    """One broken hard rule."""

    rule: str
    sector: str
    message: str
    doctor: str | None = None
    sector_name: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"[{self.rule}] " + _("secteur {sector} : {message}").format(
            sector=self.sector_name or self.sector, message=self.message
        )


def _code_label(shift: Shift) -> str:
    start = f"{shift.start:%Y-%m-%d %H:%M}"
    return _("{type} du {start}").format(type=shift.type_code, start=start)


@dataclass(frozen=True)
class Words:
    """How the messages name shifts, doctors and sectors: by code by default (the files'
    words, for ``rota check``), by date and name for people (the swaps, see ``swap_plan``)."""

    shift: Callable[[Shift], str] = _code_label
    doctor: Callable[[str], str] = str
    sector: Callable[[str], str | None] = lambda code: None


CODES = Words()


def check_rota(
    problem: RotaProblem,
    shifts: Sequence[Shift],
    assignments: Iterable[Assignment],
    *,
    sectors: Iterable[str] | None = None,
    words: Words = CODES,
) -> list[Violation]:
    """Every hard-rule violation of ``assignments`` (restricted to ``sectors`` when given),
    its shifts, doctors and sectors named by ``words``."""
    found = _check(problem, shifts, assignments, sectors, words)
    return [
        v
        if v.sector_name is not None
        else Violation(v.rule, v.sector, v.message, v.doctor, words.sector(v.sector))
        for v in found
    ]


def _check(
    problem: RotaProblem,
    shifts: Sequence[Shift],
    assignments: Iterable[Assignment],
    sectors: Iterable[str] | None,
    words: Words,
) -> list[Violation]:
    _label = words.shift
    wanted = set(sectors) if sectors is not None else {s.code for s in problem.sectors}
    by_id = {s.id: s for s in shifts if s.sector in wanted}
    doctors = {d.id: d for d in problem.doctors}
    out: list[Violation] = []
    holders: dict[str, list[str]] = defaultdict(list)
    for a in assignments:
        holders[a.shift_id].append(a.doctor_id)
    for shift_id in sorted(set(holders) - set(by_id)):
        sector = shift_id.split("/", 1)[0]
        if sector in wanted:
            msg = _("la garde {shift} n'existe pas").format(shift=shift_id)
            out.append(Violation("garde-inconnue", sector, msg))
    per_doctor: dict[str, list[Shift]] = defaultdict(list)
    for shift in by_id.values():
        who = holders.get(shift.id, [])
        if not who:
            msg = _("{shift} non couverte").format(shift=_label(shift))
            out.append(Violation("couverture", shift.sector, msg))
        elif len(who) > 1:
            out.append(
                Violation(
                    "couverture",
                    shift.sector,
                    _("{shift} attribuée {n} fois ({who})").format(
                        shift=_label(shift), n=len(who), who=", ".join(who)
                    ),
                )
            )
        for doctor_id in who:
            doctor = doctors.get(doctor_id)
            if doctor is None:
                out.append(
                    Violation(
                        "médecin-inconnu",
                        shift.sector,
                        _("{shift} : médecin {doctor} inconnu").format(
                            shift=_label(shift), doctor=doctor_id
                        ),
                    )
                )
                continue
            per_doctor[doctor_id].append(shift)
            if not eligible(doctor, shift):
                out.append(
                    Violation(
                        "éligibilité",
                        shift.sector,
                        f"{_label(shift)} : {_why_not(doctor, shift, words)}",
                        doctor_id,
                    )
                )
    for doctor_id, taken in sorted(per_doctor.items()):
        out.extend(_doctor_violations(problem, doctors[doctor_id], taken, words))
    return out


def _why_not(doctor: Doctor, shift: Shift, words: Words) -> str:
    name = words.doctor(doctor.id)
    if doctor.sector != shift.sector:
        return _("{doctor} appartient au secteur {sector}").format(
            doctor=name, sector=words.sector(doctor.sector) or doctor.sector
        )
    if doctor.exempt:
        return _("{doctor} est exempté de garde").format(doctor=name)
    if shift.type_code in doctor.exempt_from:
        return _("{doctor} est exempté des gardes {type}").format(doctor=name, type=shift.type_code)
    return _("{doctor} est indisponible").format(doctor=name)


def _doctor_violations(
    problem: RotaProblem, doctor: Doctor, taken: list[Shift], words: Words
) -> list[Violation]:
    _label = words.shift
    name = words.doctor(doctor.id)
    out: list[Violation] = []
    taken = sorted(taken, key=lambda s: s.start.timestamp())
    if doctor.max_shifts is not None and len(taken) > doctor.max_shifts:
        out.append(
            Violation(
                "maximum",
                doctor.sector,
                _("{doctor} a {n} gardes, au plus {max} permises").format(
                    doctor=name, n=len(taken), max=doctor.max_shifts
                ),
                doctor.id,
            )
        )
    for i, a in enumerate(taken):
        for b in taken[i + 1 :]:
            if b.start.timestamp() - a.end.timestamp() >= 14 * 24 * 3600:
                break
            if conflict(a, b, problem.rules):
                hours = (b.start.timestamp() - a.end.timestamp()) / 3600
                need = required_gap_s(a, problem.rules) / 3600
                what = (
                    _("chevauchement")
                    if hours < 0
                    else _("repos de {hours} h, au moins {need} h requis").format(
                        hours=f"{hours:g}", need=f"{need:g}"
                    )
                )
                out.append(
                    Violation(
                        "repos",
                        doctor.sector,
                        _("{doctor} : {first} puis {second} ({what})").format(
                            doctor=name, first=_label(a), second=_label(b), what=what
                        ),
                        doctor.id,
                    )
                )
    return out
