"""What the rota page shows, one sector and one month at a time: the month as a calendar (weeks
× days, each day with its shifts and their doctors by name), the choices of the swap form (my
shifts to come, my colleagues of the sector, their shifts), and the sector's fairness by name.

The page is bounded whatever the rota's size: one sector, one month (at most 6 weeks of days,
each with the shifts of one sector), the form's choices from today on.
"""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from babel import dates as babel_dates

from proxisante import i18n
from proxisante.i18n import _
from proxisante.rota.fairness import SectorFairness
from proxisante.rota.labels import (
    doctor_names,
    format_load,
    sector_names,
    shift_label,
    type_label,
)
from proxisante.rota.model import RotaProblem, Shift
from proxisante.rota.service import RotaView
from proxisante.web.errors import ApiError

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Entry:
    """A shift in a day of the calendar."""

    shift_id: str
    kind: str  # "nuit 20:00 – 08:00"
    doctor: str  # the holder's name
    mine: bool
    past: bool  # ended: no longer offered for a swap


@dataclass(frozen=True)
class Day:
    day: date | None  # None: a day of the previous or next month (an empty cell)
    number: str
    label: str  # the full date, for screen readers
    short: str  # "mar. 1", the agenda's day on a phone
    entries: tuple[Entry, ...]
    today: bool = False


@dataclass(frozen=True)
class Month:
    """One month of one sector."""

    key: str  # "2027-03"
    title: str  # "mars 2027"
    weekdays: tuple[tuple[str, str], ...]  # (abbreviation, full name), Monday first
    weeks: tuple[tuple[Day, ...], ...]
    prev: tuple[str, str] | None  # (key, title)
    next: tuple[str, str] | None
    count: int  # shifts this month
    mine: int  # my shifts this month


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class LoadRow:
    doctor: str
    load: str
    weekends: int
    mine: bool


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def month_title(year: int, month: int) -> str:
    return i18n.format_month(date(year, month, 1))


