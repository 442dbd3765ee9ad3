"""Demand ageing: the départements' age pyramids (INSEE, 1990–2021) projected forward and
weighted by the DREES consumption weights of one vintage.

The demand of the APL is the DREES *standardised population*: population by five-year age band
× the band's consumption weight (:data:`proxisante.access.apl.AGE_WEIGHTS`). Only the 2023
weights are used here, for every year (the 2022 and 2023 vintages weigh ages differently, so
comparing the two vintages' standardised populations mixes ageing with a change of weights).
Population by age is not at hand per commune, only per département, so each commune's demand
moves as its département's.

Projection of a pyramid (Hamilton–Perry, a trend of cohort change ratios): each band's ratio to
the band below five years earlier (migration and deaths together) is kept from the last five
years observed; the 0–4 band keeps its ratio to the population aged 20–44; the open band 90+
its ratio to the 85+ five years earlier. Two five-year steps give +5 and +10 years.
:func:`backtest` compares it with two naive rules (the log-linear trend of the standardised
population over the last ten years, and no change) on the years observed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from proxisante.access.apl import AGE_BANDS, AGE_WEIGHTS
from proxisante.errors import require
from proxisante.types import FloatArray

WEIGHTS_YEAR = 2023
"""The one vintage of DREES weights used for every year."""
BASE_YEAR = 2021
"""Last year of the INSEE pyramids at hand (provisional): the projection's starting point."""

DemandKind = Literal["drees-standardised", "population"]


def weights(kind: DemandKind) -> FloatArray:
    """Weight of each age band: DREES 2023 consumption weights, or 1 (plain population)."""
    if kind == "population":
        return np.ones(len(AGE_BANDS))
    return np.asarray(AGE_WEIGHTS[WEIGHTS_YEAR], dtype=np.float64)


@dataclass(frozen=True, eq=False)
class Pyramids:
    """Population by département (rows, ``deps``) and age band (19 columns) for each year."""

    deps: tuple[str, ...]
    years: tuple[int, ...]
    cube: FloatArray  # (years, deps, bands)

    @classmethod
    def from_table(cls, table: pd.DataFrame) -> Pyramids:
        """From the bundle's ``population_ages`` table (``dep``, ``year``, ``band_order``,
        ``population``)."""
        deps = tuple(sorted(table["dep"].astype(str).unique()))
        years = tuple(sorted(int(y) for y in table["year"].unique()))
        cube = np.full((len(years), len(deps), len(AGE_BANDS)), np.nan)
        d = pd.Index(deps).get_indexer(pd.Index(table["dep"].astype(str)))
        y = pd.Index(years).get_indexer(pd.Index(table["year"].astype(int)))
        b = table["band_order"].to_numpy(dtype=np.int64)
        cube[y, d, b] = table["population"].to_numpy(dtype=np.float64)
        return cls(deps, years, cube)

    def at(self, year: int) -> FloatArray:
        require(year in self.years, f"pyramids: no year {year}")
        return np.asarray(self.cube[self.years.index(year)], dtype=np.float64)


