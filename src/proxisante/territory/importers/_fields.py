"""Field parsers shared by importers: each returns a value or records a problem."""

from __future__ import annotations

import math

from proxisante.territory.importers._geography import Geography
from proxisante.territory.importers._reader import Collector


def parse_float(
    value: str,
    *,
    line: int,
    column: str,
    out: Collector,
    lo: float | None = None,
    hi: float | None = None,
) -> float | None:
    if value == "":
        return None
    try:
        x = float(value.replace(",", "."))
    except ValueError:
        out.add(line, f"column {column!r}: {value!r} is not a number (expected e.g. 46.1234)")
        return None
    if math.isnan(x) or (lo is not None and x < lo) or (hi is not None and x > hi):
        bounds = f" between {lo} and {hi}" if lo is not None and hi is not None else f" ≥ {lo}"
        out.add(line, f"column {column!r}: {value!r} is out of range (expected a number{bounds})")
        return None
    return x


def check_commune(
    code: str, *, line: int, column: str, geo: Geography, out: Collector
) -> str | None:
    if code == "":
        return None
    if not geo.is_known(code):
        out.add(
            line,
            f"column {column!r}: unknown commune code {code!r} (expected an INSEE code of the "
            "COG 2026, e.g. 03310, or ch:BFS for Valais, e.g. ch:6266)",
        )
        return None
    return code


def check_unique(key: str, *, line: int, what: str, seen: dict[str, int], out: Collector) -> None:
    first = seen.get(key)
    if first is not None:
        out.add(line, f"duplicate {what} {key!r} (already on line {first})")
    else:
        seen[key] = line


def check_point(
    lon: float | None,
    lat: float | None,
    commune: str | None,
    *,
    line: int,
    geo: Geography,
    out: Collector,
) -> None:
    if lon is None or lat is None:
        return
    if commune is not None and not geo.near_commune(commune, lon, lat):
        out.add(
            line,
            f"coordinates ({lon}, {lat}) are outside commune {commune} (expected WGS84 longitude, "
            "latitude within the commune; were longitude and latitude swapped?)",
        )
    elif commune is None and not geo.inside_territory(lon, lat):
        out.add(
            line,
            f"coordinates ({lon}, {lat}) are outside the territory (France, Valais); expected "
            "WGS84 longitude then latitude, e.g. 3.4259, 46.1277",
        )