def _months(problem: RotaProblem) -> list[tuple[int, int]]:
    out, y, m = [], problem.start.year, problem.start.month
    while (y, m) <= (problem.end.year, problem.end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def pick_month(problem: RotaProblem, raw: str | None, today: date) -> tuple[int, int]:
    """The month asked for by ``mois`` (``2027-03``), else this month when it is in the rota's
    period, else the period's first; a 400 naming the parameter for a month outside it."""
    months = _months(problem)
    if raw is None or not raw.strip():
        here = (today.year, today.month)
        return here if here in months else months[0]
    found = _MONTH.match(raw.strip())
    wanted = (int(found.group(1)), int(found.group(2))) if found else None
    if wanted not in months:
        raise ApiError(
            400,
            _(
                "Paramètre mois : attendu un mois du tableau, de {first} à {last} (par exemple "
                "{example}), reçu {value}."
            ).format(
                first=month_key(problem.start),
                last=month_key(problem.end),
                example=month_key(problem.start),
                value=repr(raw[:20]),
            ),
        )
    return wanted


def pick_sector(problem: RotaProblem, raw: str | None, mine: str | None) -> str:
    """The sector asked for by ``secteur``, else the caller's own, else the first; a 400 naming
    the parameter and the sectors for an unknown one."""
    codes = [s.code for s in problem.sectors]
    if raw is None or not raw.strip():
        own = next((d.sector for d in problem.doctors if d.id == mine), None)
        return own or codes[0]
    if raw.strip() not in codes:
        names = ", ".join(f"{s.code} ({s.name})" for s in problem.sectors)
        raise ApiError(
            400,
            _(
                "Paramètre secteur : attendu un secteur du tableau parmi {names}, reçu {value}."
            ).format(names=names, value=repr(raw[:20])),
        )
    return raw.strip()


def _weekdays() -> tuple[tuple[str, str], ...]:
    loc = i18n.get_locale()
    short = babel_dates.get_day_names("abbreviated", locale=loc)
    wide = babel_dates.get_day_names("wide", locale=loc)
    return tuple((str(short[i]), str(wide[i])) for i in range(7))


def month_view(
    view: RotaView, sector: str, year: int, month: int, today: date, now: datetime
) -> Month:
    problem = view.problem
    names = doctor_names(problem)
    by_day: dict[date, list[Entry]] = {}
    count = mine = 0
    for s in view.shifts:
        if s.sector != sector or (s.start.year, s.start.month) != (year, month):
            continue
        holder = view.holders.get(s.id)
        is_mine = holder is not None and holder == view.me
        kind = type_label(problem.shift_type(s.type_code))
        by_day.setdefault(s.start.date(), []).append(
            Entry(s.id, kind, names.get(holder or "", "—"), is_mine, s.end <= now)
        )
        count += 1
        mine += is_mine
    weeks = []
    for week in _calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        cells = []
        for d in week:
            if d.month != month:
                cells.append(Day(None, "", "", "", ()))
                continue
            cells.append(
                Day(
                    d,
                    str(d.day),
                    i18n.format_date(d, "full"),
                    i18n.format_date(d, "EEE d"),
                    tuple(by_day.get(d, ())),
                    d == today,
                )
            )
        weeks.append(tuple(cells))
    months = _months(problem)
    i = months.index((year, month))
    prev = months[i - 1] if i > 0 else None
    nxt = months[i + 1] if i + 1 < len(months) else None
    return Month(
        key=f"{year:04d}-{month:02d}",
        title=month_title(year, month),
        weekdays=_weekdays(),
        weeks=tuple(weeks),
        prev=None if prev is None else (f"{prev[0]:04d}-{prev[1]:02d}", month_title(*prev)),
        next=None if nxt is None else (f"{nxt[0]:04d}-{nxt[1]:02d}", month_title(*nxt)),
        count=count,
        mine=mine,
    )


def _upcoming(view: RotaView, who: str, now: datetime) -> list[Shift]:
    return [s for s in view.shifts if view.holders.get(s.id) == who and s.end > now]


def my_shift_options(view: RotaView, now: datetime) -> list[Option]:
    """My shifts that have not ended, by date: the choices of « Ma garde »."""
    if view.me is None:
        return []
    return [Option(s.id, shift_label(view.problem, s)) for s in _upcoming(view, view.me, now)]


def colleague_options(view: RotaView) -> list[Option]:
    """The other doctors of my sector, by name (never only a code)."""
    if view.me is None:
        return []
    problem = view.problem
    names = doctor_names(problem)
    sector = next(d.sector for d in problem.doctors if d.id == view.me)
    others = [d for d in problem.doctors if d.sector == sector and d.id != view.me and not d.exempt]
    return sorted((Option(d.id, names[d.id]) for d in others), key=lambda o: o.label)


def their_shift_groups(view: RotaView, now: datetime) -> list[tuple[str, list[Option]]]:
    """The shifts to come of each colleague, by name: the choices of « Sa garde en retour »."""
    return [
        (
            c.label,
            [Option(s.id, shift_label(view.problem, s)) for s in _upcoming(view, c.value, now)],
        )
        for c in colleague_options(view)
    ]


def load_rows(problem: RotaProblem, fairness: SectorFairness, me: str | None) -> list[LoadRow]:
    """The weighted load and weekend count of each doctor compared, by name, heaviest first."""
    names = doctor_names(problem)
    ranked = sorted(fairness.loads.items(), key=lambda kv: (-kv[1], names.get(kv[0], kv[0])))
    return [
        LoadRow(names.get(d, d), format_load(load), fairness.weekends.get(d, 0), d == me)
        for d, load in ranked
    ]


def sector_fairness_of(view: RotaView, sector: str) -> SectorFairness:
    return next(f for f in view.fairness if f.sector == sector)


def sector_options(problem: RotaProblem) -> list[Option]:
    return [Option(s.code, s.name) for s in problem.sectors]


def names_of(problem: RotaProblem) -> Mapping[str, str]:
    return doctor_names(problem)


def sectors_of(problem: RotaProblem) -> Mapping[str, str]:
    return sector_names(problem)


def shift_labels(problem: RotaProblem, shifts: Sequence[Shift]) -> dict[str, str]:
    return {s.id: shift_label(problem, s) for s in shifts}