def project_pyramid(now: FloatArray, before: FloatArray, steps: int) -> FloatArray:
    """Hamilton–Perry: ``now`` (deps × 19 bands) moved ``steps`` five-year steps forward with
    the cohort change ratios between ``before`` (five years earlier) and ``now``.

    Examples
    --------
    A population that neither dies nor moves, with as many births each year:

    >>> flat = np.full((1, 19), 100.0); flat[0, 18] = 100.0
    >>> project_pyramid(flat, flat, 1)[0, :3].tolist()
    [100.0, 100.0, 100.0]
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        ccr = np.ones_like(now)
        ccr[:, 1:18] = now[:, 1:18] / before[:, 0:17]
        ccr[:, 18] = now[:, 18] / (before[:, 17] + before[:, 18])
        child = now[:, 0] / now[:, 4:9].sum(axis=1)
    ccr = np.where(np.isfinite(ccr), ccr, 1.0)
    child = np.where(np.isfinite(child), child, 0.0)
    p = now.copy()
    for _ in range(steps):
        q = np.empty_like(p)
        q[:, 1:18] = p[:, 0:17] * ccr[:, 1:18]
        q[:, 18] = (p[:, 17] + p[:, 18]) * ccr[:, 18]
        q[:, 0] = child * q[:, 4:9].sum(axis=1)
        p = q
    return p


@dataclass(frozen=True)
class DemandGrowth:
    """Yearly growth of each département's demand: ``first`` over years 1–5, ``second`` over
    years 6–10 (from the projected pyramids of +5 and +10 years)."""

    deps: tuple[str, ...]
    first: FloatArray
    second: FloatArray
    kind: DemandKind
    base_year: int

    def of(self, deps: pd.Series) -> tuple[FloatArray, FloatArray, np.ndarray]:
        """The two rates of each commune's département (``deps`` like ``03``) and which are
        known (0 where the département has no pyramid)."""
        at = pd.Index(self.deps).get_indexer(pd.Index(deps.astype(str)))
        known = at >= 0
        first = np.where(known, self.first[np.maximum(at, 0)], 0.0)
        second = np.where(known, self.second[np.maximum(at, 0)], 0.0)
        return first, second, known


def demand_growth(
    pyramids: Pyramids, kind: DemandKind = "drees-standardised", base: int = BASE_YEAR
) -> DemandGrowth:
    """Yearly growth rates of demand per département from ``base`` (Hamilton–Perry)."""
    w = weights(kind)
    now, before = pyramids.at(base), pyramids.at(base - 5)
    d0 = now @ w
    d5 = project_pyramid(now, before, 1) @ w
    d10 = project_pyramid(now, before, 2) @ w
    with np.errstate(invalid="ignore", divide="ignore"):
        first = (d5 / d0) ** 0.2 - 1.0
        second = (d10 / d5) ** 0.2 - 1.0
    first = np.where(np.isfinite(first), first, 0.0)
    second = np.where(np.isfinite(second), second, 0.0)
    return DemandGrowth(pyramids.deps, first, second, kind, base)


def ratio(first: FloatArray, second: FloatArray, years: int, shift: float = 0.0) -> FloatArray:
    """D_h / D_0 from the two yearly rates (``shift`` added to both, for the draws).

    >>> ratio(np.array([0.01]), np.array([0.0]), 10).round(4).tolist()
    [1.051]
    """
    a = (1.0 + first + shift) ** min(years, 5)
    b = (1.0 + second + shift) ** max(years - 5, 0)
    return np.asarray(a * b, dtype=np.float64)


@dataclass(frozen=True)
class DemandBacktestRow:
    dep: str
    base: int
    years: int
    observed: float
    cohort: float
    trend: float
    no_change: float


@dataclass(frozen=True)
class DemandBacktest:
    """Errors (mean absolute % over départements) of the cohort projection and the two naive
    rules, for each (base year, horizon) tried."""

    kind: DemandKind
    rows: tuple[DemandBacktestRow, ...]
    mape: tuple[tuple[int, int, float, float, float], ...]  # base, years, cohort, trend, none


def backtest(
    pyramids: Pyramids,
    kind: DemandKind = "drees-standardised",
    cases: tuple[tuple[int, int], ...] = ((2011, 5), (2011, 10), (2016, 5)),
) -> DemandBacktest:
    """Project each département's demand from ``base`` with data up to ``base`` only, compare
    with the observed ``base + years``; the trend rule fits log demand over the ten years
    before ``base``."""
    w = weights(kind)
    rows: list[DemandBacktestRow] = []
    mape = []
    for base, years in cases:
        now, before = pyramids.at(base), pyramids.at(base - 5)
        observed = pyramids.at(base + years) @ w
        d0 = now @ w
        cohort = project_pyramid(now, before, years // 5) @ w
        past = np.stack([pyramids.at(y) @ w for y in range(base - 10, base + 1)], axis=1)
        ok = np.isfinite(past).all(axis=1) & np.isfinite(observed) & (observed > 0)
        slope = np.zeros(len(d0))
        x = np.arange(-10, 1, dtype=np.float64)
        slope[ok] = np.polyfit(x, np.log(past[ok].T), 1)[0]
        trend = d0 * np.exp(slope * years)

        def err(v: FloatArray, ok: np.ndarray = ok, observed: FloatArray = observed) -> float:
            return float(np.mean(np.abs(v[ok] - observed[ok]) / observed[ok]) * 100.0)

        mape.append((base, years, err(cohort), err(trend), err(d0)))
        for k in np.flatnonzero(ok):
            rows.append(
                DemandBacktestRow(
                    pyramids.deps[k],
                    base,
                    years,
                    float(observed[k]),
                    float(cohort[k]),
                    float(trend[k]),
                    float(d0[k]),
                )
            )
    return DemandBacktest(kind, tuple(rows), tuple(mape))
