"""Scoring a simulated zoning against the compiled ARS zoning (provenance unverified).

The measure is the share of the population living in a commune that both zonings put on the
same side of ZIP / not ZIP (ZAC, hors zonage and the ZAR of some régions are "not ZIP"); the
communes the compilation does not class (no row joined, ``N/A``) are left out and counted.
Beside it, two references: the share agreeing if every commune were "not ZIP" (what a
classifier that knows nothing scores) and the ZIP shares of both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

COMPARED = ("ZIP", "ZAC", "HZ", "ZAR")


@dataclass(frozen=True)
class Agreement:
    """Agreement on one set of communes (a région or the nation)."""

    code: str
    name: str
    communes: int
    communes_not_compared: int
    population_compared: float
    agreement: float | None
    zip_share_simulated: float | None
    zip_share_compiled: float | None
    all_not_zip_agreement: float | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _agreement(
    code: str, name: str, sim_zip: np.ndarray, compiled: np.ndarray, pop: np.ndarray
) -> Agreement:
    compared = np.isin(compiled, COMPARED)
    total = float(pop[compared].sum())
    if total <= 0:
        return Agreement(code, name, len(pop), int((~compared).sum()), 0.0, None, None, None, None)
    real_zip = compiled == "ZIP"
    same = compared & (sim_zip == real_zip)
    return Agreement(
        code=code,
        name=name,
        communes=len(pop),
        communes_not_compared=int((~compared).sum()),
        population_compared=total,
        agreement=float(pop[same].sum() / total),
        zip_share_simulated=float(pop[compared & sim_zip].sum() / total),
        zip_share_compiled=float(pop[compared & real_zip].sum() / total),
        all_not_zip_agreement=float(pop[compared & ~real_zip].sum() / total),
    )


def score(
    zone: pd.Series,
    compiled: pd.Series,
    population: pd.Series,
    region: pd.Series,
    region_names: Mapping[str, str],
) -> tuple[Agreement, tuple[Agreement, ...]]:
    """National and per-région agreement of ``zone`` (simulated class per commune) with
    ``compiled`` (the compilation's class per commune), weighted by ``population``."""
    idx = zone.index
    sim = (zone == "ZIP").to_numpy()
    comp = compiled.reindex(idx).fillna("").astype(str).to_numpy()
    pop = population.reindex(idx).fillna(0).to_numpy(dtype=np.float64)
    reg = region.reindex(idx).astype(str).to_numpy()
    national = _agreement("fr", "France", sim, comp, pop)
    rows = []
    for r in sorted(set(reg)):
        m = reg == r
        rows.append(_agreement(r, region_names.get(r, r), sim[m], comp[m], pop[m]))
    return national, tuple(rows)
