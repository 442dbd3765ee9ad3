"""The VTIMEZONE of the rota's ICS files: onsets as RFC 5545 §3.6.5 says, against IANA.

The text is read here line by line (``tests/integration/rota/ics_strict.py``), not with the
``icalendar`` package that writes it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from proxisante.rota.vtimezone import add_vtimezones, vtimezone
from tests.integration.rota.ics_strict import (
    _unfold,
    check_rfc5545,
    iana_transitions,
    observance_onsets,
)

H = timedelta(hours=1)


def _onsets(tzid: str, first: date, last: date) -> list[tuple[datetime, timedelta, timedelta]]:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//x//FR")
    cal.add("version", "2.0")
    cal.add_component(vtimezone(tzid, first, last))
    return observance_onsets(_unfold(cal.to_ical(), []))[tzid]


def test_paris_2027_onsets_are_the_rfc_ones() -> None:
    """Spring 01:00 UTC is written 02:00 local in +01:00; autumn 01:00 UTC is 03:00 in +02:00."""
    tz = vtimezone("Europe/Paris", date(2027, 2, 28), date(2027, 11, 30)).to_ical().decode()
    assert "DTSTART:20270328T020000\r\nTZNAME:CEST\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200" in tz
    assert "DTSTART:20271031T030000\r\nTZNAME:CET\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100" in tz
    assert "RRULE" not in tz
    real = [
        o for o in _onsets("Europe/Paris", date(2027, 2, 28), date(2027, 11, 30)) if o[1] != o[2]
    ]
    assert real == [
        (datetime(2027, 3, 28, 1, tzinfo=UTC), H, 2 * H),
        (datetime(2027, 10, 31, 1, tzinfo=UTC), 2 * H, H),
    ]


@pytest.mark.parametrize(
    "tzid", ["Europe/Paris", "Europe/Zurich", "America/New_York", "Australia/Sydney", "Asia/Tokyo"]
)
def test_onsets_equal_iana_over_several_years(tzid: str) -> None:
    first, last = date(2026, 11, 15), date(2029, 4, 2)
    onsets = _onsets(tzid, first, last)
    opening, *real = onsets
    assert opening[0] == datetime(2026, 11, 15, tzinfo=UTC) - opening[1]  # local midnight
    assert opening[1] == opening[2]
    start = datetime(2026, 11, 15, tzinfo=UTC) - timedelta(days=1)
    end = datetime(2029, 4, 3, tzinfo=UTC) + timedelta(days=1)
    expected = [t for t in iana_transitions(tzid, start, end) if t[0] >= onsets[0][0]]
    assert real == expected
    assert (tzid == "Asia/Tokyo") == (real == [])


def test_a_calendar_gets_one_vtimezone_per_zone_before_its_events() -> None:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//test//x//FR")
    cal.add("version", "2.0")
    for i, tzid in enumerate(("Europe/Paris", "Europe/Zurich")):
        ev = icalendar.Event()
        ev.add("uid", f"{i}@test")
        ev.add("dtstamp", datetime(2027, 1, 1, tzinfo=UTC))
        start = datetime(2027, 3, 27, 20).replace(tzinfo=ZoneInfo(tzid))
        ev.add("dtstart", start)
        ev.add("dtend", start + timedelta(hours=12))  # across the spring onset
        cal.add_component(ev)
    add_vtimezones(cal, date(2027, 3, 26), date(2027, 3, 30))
    assert [c.name for c in cal.subcomponents] == ["VTIMEZONE", "VTIMEZONE", "VEVENT", "VEVENT"]
    assert check_rfc5545(cal.to_ical()) == []


def _calendar(vtimezone_lines: list[str]) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//x//FR",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        *vtimezone_lines,
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:x@test",
        "DTSTAMP:20270101T000000Z",
        "DTSTART;TZID=Europe/Paris:20270327T200000",
        "DTEND;TZID=Europe/Paris:20270328T080000",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _observance(kind: str, start: str, frm: str, to: str, rule: str = "") -> list[str]:
    extra = [f"RRULE:{rule}"] if rule else []
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{start}",
        f"TZOFFSETFROM:{frm}",
        f"TZOFFSETTO:{to}",
        *extra,
        f"END:{kind}",
    ]


def test_the_checker_catches_an_onset_an_hour_late() -> None:
    """What icalendar's add_missing_timezones wrote: 03:00 in +01:00, i.e. 02:00 UTC."""
    late = _calendar(
        _observance("STANDARD", "20270326T000000", "+0100", "+0100")
        + _observance("DAYLIGHT", "20270328T030000", "+0100", "+0200")
    )
    problems = check_rfc5545(late)
    assert any(
        "2027-03-28 02:00 UTC" in p and "n'est pas une transition IANA" in p for p in problems
    )
    right = _calendar(
        _observance("STANDARD", "20270326T000000", "+0100", "+0100")
        + _observance("DAYLIGHT", "20270328T020000", "+0100", "+0200")
    )
    assert check_rfc5545(right) == []


def test_the_checker_expands_rrules_itself() -> None:
    """A VTIMEZONE written with yearly rules (as many calendar programs do) is expanded by the
    checker: right rules pass, rules an hour off or on the wrong Sunday do not."""
    ok = _observance(
        "DAYLIGHT", "19810329T020000", "+0100", "+0200", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"
    )
    ok += _observance(
        "STANDARD", "19961027T030000", "+0200", "+0100", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
    )
    assert check_rfc5545(_calendar(ok)) == []
    wrong = _observance(
        "DAYLIGHT", "19810329T020000", "+0100", "+0200", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"
    )
    wrong += _observance(
        "STANDARD", "19961027T030000", "+0200", "+0100", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU"
    )
    assert any("absente" in p for p in check_rfc5545(_calendar(wrong)))
