"""The communes within some minutes of a commune and what the installation portal shows of
each: travel minutes, liberal GPs, official APL and class, GP zoning (the compiled ARS orders
and a simulation), and in Valais the estimated primary-care supply and accessibility."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from proxisante.access.reach import Reach
from proxisante.diagnosis.mapindicators import AreaFeature
from proxisante.territory import Territory
from proxisante.territory.valais import primary_care_estimate, supply_of


@dataclass(frozen=True)
class NearbyCommune:
    """A commune within reach. ``zoning_shown``: a French commune with a compiled zoning column
    (``compiled_zone``: its zone, None when unknown); ``simulated_zone``: its zone in the
    simulation given (French communes only); ``fte``: estimated primary-care FTE (Valais);
    ``apl``, ``klass``, ``access_ch``: from the map's indicators (None / ``non_classe`` when the
    commune is not on the map)."""

    code: str
    name: str
    minutes: float
    french: bool
    gp: int | None
    apl: float | None
    klass: str
    zoning_shown: bool
    compiled_zone: str | None
    simulated_zone: str | None
    fte: float | None
    access_ch: float | None


@dataclass(frozen=True)
class Nearby:
    """The communes within reach of ``origin`` (quickest first), their liberal GPs together and,
    for a Valais origin, their estimated primary-care FTE together."""

    origin: str
    country: str
    communes: tuple[NearbyCommune, ...]
    total_gp: int
    supply_fte: float | None


def _count(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def nearby_communes(
    terr: Territory,
    reach: Reach,
    features: Mapping[str, AreaFeature],
    simulated: Mapping[str, str],
) -> Nearby:
    """The communes of ``reach`` with their figures; ``features``: the indicators of the map of
    the origin's département (or canton), by commune; ``simulated``: commune → simulated zone."""
    com = terr.communes
    fte = primary_care_estimate(com.loc[list(reach.minutes)])["fte"]
    zoning = "zoning_compiled" in com
    out = []
    for c, m in sorted(reach.minutes.items(), key=lambda kv: kv[1]):
        f = features.get(c)
        fr = bool(com.at[c, "country"] == "FR")
        compiled = com.at[c, "zoning_compiled"] if zoning else None
        out.append(
            NearbyCommune(
                code=c,
                name=str(com.at[c, "name"]),
                minutes=m,
                french=fr,
                gp=_count(com.at[c, "gp_liberal"]),
                apl=f.apl if f else None,
                klass=f.klass if f else "non_classe",
                zoning_shown=fr and zoning,
                compiled_zone=compiled if isinstance(compiled, str) else None,
                simulated_zone=simulated.get(c) if fr else None,
                fte=None if fte[c] != fte[c] else float(fte[c]),
                access_ch=f.access_ch if f else None,
            )
        )
    country = str(com.at[reach.origin, "country"])
    supply = None
    if country == "CH":
        figures = supply_of(com.loc[list(reach.minutes)], com)
        supply = figures.fte if figures else 0.0
    total_gp = sum(n.gp or 0 for n in out)
    return Nearby(reach.origin, country, tuple(out), total_gp, supply)
