"""Which communes a diagnosis covers, its neighbours, and the areas it is compared with."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.territory import Territory

# Margin around the territory whose communes enter the travel-time and APL computations (the
# APL of a commune depends on supply within 20 minutes and on the demand around that supply).
CONTEXT_MARGIN_DEG = 0.9
# Two contours closer than this (degrees, ~500 m) are neighbours (contours are simplified).
TOUCH_DEG = 0.005


@dataclass(frozen=True)
class Scope:
    """The territory of a diagnosis."""

    code: str
    name: str
    level: str
    communes: tuple[str, ...]
    country: str


def scope_of_area(terr: Territory, code: str) -> Scope:
    area = terr.area(code)
    communes = terr.communes_in(area.code)
    country = str(terr.communes.at[communes[0], "country"])
    return Scope(area.code, area.name, area.level, tuple(communes), country)


def scope_of_communes(terr: Territory, codes: list[str], name: str | None = None) -> Scope:
    """A chosen set of communes (e.g. a CPTS perimeter)."""
    cleaned = [c.strip() for c in codes if c.strip()]
    if not cleaned:
        raise UserError(
            _(
                "--communes est vide : attendu des codes commune séparés par des virgules, "
                "p. ex. --communes 03310,03095,03141"
            )
        )
    resolved: list[str] = []
    for c in cleaned:
        area = terr.area(c)  # raises UnknownTerritoryError with suggestions
        if area.level != "commune":
            raise UserError(
                _(
                    "--communes : {code} est de niveau {level}, pas une commune (attendu des "
                    "codes commune, p. ex. 03310 ou ch:6266)"
                ).format(code=repr(c), level=area.level)
            )
        if area.code not in resolved:
            resolved.append(area.code)
    countries = set(terr.communes.loc[resolved, "country"])
    if len(countries) > 1:
        raise UserError(
            _("--communes mélange communes françaises et valaisannes : choisir un seul pays")
        )
    label = name or _("{n} communes").format(n=len(resolved))
    return Scope(
        "communes:" + ",".join(resolved), label, "communes", tuple(resolved), countries.pop()
    )


def context_communes(terr: Territory, scope: Scope) -> pd.DataFrame:
    """Communes of the same country within a margin of the territory (for computations)."""
    com = terr.communes
    com = com[(com["country"] == scope.country) & com["lon"].notna()]
    # Communes without a town-hall point (a few merged communes) are left out of the box.
    inside = com.loc[com.index.intersection(list(scope.communes))]
    if inside.empty:
        raise UserError(
            _("{name} : aucune commune localisée (pas de coordonnées de mairie)").format(
                name=scope.name
            )
        )
    return communes_around(com, inside)


def communes_around(com: pd.DataFrame, inside: pd.DataFrame) -> pd.DataFrame:
    """The communes of ``com`` within the context margin of the (located) communes ``inside``,
    in the order of ``com``."""
    lo_lon, hi_lon = inside["lon"].min(), inside["lon"].max()
    lo_lat, hi_lat = inside["lat"].min(), inside["lat"].max()
    m = CONTEXT_MARGIN_DEG
    near = com["lon"].between(lo_lon - m * 1.4, hi_lon + m * 1.4) & com["lat"].between(
        lo_lat - m, hi_lat + m
    )
    return com[near]


def neighbour_communes(
    scope: Scope, contours: dict[str, shapely.Geometry], candidates: pd.Index
) -> list[str]:
    """Communes outside the territory whose contour touches it."""
    inside = [contours[c] for c in scope.communes if c in contours]
    if not inside:
        return []
    ring = shapely.union_all(inside).buffer(TOUCH_DEG)
    outside = [c for c in candidates if c not in set(scope.communes) and c in contours]
    geoms = np.asarray([contours[c] for c in outside], dtype=object)
    hit = shapely.intersects(geoms, ring) if len(geoms) else np.zeros(0, dtype=bool)
    return [c for c, h in zip(outside, hit, strict=True) if h]


def neighbour_areas(terr: Territory, scope: Scope, touching: list[str]) -> list[str]:
    """Areas of the territory's own kind that border it (EPCI for an EPCI, etc.)."""
    com = terr.communes
    column = {
        "epci": "epci",
        "departement": "departement",
        "region": "region",
        "ch_district": "district",
        "ch_region": "ch_region",
        "communes": "epci" if scope.country == "FR" else "district",
    }.get(scope.level)
    if column is None:  # a commune: its neighbours are communes
        return touching
    codes = com.loc[touching, column].dropna().astype(str)
    own = set(com.loc[list(scope.communes), column].dropna().astype(str))
    if scope.level != "communes":
        own.add(scope.code)
    return sorted(set(codes) - own)


def comparison_areas(terr: Territory, scope: Scope) -> list[str]:
    """The larger areas the territory is compared with: département, région, nation (or the
    district, region, canton in Valais)."""
    first = scope.communes[0]
    row = terr.communes.loc[first]
    if scope.country == "FR":
        chain = [row["departement"], row["region"], "fr"]
    else:
        chain = [row["district"], row["ch_region"], row["canton"]]
    return [str(c) for c in chain if isinstance(c, str) and c != scope.code]
