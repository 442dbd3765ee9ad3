"""Field parsers shared by importers: each returns a value or records a problem."""

from __future__ import annotations

import math

from proxisante.i18n import _
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
        out.add(
            line,
            _("colonne {column} : {value} n'est pas un nombre (attendu p. ex. 46.1234)").format(
                column=repr(column), value=repr(value)
            ),
        )
        return None
    if math.isnan(x) or (lo is not None and x < lo) or (hi is not None and x > hi):
        bounds = (
            _(" entre {lo} et {hi}").format(lo=lo, hi=hi)
            if lo is not None and hi is not None
            else f" ≥ {lo}"
        )
        out.add(
            line,
            _("colonne {column} : {value} hors limites (attendu un nombre{bounds})").format(
                column=repr(column), value=repr(value), bounds=bounds
            ),
        )
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
            _(
                "colonne {column} : code commune inconnu {code} (attendu un code INSEE du "
                "COG 2026, p. ex. 03310, ou ch:numéro OFS pour le Valais, p. ex. ch:6266)"
            ).format(column=repr(column), code=repr(code)),
        )
        return None
    return code


def check_unique(key: str, *, line: int, what: str, seen: dict[str, int], out: Collector) -> None:
    first = seen.get(key)
    if first is not None:
        out.add(
            line,
            _("{what} en double {key} (déjà ligne {first})").format(
                what=_(what), key=repr(key), first=first
            ),
        )
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
            _(
                "coordonnées ({lon}, {lat}) hors de la commune {commune} (attendu longitude, "
                "latitude WGS84 dans la commune ; longitude et latitude inversées ?)"
            ).format(lon=lon, lat=lat, commune=commune),
        )
    elif commune is None and not geo.inside_territory(lon, lat):
        out.add(
            line,
            _(
                "coordonnées ({lon}, {lat}) hors du territoire (France, Valais) ; attendu "
                "longitude puis latitude WGS84, p. ex. 3.4259, 46.1277"
            ).format(lon=lon, lat=lat),
        )
