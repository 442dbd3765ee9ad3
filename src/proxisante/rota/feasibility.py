"""Quick necessary conditions, checked before solving, that explain infeasibility with numbers.

Each reason names the sector and the numbers that cause it, e.g. « secteur S1 : 28 gardes,
3 médecins disponibles, au plus 8 chacun (24 au total) ». The checks are sound: a reported
problem is a real one (capacities are upper bounds).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from proxisante.i18n import _, ngettext
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
        return _("aucun")
    if values[0] == values[-1]:
        return _("au plus {n} chacun").format(n=values[0])
    return _("au plus {lo} à {hi} chacun").format(lo=values[0], hi=values[-1])


def _capacity_reason(what: str, shifts: Sequence[Shift], caps: dict[str, int]) -> str | None:
    total = sum(caps.values())
    if total >= len(shifts):
        return None
    n = len(caps)
    who = ngettext("{n} médecin disponible", "{n} médecins disponibles", n).format(n=n)
    return _("{what} : {shifts} gardes, {who}, {each} ({total} au total)").format(
        what=what, shifts=len(shifts), who=who, each=_each(caps), total=total
    )


def sector_reasons(problem: RotaProblem, sector: Sector, shifts: Sequence[Shift]) -> list[str]:
    """Reasons why ``sector`` cannot be covered; empty when these checks find none."""
    doctors = problem.doctors_of(sector.code)
    reasons: list[str] = []
    for s in shifts:
        if not any(eligible(d, s) for d in doctors):
            unavailable = sum(1 for d in doctors if not d.is_available(s.start, s.end))
            exempt = sum(1 for d in doctors if d.exempt or s.type_code in d.exempt_from)
            reasons.append(
                _(
                    "secteur {sector} : garde {type} du {day}, aucun médecin disponible "
                    "({n} au secteur, {unavailable} indisponibles, {exempt} exemptés)"
                ).format(
                    sector=sector.code,
                    type=s.type_code,
                    day=f"{s.start:%Y-%m-%d}",
                    n=len(doctors),
                    unavailable=unavailable,
                    exempt=exempt,
                )
            )
    if reasons:
        extra = len(reasons) - 10
        more = [
            _("secteur {sector} : … et {n} autre(s) garde(s) sans médecin").format(
                sector=sector.code, n=extra
            )
        ]
        return reasons[:10] + (more if extra > 0 else [])
    whole = _capacity_reason(
        _("secteur {sector}").format(sector=sector.code),
        shifts,
        _caps(doctors, shifts, problem.rules),
    )
    if whole:
        return [whole]
    for code in sorted({s.type_code for s in shifts}):
        of_type = [s for s in shifts if s.type_code == code]
        r = _capacity_reason(
            _("secteur {sector}, gardes {type}").format(sector=sector.code, type=code),
            of_type,
            _caps(doctors, of_type, problem.rules),
        )
        if r:
            reasons.append(r)
    weeks: dict[date, list[Shift]] = defaultdict(list)
    for s in shifts:
        monday = s.start.date() - timedelta(days=s.start.weekday())
        weeks[monday].append(s)
    for monday, of_week in sorted(weeks.items()):
        r = _capacity_reason(
            _("secteur {sector}, semaine du {monday}").format(sector=sector.code, monday=monday),
            of_week,
            _caps(doctors, of_week, problem.rules),
        )
        if r:
            reasons.append(r)
    return reasons
