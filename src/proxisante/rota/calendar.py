"""The calendar of the rota: public holidays, bridge days, day kinds, and the shifts they yield.

Public holidays come from the ``holidays`` package: France (``FR``, optionally a subdivision such
as ``57`` for Moselle) and Switzerland (``CH`` with subdivision ``VS`` for Valais). A *bridge
day* (pont) is a Monday before a holiday Tuesday or a Friday after a holiday Thursday; PDSA
organisations usually staff it like a Sunday (the ARS or the canton fixes the list; turn it off
with ``bridge_days: false``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from proxisante.rota.model import DayKind, RotaProblem, Sector, Shift, ShiftType


@lru_cache(maxsize=32)
def public_holidays(
    country: str, subdivision: str | None, years: tuple[int, ...]
) -> dict[date, str]:
    """Public holidays of ``country`` (and ``subdivision``) in ``years``: date → name.

    >>> public_holidays("FR", None, (2027,))[date(2027, 7, 14)]
    'Fête nationale'
    """
    cal = holidays_lib.country_holidays(
        country, subdiv=subdivision, years=list(years), language="fr"
    )
    return dict(sorted(cal.items()))


def bridge_days(holiday_dates: set[date]) -> set[date]:
    """Mondays before a holiday Tuesday and Fridays after a holiday Thursday (not holidays)."""
    out: set[date] = set()
    for h in holiday_dates:
        if h.weekday() == 1:
            out.add(h - timedelta(days=1))
        elif h.weekday() == 3:
            out.add(h + timedelta(days=1))
    return out - holiday_dates


def day_kinds(
    start: date, end: date, *, country: str, subdivision: str | None, with_bridges: bool
) -> dict[date, DayKind]:
    """The kind of every day from ``start`` to ``end`` inclusive."""
    years = tuple(range(start.year, end.year + 1))
    hol = set(public_holidays(country, subdivision, years))
    bridges = bridge_days(hol) if with_bridges else set()
    out: dict[date, DayKind] = {}
    for day in _days(start, end):
        if day in hol:
            kind = DayKind.HOLIDAY
        elif day.weekday() == 6:
            kind = DayKind.SUNDAY
        elif day.weekday() == 5:
            kind = DayKind.SATURDAY
        elif day in bridges:
            kind = DayKind.BRIDGE
        else:
            kind = DayKind.WEEKDAY
        out[day] = kind
    return out


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def shift_id(sector: str, day: date, type_code: str) -> str:
    """The stable identifier of a shift: ``SECTOR/YYYY-MM-DD/TYPE``."""
    return f"{sector}/{day.isoformat()}/{type_code}"


def make_shift(sector: str, day: date, kind: DayKind, st: ShiftType, tz: ZoneInfo) -> Shift:
    """The shift of type ``st`` starting on ``day`` in ``sector``."""
    start = datetime.combine(day, st.start, tzinfo=tz)
    end_day = day if st.end > st.start else day + timedelta(days=1)
    end = datetime.combine(end_day, st.end, tzinfo=tz)
    return Shift(
        id=shift_id(sector, day, st.code),
        sector=sector,
        type_code=st.code,
        start=start,
        end=end,
        weight=st.weight,
        day_kind=kind,
        night=st.night,
    )


def sector_shift_types(problem: RotaProblem, sector: Sector) -> tuple[ShiftType, ...]:
    if not sector.shift_types:
        return problem.shift_types
    return tuple(t for t in problem.shift_types if t.code in sector.shift_types)


def generate_shifts(problem: RotaProblem) -> tuple[Shift, ...]:
    """Every shift of the period, sector by sector, in chronological order."""
    kinds = day_kinds(
        problem.start,
        problem.end,
        country=problem.country,
        subdivision=problem.subdivision,
        with_bridges=problem.bridge_days,
    )
    tz = ZoneInfo(problem.timezone)
    shifts: list[Shift] = []
    for sector in problem.sectors:
        types = sector_shift_types(problem, sector)
        for day, kind in kinds.items():
            shifts.extend(
                make_shift(sector.code, day, kind, st, tz) for st in types if kind in st.days
            )
    shifts.sort(key=lambda s: (s.sector, s.start, s.type_code))
    return tuple(shifts)


PDSA_SHIFT_TYPES = (
    ShiftType(
        "nuit",
        "Nuit (20 h – 8 h)",
        time(20),
        time(8),
        2.0,
        frozenset(DayKind),
        night=True,
    ),
    ShiftType(
        "samedi",
        "Samedi après-midi (12 h – 20 h)",
        time(12),
        time(20),
        1.0,
        frozenset({DayKind.SATURDAY}),
    ),
    ShiftType(
        "jour",
        "Dimanche, férié ou pont (8 h – 20 h)",
        time(8),
        time(20),
        1.5,
        frozenset({DayKind.SUNDAY, DayKind.HOLIDAY, DayKind.BRIDGE}),
    ),
)
"""The hours of the PDSA in France (nights 20 h–8 h, Saturday 12 h–20 h, Sundays, holidays and
bridge days 8 h–20 h; weights as in ``examples/rota-allier.yaml``), used when no rota is given."""


def yearly_sector_load(
    shift_types: tuple[ShiftType, ...],
    start: date,
    end: date,
    *,
    country: str,
    subdivision: str | None,
    with_bridges: bool,
) -> tuple[float, float]:
    """Shifts of one sector per year and their weighted sum, from the period ``start``–``end``
    scaled to 365 days."""
    kinds = day_kinds(
        start, end, country=country, subdivision=subdivision, with_bridges=with_bridges
    )
    count = sum(1 for kind in kinds.values() for st in shift_types if kind in st.days)
    weighted = sum(st.weight for kind in kinds.values() for st in shift_types if kind in st.days)
    scale = 365.0 / len(kinds)
    return count * scale, weighted * scale
