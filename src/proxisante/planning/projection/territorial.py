"""The projection of a territory, written once for ``plan project`` and the diagnostic.

Values in, values out: the communes' table (bundle columns), the national age structure of
doctors and the départements' GP counts come in as data frames; supply, demand and travel times
as arrays. :func:`projection_inputs` derives the per-commune rates, :func:`run_draw` projects one
Monte Carlo draw and anchors the territory's APL on the official figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.access.apl import apl
from proxisante.access.traveltimes import TravelTimes
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection.backtest import share_over_65

DEMAND_CLIP = 0.03
"""Bound of the yearly change of standardised demand (the DREES vintages weigh ages differently)."""


@dataclass(frozen=True)
class Rates:
    """What the per-commune rates rest on (for the notes of an output)."""

    local_exposure: int  # communes whose exposure is the DREES 1 − APL(≤ 65) / APL
    share_65: float  # national share of doctors aged 65+ (DREES 2020)
    share_60_64: float  # national share of doctors aged 60–64 (DREES 2020)
    entry_rate: float | None  # the user's rate, or None for the département's trend


def retirement_exposure(apl_all: np.ndarray, apl_le65: np.ndarray) -> np.ndarray:
    """1 − APL(≤ 65) / APL per commune, in [0, 1]; NaN where the APL is unknown or 0.

    Examples
    --------
    >>> retirement_exposure(np.array([2.0, 0.0, 3.0]), np.array([1.5, 0.0, np.nan])).tolist()
    [0.25, nan, nan]
    """
    a = np.asarray(apl_all, dtype=np.float64)
    b = np.asarray(apl_le65, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = 1.0 - b / a
    ok = np.isfinite(r) & (a > 0)
    return np.where(ok, np.clip(r, 0.0, 1.0), np.nan)


def projection_inputs(
    com: pd.DataFrame, ages: pd.DataFrame, health: pd.DataFrame, entry_rate: float | None
) -> tuple[pj.ProjectionInputs, Rates]:
    """Per-commune rates of ``com`` (columns ``apl_2023``, ``apl_2023_le65``, ``departement``,
    ``pop_std_2022``, ``pop_std_2023``, ``gp_liberal``); ``ages``: DREES doctors by age band;
    ``health``: ``dep``, ``gp_2020``, ``gp_2024``."""
    s65 = share_over_65(ages, 2020)
    d = ages[(ages["profession"] == "doctor") & (ages["year"] == 2020)]
    s60 = float(d.loc[d["age_min"] == 60, "count"].sum() / d["count"].sum())
    local = retirement_exposure(
        com["apl_2023"].to_numpy(dtype=np.float64), com["apl_2023_le65"].to_numpy(dtype=np.float64)
    )
    known = np.isfinite(local)
    exposure = np.where(known, local, s65)
    h = health.set_index("dep")
    dep = com["departement"].astype(str).str.removeprefix("dep:")
    g20 = h["gp_2020"].astype(float).reindex(dep).to_numpy()
    g24 = h["gp_2024"].astype(float).reindex(dep).to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        trend = (g24 / g20) ** 0.25 - 1.0
    trend = np.where(np.isfinite(trend), trend, 0.0)
    entry = np.full(len(com), entry_rate) if entry_rate is not None else trend + s65 / 5.0
    with np.errstate(invalid="ignore", divide="ignore"):
        growth = com["pop_std_2023"].to_numpy(float) / com["pop_std_2022"].to_numpy(float) - 1
    growth = np.clip(np.where(np.isfinite(growth), growth, 0.0), -DEMAND_CLIP, DEMAND_CLIP)
    gp = com["gp_liberal"].fillna(0).to_numpy(dtype=np.float64)
    rates = Rates(int(known.sum()), s65, s60, entry_rate)
    return pj.ProjectionInputs(gp, exposure, entry, growth, s60), rates


@dataclass(frozen=True, eq=False)
class Shared:
    """What every Monte Carlo draw needs (sent once to the workers)."""

    inputs: pj.ProjectionInputs
    supply: np.ndarray
    demand: np.ndarray
    official: np.ndarray
    model_today: np.ndarray
    times: TravelTimes
    territory: np.ndarray
    years: tuple[int, ...]
    uncertainty: pj.Uncertainty


@dataclass(frozen=True, eq=False)
class CommuneDraw:
    """One draw, commune by commune, for each horizon (rows): GPs, standardised demand and
    APL anchored on the official figure."""

    gp: np.ndarray
    demand: np.ndarray
    apl: np.ndarray


def commune_draw(shared: Shared, draw: pj.Draw) -> CommuneDraw:
    """GPs, standardised demand and anchored APL of every commune of ``shared`` in one draw."""
    exit_f, entry_s, demand_s = draw.factors(shared.uncertainty)
    gp, dem, apls = [], [], []
    for h in shared.years:
        ratio = pj.supply_ratio(shared.inputs, h, exit_f, entry_s)
        demand = shared.demand * pj.demand_ratio(shared.inputs, h, demand_s)
        model = apl(shared.supply * ratio, demand, shared.times)
        apls.append(shared.official + model - shared.model_today)
        gp.append(shared.inputs.gp_today * ratio)
        dem.append(demand)
    return CommuneDraw(np.vstack(gp), np.vstack(dem), np.vstack(apls))


def territory_totals(d: CommuneDraw, t: np.ndarray) -> pj.DrawResult:
    """Territory GPs, demand and demand-weighted anchored APL (communes at positions ``t``)."""
    gp, dem, apls = [], [], []
    for k in range(d.gp.shape[0]):
        anchored, demand = d.apl[k][t], d.demand[k][t]
        ok = np.isfinite(anchored) & (demand > 0)
        gp.append(float(d.gp[k][t].sum()))
        dem.append(float(demand.sum()))
        apls.append(float(np.average(anchored[ok], weights=demand[ok])) if ok.any() else np.nan)
    return pj.DrawResult(tuple(gp), tuple(dem), tuple(apls))


def run_draw(shared: Shared, draw: pj.Draw) -> pj.DrawResult:
    """Territory GPs, standardised demand and anchored APL of one draw at every horizon."""
    return territory_totals(commune_draw(shared, draw), shared.territory)


def project(shared: Shared, draws: int, seed: int, scheduler: str | None = None) -> pj.Summary:
    """Central projection and P10–P90 over ``draws`` seeded draws (any scheduler, same result)."""
    from proxisante.planning.sweep import map_shared

    central = run_draw(shared, pj.Draw(0, seed, central=True))
    results = map_shared(run_draw, shared, [pj.Draw(k, seed) for k in range(draws)], scheduler)
    return pj.summarise(list(shared.years), central, results)


@dataclass(frozen=True, eq=False)
class CommuneProjection:
    """Every draw of a projection, commune by commune (``central`` first), to be summed over
    any territory among its communes: a batch of diagnoses projects once and sums per territory.
    A draw's factors do not depend on the territory, and a commune's APL depends only on the
    communes around it, so the sums equal those of a projection on the territory's context."""

    years: tuple[int, ...]
    central: CommuneDraw
    draws: tuple[CommuneDraw, ...]

    def summary(self, t: np.ndarray) -> pj.Summary:
        """The projection of the communes at positions ``t`` (as :func:`project`)."""
        return pj.summarise(
            list(self.years),
            territory_totals(self.central, t),
            [territory_totals(d, t) for d in self.draws],
        )


def project_communes(shared: Shared, draws: int, seed: int) -> CommuneProjection:
    """Central projection and ``draws`` seeded draws of every commune of ``shared``."""
    return CommuneProjection(
        shared.years,
        commune_draw(shared, pj.Draw(0, seed, central=True)),
        tuple(commune_draw(shared, pj.Draw(k, seed)) for k in range(draws)),
    )


def mean_exposure(shared: Shared) -> float | None:
    """The territory's retirement exposure, weighted by today's standardised demand."""
    t = shared.territory
    w = shared.demand[t]
    if not len(t) or not float(w.sum()) > 0:
        return None
    return float(np.average(shared.inputs.exposure[t], weights=w))
