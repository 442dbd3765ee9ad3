"""A strict RFC 5545 checker for the tests (independent of the ``icalendar`` package that
writes the files): CRLF line endings, folding at 75 octets, balanced components, VERSION and
PRODID once, UID / DTSTAMP (UTC) / DTSTART in every VEVENT, and every TZID parameter resolving
to a VTIMEZONE with its STANDARD / DAYLIGHT observances. Returns the problems found."""

from __future__ import annotations

import re

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
    return problems
