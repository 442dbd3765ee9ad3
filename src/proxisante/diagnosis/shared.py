"""Computations that a batch of diagnoses shares: the commune indicators of a whole country,
and the figures of the areas every diagnosis compares with.

A commune's APL depends on the communes within two decay radii (2 × 20 min) and its times on the
nearest facility; the context of a single diagnosis (:func:`context.context_communes`) is wide
enough for both, so one national computation gives the same values (tests/unit/diagnosis checks
it) at a fraction of the cost when hundreds of territories are written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from proxisante.access.communes import Travel
from proxisante.diagnosis.indicators import CommuneIndicators, compute
from proxisante.diagnosis.model import AreaValues
from proxisante.territory import Territory
from proxisante.territory.emergency import emergency_sites


@dataclass(frozen=True, eq=False)
class SharedComputations:
    """``indicators``: by country (``FR``, ``CH``), one row per commune, computed on the
    emergency sites in use; ``area_values``: figures of comparison areas, filled as diagnoses
    ask for them (a memo, never read before it is written)."""

    indicators: Mapping[str, CommuneIndicators]
    area_values: dict[str, AreaValues] = field(default_factory=dict)


def emergency_table(terr: Territory, structures: pd.DataFrame | None) -> pd.DataFrame:
    """Imported emergency departments, else the documented proxy (general acute hospitals,
    checked against INSEE BPE 2024; proxisante.territory.emergency)."""
    return emergency_sites(terr.hospitals, terr.communes, structures).table


def share_computations(
    terr: Territory,
    travel: Travel,
    professionals: pd.DataFrame | None,
    structures: pd.DataFrame | None,
    countries: Iterable[str],
) -> SharedComputations:
    """The emergency sites and the national indicators of ``countries``, computed once."""
    sites = emergency_table(terr, structures)
    com = terr.communes
    indicators = {}
    for country in sorted(set(countries)):
        every = com[(com["country"] == country) & com["lon"].notna()]
        indicators[country] = compute(every, sites, travel, professionals)
    return SharedComputations(indicators=indicators)
