"""A strict RFC 5545 checker for the tests (independent of the ``icalendar`` package that
writes the files): CRLF line endings, folding at 75 octets, balanced components, VERSION and
PRODID once, UID / DTSTAMP (UTC) / DTSTART in every VEVENT, and every TZID parameter resolving
to a VTIMEZONE with its STANDARD / DAYLIGHT observances, and (RFC 5545 §3.6.5) every onset of
those observances at the instant IANA's rules give (``zoneinfo``), the DTSTART read as local time
in the TZOFFSETFROM offset, RRULEs expanded here, over the events' whole span. Returns the
problems found."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

_NAME = re.compile(r"^[A-Za-z0-9-]+$")
_UTC = re.compile(r"^\d{8}T\d{6}Z$")


def _unfold(data: bytes, problems: list[str]) -> list[str]:
    if not data.endswith(b"\r\n"):
        problems.append("le fichier ne finit pas par CRLF")
    raw = data.split(b"\r\n")[:-1]
    lines: list[str] = []
    for i, line in enumerate(raw, start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"ligne {i} : fin de ligne autre que CRLF")
        if len(line) > 75:
            problems.append(f"ligne {i} : {len(line)} octets (75 au plus)")
        text = line.decode("utf-8")
        if text.startswith((" ", "\t")):
            if not lines:
                problems.append("repli en première ligne")
                continue
            lines[-1] += text[1:]
        else:
            lines.append(text)
    return lines


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    head, _sep, value = line.partition(":")
    name, *params = head.split(";")
    return name.upper(), dict(p.split("=", 1) for p in params if "=" in p), value


def check_rfc5545(data: bytes) -> list[str]:
    problems: list[str] = []
    lines = _unfold(data, problems)
    stack: list[dict[str, object]] = []
    done: list[dict[str, object]] = []
    tzids_used: set[str] = set()
    for line in lines:
        name, params, value = _parse(line)
        if not _NAME.match(name):
            problems.append(f"nom de propriété invalide : {name!r}")
        if name == "BEGIN":
            stack.append({"kind": value.upper(), "props": [], "children": []})
            continue
        if name == "END":
            if not stack or stack[-1]["kind"] != value.upper():
                problems.append(f"END:{value} sans BEGIN correspondant")
                continue
            comp = stack.pop()
            (stack[-1]["children"] if stack else done).append(comp)  # type: ignore[attr-defined]
            continue
        if not stack:
            problems.append(f"propriété {name} hors composant")
            continue
        stack[-1]["props"].append((name, params, value))  # type: ignore[attr-defined]
        if "TZID" in params:
            tzids_used.add(params["TZID"])
    if stack:
        problems.append("composants non fermés")
    if len(done) != 1 or done[0]["kind"] != "VCALENDAR":
        return [*problems, "attendu un seul VCALENDAR"]
    cal = done[0]
    props = [p[0] for p in cal["props"]]  # type: ignore[attr-defined]
    for required in ("VERSION", "PRODID"):
        if props.count(required) != 1:
            problems.append(f"VCALENDAR : {required} présent {props.count(required)} fois")
    if ("VERSION", {}, "2.0") not in cal["props"]:  # type: ignore[operator]
        problems.append("VERSION n'est pas 2.0")
    zones: set[str] = set()
    for comp in cal["children"]:  # type: ignore[attr-defined]
        names = [p[0] for p in comp["props"]]
        if comp["kind"] == "VEVENT":
            for required in ("UID", "DTSTAMP", "DTSTART"):
                if names.count(required) != 1:
                    problems.append(f"VEVENT : {required} présent {names.count(required)} fois")
            for n, _params, v in comp["props"]:
                if n == "DTSTAMP" and not _UTC.match(v):
                    problems.append(f"DTSTAMP pas en UTC : {v}")
        elif comp["kind"] == "VTIMEZONE":
            tzid = next((v for n, _p, v in comp["props"] if n == "TZID"), None)
            if tzid is None:
                problems.append("VTIMEZONE sans TZID")
                continue
            zones.add(tzid)
            obs = [c for c in comp["children"] if c["kind"] in ("STANDARD", "DAYLIGHT")]
            if not obs:
                problems.append(f"VTIMEZONE {tzid} sans STANDARD ni DAYLIGHT")
            for o in obs:
                have = {p[0] for p in o["props"]}
                for required in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"):
                    if required not in have:
                        problems.append(f"VTIMEZONE {tzid} : {o['kind']} sans {required}")
    for tzid in sorted(tzids_used - zones):
        problems.append(f"TZID={tzid} sans VTIMEZONE")
    problems += _onset_problems(lines)
    return problems


# ---------------------------------------------------------------- onsets against IANA


def _offset(text: str) -> timedelta:
    """``+0100`` / ``-0330`` / ``+013045`` → a signed duration."""
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    seconds = int(digits[0:2]) * 3600 + int(digits[2:4]) * 60 + int(digits[4:6] or 0)
    return sign * timedelta(seconds=seconds)


def _local(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%S")


_LAST_YEAR = 2100  # rules are expanded up to here (rota periods end in 2099 at the latest)
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _expand_rrule(start: datetime, rule: str, until_year: int) -> list[datetime]:
    """The yearly ``BYMONTH`` + ``BYDAY`` (e.g. ``-1SU``, ``2SU``) rules of a VTIMEZONE, expanded
    by hand (no library), from ``start`` to ``UNTIL`` or ``until_year``."""
    parts = dict(p.split("=", 1) for p in rule.split(";"))
    assert parts.get("FREQ") == "YEARLY", rule
    month = int(parts["BYMONTH"])
    match = re.fullmatch(r"([+-]?\d+)([A-Z]{2})", parts["BYDAY"])
    assert match is not None, rule
    nth, weekday = int(match.group(1)), _WEEKDAYS.index(match.group(2))
    until = _local(parts["UNTIL"].rstrip("Z")) if "UNTIL" in parts else None
    out = []
    for year in range(start.year, until_year + 1):
        days = [
            datetime(year, month, d, start.hour, start.minute, start.second)
            for d in range(1, 32)
            if _valid(year, month, d) and datetime(year, month, d).weekday() == weekday
        ]
        when = days[nth - 1] if nth > 0 else days[nth]
        if when < start or (until is not None and when > until):
            continue
        out.append(when)
    return out


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def iana_transitions(
    tzid: str, start: datetime, end: datetime
) -> list[tuple[datetime, timedelta, timedelta]]:
    """``(onset UTC, offset before, offset after)`` of ``tzid`` in ``[start, end]`` (UTC), found
    by stepping minute by minute around each change seen hour by hour."""
    zone = ZoneInfo(tzid)
    out = []
    step = timedelta(hours=1)
    t = start
    before = t.astimezone(zone).utcoffset()
    while t < end:
        nxt = t + step
        after = nxt.astimezone(zone).utcoffset()
        if after != before:
            m = t
            while m.astimezone(zone).utcoffset() == before:
                m += timedelta(minutes=1)
            assert before is not None and after is not None
            out.append((m, before, after))
        t, before = nxt, after
    return out


def observance_onsets(lines: list[str]) -> dict[str, list[tuple[datetime, timedelta, timedelta]]]:
    """Per TZID, every onset written in its VTIMEZONE (DTSTART, RDATEs and expanded RRULEs) as a
    UTC instant, with its TZOFFSETFROM and TZOFFSETTO, read from the text lines only."""
    out: dict[str, list[tuple[datetime, timedelta, timedelta]]] = {}
    tzid = ""
    obs: dict[str, list[str]] | None = None
    for line in lines:
        name, _params, value = _parse(line)
        if name == "BEGIN" and value.upper() == "VTIMEZONE":
            tzid = ""
        elif name == "TZID" and obs is None:
            tzid = value
            out.setdefault(tzid, [])
        elif name == "BEGIN" and value.upper() in ("STANDARD", "DAYLIGHT"):
            obs = {}
        elif name == "END" and value.upper() in ("STANDARD", "DAYLIGHT") and obs is not None:
            start = _local(obs["DTSTART"][0])
            offset_from, offset_to = _offset(obs["TZOFFSETFROM"][0]), _offset(obs["TZOFFSETTO"][0])
            locals_ = [start]
            for rdate in obs.get("RDATE", []):
                locals_ += [_local(v) for v in rdate.split(",")]
            for rule in obs.get("RRULE", []):
                locals_ += _expand_rrule(start, rule, _LAST_YEAR)
            for local in sorted(set(locals_)):
                onset = (local - offset_from).replace(tzinfo=UTC)
                out[tzid].append((onset, offset_from, offset_to))
            obs = None
        elif obs is not None:
            obs.setdefault(name, []).append(value)
    return out


def _event_span(lines: list[str]) -> dict[str, tuple[datetime, datetime]]:
    """Per TZID, the first and last local DTSTART/DTEND of the events (as UTC, roughly)."""
    span: dict[str, tuple[datetime, datetime]] = {}
    for line in lines:
        name, params, value = _parse(line)
        if name in ("DTSTART", "DTEND") and "TZID" in params:
            zone = ZoneInfo(params["TZID"])
            moment = _local(value).replace(tzinfo=zone).astimezone(UTC)
            lo, hi = span.get(params["TZID"], (moment, moment))
            span[params["TZID"]] = (min(lo, moment), max(hi, moment))
    return span


def _onset_problems(lines: list[str]) -> list[str]:
    problems: list[str] = []
    written = observance_onsets(lines)
    for tzid, (first, last) in _event_span(lines).items():
        onsets = written.get(tzid, [])
        if not onsets:
            continue  # reported above: TZID without VTIMEZONE
        real = [t for t in onsets if t[1] != t[2]]  # an opening observance changes nothing
        covered_from = min(t[0] for t in onsets)
        if covered_from > first:
            problems.append(f"VTIMEZONE {tzid} : commence après le premier événement")
        expected = iana_transitions(tzid, first - timedelta(days=1), last + timedelta(days=1))
        for onset in expected:
            if onset not in real:
                problems.append(f"VTIMEZONE {tzid} : transition IANA {onset} absente")
        span_end = last + timedelta(days=1)
        for onset in real:
            if first - timedelta(days=1) <= onset[0] <= span_end and onset not in expected:
                problems.append(
                    f"VTIMEZONE {tzid} : début {onset[0]:%Y-%m-%d %H:%M} UTC "
                    f"({onset[1]} → {onset[2]}) n'est pas une transition IANA"
                )
    return problems
