"""The ``VTIMEZONE`` of an iCalendar file, built from the IANA rules of :mod:`zoneinfo`.

RFC 5545 §3.6.5: the ``DTSTART`` of a ``STANDARD`` or ``DAYLIGHT`` observance is the *local*
time of the onset in the offset in force *before* it (``TZOFFSETFROM``). Europe/Paris goes to
summer time at 01:00 UTC, so ``DTSTART:20270328T020000`` with ``TZOFFSETFROM:+0100``, and back at
01:00 UTC, ``DTSTART:20271031T030000`` with ``TZOFFSETFROM:+0200``. (``icalendar``'s
``add_missing_timezones`` wrote the spring onset as 03:00, an hour late.)

Each transition of the covered period is one observance with its own ``DTSTART`` (no ``RRULE``:
nothing to expand, nothing that could drift from the IANA data); the first observance starts the
period in the offset then in force (``TZOFFSETFROM`` = ``TZOFFSETTO``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

_STEP = timedelta(hours=12)  # IANA transitions of a zone are always further apart than this


@dataclass(frozen=True)
class Transition:
    """A change of offset (or of name or summer time) of a zone, at ``onset`` (UTC)."""

    onset: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def local_start(self) -> datetime:
        """The onset as local time in the offset before it (RFC 5545's ``DTSTART``)."""
        return (self.onset + self.offset_from).replace(tzinfo=None)


def _state(zone: ZoneInfo, moment: datetime) -> tuple[timedelta, bool, str]:
    local = moment.astimezone(zone)
    return (
        local.utcoffset() or timedelta(0),
        bool(local.dst()),
        local.tzname() or zone.key,
    )


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """The transitions of ``zone`` in ``[start, end]`` (aware datetimes), each to the second."""
    out: list[Transition] = []
    moment, state = start.astimezone(UTC), _state(zone, start)
    end = end.astimezone(UTC)
    while moment < end:
        later = min(moment + _STEP, end)
        after = _state(zone, later)
        if after != state:
            low, high = int(moment.timestamp()), int(later.timestamp())
            while high - low > 1:  # _state(low) is the old state, _state(high) the new one
                mid = (low + high) // 2
                if _state(zone, datetime.fromtimestamp(mid, UTC)) == state:
                    low = mid
                else:
                    high = mid
            out.append(
                Transition(
                    onset=datetime.fromtimestamp(high, UTC),
                    offset_from=state[0],
                    offset_to=after[0],
                    name=after[2],
                    daylight=after[1],
                )
            )
        moment, state = later, after
    return out


def vtimezone(tzid: str, first: date, last: date) -> icalendar.Timezone:
    """The ``VTIMEZONE`` of ``tzid`` valid from ``first`` (local midnight) to ``last`` (the end
    of that day): an opening observance, then one per transition."""
    zone = ZoneInfo(tzid)
    start = datetime.combine(first, time(0), zone)
    end = datetime.combine(last, time(0), zone) + timedelta(days=1)
    offset, daylight, name = _state(zone, start)
    opening = Transition(start.astimezone(UTC), offset, offset, name, daylight)
    tz = icalendar.Timezone()
    tz.add("tzid", tzid)
    for t in [opening, *transitions(zone, start, end)]:
        part = icalendar.TimezoneDaylight() if t.daylight else icalendar.TimezoneStandard()
        part.add("dtstart", t.local_start)
        part.add("tzname", t.name)
        part.add("tzoffsetfrom", t.offset_from)
        part.add("tzoffsetto", t.offset_to)
        tz.add_component(part)
    return tz


def add_vtimezones(cal: icalendar.Calendar, first: date, last: date) -> None:
    """A ``VTIMEZONE`` for every ``TZID`` the calendar's events use, before the events."""
    zones = [vtimezone(tzid, first, last) for tzid in sorted(cal.get_used_tzids())]
    cal.subcomponents[:0] = zones
