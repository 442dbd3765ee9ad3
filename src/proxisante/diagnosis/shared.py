"""Computations that a batch of diagnoses shares: the commune indicators of a whole country,
and the figures of the areas every diagnosis compares with.

A commune's APL depends on the communes within two decay radii (2 × 20 min) and its times on the
nearest facility; the context of a single diagnosis (:func:`context.context_communes`) is wide
enough for both, so one national computation gives the same values (tests/unit/diagnosis checks
it) at a fraction of the cost when hundreds of territories are written. The same holds for the
Monte Carlo projection of the "Perspectives" section: its draws are seeded independently of the
territory, so one projection of every French commune, summed per territory, gives each diagnosis
the figures of its own projection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from proxisante.access.port import TravelTimeProvider
from proxisante.diagnosis.context import communes_around
from proxisante.diagnosis.indicators import CommuneIndicators, compute
from proxisante.diagnosis.model import AreaValues
from proxisante.diagnosis.projection_inputs import DRAWS, SEED, projection_shared
from proxisante.planning.projection.territorial import CommuneProjection, project_communes
from proxisante.territory import Territory
from proxisante.territory.emergency import emergency_sites


@dataclass(frozen=True, eq=False)
class NationalProjection:
    """The diagnostic's Monte Carlo projection of located French communes (``communes``, in
    the order of the territory's table: all, or a batch's and those around them), each
    territory whose context they cover summing its own communes."""

    communes: pd.DataFrame
    projection: CommuneProjection
    place_share_65: np.ndarray  # share of located supply from doctors over 65 (estimation)
    supply: np.ndarray  # today's located supply (the weights of the place shares)


@dataclass(frozen=True, eq=False)
class SharedComputations:
    """``indicators``: by country (``FR``, ``CH``), one row per commune, computed on the
    emergency sites in use; ``area_values``: figures of comparison areas, filled as diagnoses
    ask for them (a memo, never read before it is written); ``projection``: the 5/10-year
    projection of France's communes (None without French communes)."""

    indicators: Mapping[str, CommuneIndicators]
    area_values: dict[str, AreaValues] = field(default_factory=dict)
    projection: NationalProjection | None = None


def emergency_table(terr: Territory, structures: pd.DataFrame | None) -> pd.DataFrame:
    """Imported emergency departments, else the documented proxy (general acute hospitals,
    checked against INSEE BPE 2024; proxisante.territory.emergency)."""
    return emergency_sites(terr.hospitals, terr.communes, structures).table


def share_computations(
    terr: Territory,
    travel: TravelTimeProvider,
    professionals: pd.DataFrame | None,
    structures: pd.DataFrame | None,
    countries: Iterable[str],
    projected: Iterable[str] | None = None,
) -> SharedComputations:
    """The emergency sites, the national indicators of ``countries`` and, for France, the
    projection of the communes ``projected`` (the batch's: each diagnosis's context is then
    covered) and those around them, or of every commune (None), computed once."""
    sites = emergency_table(terr, structures)
    com = terr.communes
    indicators = {}
    projection = None
    for country in sorted(set(countries)):
        every = com[(com["country"] == country) & com["lon"].notna()]
        indicators[country] = compute(every, sites, travel, professionals)
        cover = every
        if projected is not None:
            inside = every.loc[every.index.intersection(list(projected))]
            cover = communes_around(every, inside) if len(inside) else every.iloc[:0]
        if country == "FR" and len(cover):
            france = com[com["country"] == "FR"]
            draws = projection_shared(cover, np.arange(len(cover)), travel, professionals, france)
            projection = NationalProjection(
                cover,
                project_communes(draws, DRAWS, SEED),
                np.asarray(draws.inputs.ages.s65, dtype=np.float64),
                draws.supply,
            )
    return SharedComputations(indicators=indicators, projection=projection)
