"""Quick necessary conditions, checked before solving, that explain infeasibility with numbers.

Each reason names the sector and the numbers that cause it, e.g. « secteur S1 : 28 gardes,
3 médecins disponibles, au plus 8 chacun (24 au total) ». The checks are sound: a reported
problem is a real one (capacities are upper bounds).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from proxisante.rota.model import Doctor, RotaProblem, Rules, Sector, Shift
from proxisante.rota.rules import eligible, max_compatible, required_gap_s


def _caps(doctors: Sequence[Doctor], shifts: Sequence[Shift], rules: Rules) -> dict[str, int]:
    """Upper bound of the shifts each doctor can take among ``shifts``.

    The rest between two shifts is relaxed to the smallest one required among ``shifts``
    (exact when they all need the same, e.g. only nights).
    """
    gap_s = min((required_gap_s(s, rules) for s in shifts), default=0.0)
    caps = {}
    for d in doctors:
        mine = [s for s in shifts if eligible(d, s)]
        cap = max_compatible(mine, gap_s)
        if d.max_shifts is not None:
            cap = min(cap, d.max_shifts)
        if cap > 0:
            caps[d.id] = cap
    return caps


def _each(caps: dict[str, int]) -> str:
    values = sorted(caps.values())
    if not values:
        return "aucun"
    if values[0] == values[-1]:
        return f"au plus {values[0]} chacun"
    return f"au plus {values[0]} à {values[-1]} chacun"


def _capacity_reason(what: str, shifts: Sequence[Shift], caps: dict[str, int]) -> str | None:
    total = sum(caps.values())
    if total >= len(shifts):
        return None
    n = len(caps)
    who = f"{n} médecin{'s' if n > 1 else ''} disponible{'s' if n > 1 else ''}"
    return f"{what} : {len(shifts)} gardes, {who}, {_each(caps)} ({total} au total)"


def sector_reasons(problem: RotaProblem, sector: Sector, shifts: Sequence[Shift]) -> list[str]:
    """Reasons why ``sector`` cannot be covered; empty when these checks find none."""
    doctors = problem.doctors_of(sector.code)
    reasons: list[str] = []
    for s in shifts:
        if not any(eligible(d, s) for d in doctors):
            unavailable = sum(1 for d in doctors if not d.is_available(s.start, s.end))
            exempt = sum(1 for d in doctors if d.exempt or s.type_code in d.exempt_from)
            reasons.append(
                f"secteur {sector.code} : garde {s.type_code} du {s.start:%Y-%m-%d}, aucun "
                f"médecin disponible ({len(doctors)} au secteur, {unavailable} indisponibles, "
                f"{exempt} exemptés)"
            )
    if reasons:
        extra = len(reasons) - 10
        more = [f"secteur {sector.code} : … et {extra} autre(s) garde(s) sans médecin"]
        return reasons[:10] + (more if extra > 0 else [])
    whole = _capacity_reason(
        f"secteur {sector.code}", shifts, _caps(doctors, shifts, problem.rules)
    )
    if whole:
        return [whole]
    for code in sorted({s.type_code for s in shifts}):
        of_type = [s for s in shifts if s.type_code == code]
        r = _capacity_reason(
            f"secteur {sector.code}, gardes {code}", of_type, _caps(doctors, of_type, problem.rules)
        )
        if r:
            reasons.append(r)
    weeks: dict[date, list[Shift]] = defaultdict(list)
    for s in shifts:
        monday = s.start.date() - timedelta(days=s.start.weekday())
        weeks[monday].append(s)
    for monday, of_week in sorted(weeks.items()):
        r = _capacity_reason(
            f"secteur {sector.code}, semaine du {monday}",
            of_week,
            _caps(doctors, of_week, problem.rules),
        )
        if r:
            reasons.append(r)
    return reasons
