"""The projection of a territory, written once for ``plan project`` and the diagnostic.

Values in, values out: the communes' table (bundle columns), the national age bands of doctors,
the départements' GP counts and age pyramids come in as data frames; supply, demand and travel
times as arrays.

- :func:`estimate_places`: the share of the supply located in each commune given by doctors
  over 65, recovered from the DREES catchment exposures (:mod:`.local_exits`) on a national
  table, in blocks by département (so a territory's figures never depend on how far around it
  the computation reaches);
- :func:`absorbed_exits`: per département, the yearly exits that its observed trend already
  absorbed;
- :func:`projection_inputs`: the per-commune rates of a run;
- :func:`run_draw`: one Monte Carlo draw, the territory's APL anchored on the official figure
  by :func:`anchored_apl` (the projection's only anchoring call).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.access.anchoring import anchor
from proxisante.access.apl import apl
from proxisante.access.traveltimes import TravelTimes
from proxisante.planning.projection import demography as dm
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection import local_exits as le
from proxisante.planning.projection import retirement as rt
from proxisante.types import BoolArray, FloatArray

AGES_YEAR = 2020
"""Year of the DREES national age bands used for the structure under 65 (the latest at hand)."""
TREND_YEARS = 4
"""Length of the observed trend of liberal GPs (BPE 2020 → 2024)."""

retirement_exposure = le.catchment_exposure  # the catchment exposure, under its former name


def anchored_apl(official: FloatArray, model_today: FloatArray, model: FloatArray) -> FloatArray:
    """The official APL moved by the model's change: the projection's one anchoring call.

    The shared rule of :func:`proxisante.access.anchoring.anchor` (ratio where the model and the
    official APL agree, else additive clipped at 0 and flagged), never below 0.
    """
    return anchor(official, model_today, model).values


@dataclass(frozen=True, eq=False)
class Places:
    """Per commune of a national table: the share of the supply located there given by doctors
    over 65 (``share_65``; where ``estimated``, recovered by the inversion, else the commune's
    own catchment exposure or its département's mean), and what the inversion rests on."""

    codes: pd.Index
    share_65: FloatArray
    estimated: BoolArray
    residual: float
    year: int

    def on(self, codes: pd.Index) -> tuple[FloatArray, BoolArray]:
        """The shares and flags of ``codes`` (every one must be in the table)."""
        at = self.codes.get_indexer(codes)
        return self.share_65[at], self.estimated[at]


class PlaceEstimator:
    """The inversion on a national table (the French communes of a run, with ``apl_{year}``,
    ``apl_{year}_le65``, ``departement``), solved block by block on demand and remembered, so
    that every territory asks only for the départements around it and gets the same values
    whatever else was asked before.

    ``supply`` and ``std_demand`` are the model's (standardised demand: the DREES catchment is
    standardised whatever the run's demand)."""

    def __init__(
        self,
        national: pd.DataFrame,
        supply: FloatArray,
        std_demand: FloatArray,
        times: TravelTimes,
        year: int = 2023,
    ) -> None:
        exposure = le.catchment_exposure(
            national[f"apl_{year}"].to_numpy(dtype=np.float64),
            national[f"apl_{year}_le65"].to_numpy(dtype=np.float64),
        )
        self.catchment = le.catchment(supply, std_demand, times)
        _names, block = np.unique(
            national["departement"].astype(str).to_numpy(), return_inverse=True
        )
        self.block = block.astype(np.int64)
        fallback = float(np.nanmean(exposure)) if np.isfinite(exposure).any() else 0.0
        dep_mean = le.block_mean_prior(exposure, std_demand, self.block, fallback)
        self.prior = np.where(np.isfinite(exposure), exposure, dep_mean)
        self.problem = le.Problem.build(
            self.catchment, exposure, std_demand, self.prior, self.block
        )
        self.codes = pd.Index(national.index)
        self.year = year
        self._solved: dict[int, le.BlockSolution] = {}

    def blocks_around(self, around: np.ndarray) -> list[int]:
        """The blocks of the places that the communes at positions ``around`` reach."""
        rows = np.asarray(around, dtype=np.int64)
        reached = np.unique(self.catchment.contribution[rows].indices)
        return sorted({int(b) for b in self.block[reached]} | {int(b) for b in self.block[rows]})

    def places(self, around: np.ndarray | None = None) -> Places:
        """Every commune's share (estimated in the blocks around ``around``, every block when
        None; the prior elsewhere)."""
        wanted = self.problem.blocks() if around is None else self.blocks_around(around)
        for b in wanted:
            if b not in self._solved:
                self._solved[b] = self.problem.solve(b)
        share = self.prior.copy()
        estimated = np.zeros(len(share), dtype=bool)
        sq, weight = 0.0, 0.0
        for b in wanted:
            sol = self._solved[b]
            share[sol.places] = sol.share
            estimated[sol.places] = True
            sq += sol.squares
            weight += sol.weight
        residual = float(np.sqrt(sq / weight)) if weight else float("nan")
        return Places(self.codes, share, estimated, residual, self.year)


def estimate_places(
    national: pd.DataFrame,
    supply: FloatArray,
    std_demand: FloatArray,
    times: TravelTimes,
    *,
    year: int = 2023,
    around: np.ndarray | None = None,
) -> Places:
    """Share of located supply from doctors over 65 for every commune of ``national``
    (:class:`PlaceEstimator`, solved around the communes at positions ``around``)."""
    return PlaceEstimator(national, supply, std_demand, times, year).places(around)


def absorbed_exits(
    deps: pd.Series,
    gp: FloatArray,
    ages: rt.AgeStructure,
    work: rt.WorkAfter65,
    years: int = TREND_YEARS,
) -> pd.Series:
    """Per département (index like ``03``): the yearly exits its trend already absorbed, the
    cohort model's exits over the trend's ``years`` from today's structure, weighted by GPs."""
    x = rt.exits(ages, work, years) / years
    frame = pd.DataFrame({"dep": deps.astype(str).to_numpy(), "x": x * gp, "gp": gp})
    g = frame.groupby("dep")[["x", "gp"]].sum()
    return (g["x"] / g["gp"]).where(g["gp"] > 0, 0.0)


@dataclass(frozen=True)
class Rates:
    """What the per-commune rates rest on (for the notes of an output)."""

    estimated_places: int  # places whose share over 65 comes from the inversion
    residual: float  # the inversion's fit (root mean square gap of catchment exposures)
    share_65: float  # national share of doctors aged 65+ (DREES, AGES_YEAR)
    under_65: tuple[float, float, float]  # national shares of 50–54, 55–59, 60–64 under 65
    work: rt.WorkAfter65
    entry_rate: float | None  # the user's rate, or None for the département's trend
    demand: dm.DemandKind
    demand_known: int  # communes whose département has an age pyramid


def dep_codes(com: pd.DataFrame) -> pd.Series:
    """``dep:03`` → ``03`` for each commune."""
    return com["departement"].astype(str).str.removeprefix("dep:")


def projection_inputs(
    com: pd.DataFrame,
    share_65: FloatArray,
    absorbed: pd.Series | None,
    ages: pd.DataFrame,
    health: pd.DataFrame,
    growth: dm.DemandGrowth,
    entry_rate: float | None,
    work: rt.WorkAfter65,
    structure: rt.AgeStructure | None = None,
    past_work: rt.WorkAfter65 | None = None,
) -> tuple[pj.ProjectionInputs, Rates]:
    """Per-commune rates of ``com`` (columns ``departement``, ``gp_liberal``); ``share_65``:
    each commune's share of located supply from doctors over 65; ``absorbed``: yearly exits
    absorbed by each département's trend (None: computed on ``com``, which must then hold
    whole départements; :func:`absorbed_exits`); ``health``: ``dep``, ``gp_2020``,
    ``gp_2024``; ``structure``: the places' bands when known (imported ages), else the
    national structure under 65 around ``share_65``; ``past_work``: the work after 65 of the
    trend's years (the calibrated one; None: ``work``), so that a different ``work`` is a
    change ahead, not a rewrite of the exits the trend absorbed."""
    dep = dep_codes(com)
    if structure is None:
        structure = rt.structure(ages, AGES_YEAR, share_65)
    gp = com["gp_liberal"].fillna(0).to_numpy(dtype=np.float64)
    if entry_rate is not None:
        trend = np.full(len(com), float(entry_rate))
        absorbed_rate = np.zeros(len(com))
    else:
        h = health.set_index("dep")
        g20 = h["gp_2020"].astype(float).reindex(dep).to_numpy()
        g24 = h["gp_2024"].astype(float).reindex(dep).to_numpy()
        with np.errstate(invalid="ignore", divide="ignore"):
            trend = (g24 / g20 - 1.0) / TREND_YEARS
        trend = np.where(np.isfinite(trend), trend, 0.0)
        if absorbed is None:
            absorbed = absorbed_exits(dep, gp, structure, past_work or work)
        absorbed_rate = absorbed.reindex(dep).fillna(0.0).to_numpy(dtype=np.float64)
    first, second, known = growth.of(dep)
    inputs = pj.ProjectionInputs(gp, structure, work, trend, absorbed_rate, first, second)
    rates = Rates(
        estimated_places=0,
        residual=float("nan"),
        share_65=rt.share_over_65(ages, AGES_YEAR),
        under_65=rt.under_65_structure(ages, AGES_YEAR),
        work=work,
        entry_rate=entry_rate,
        demand=growth.kind,
        demand_known=int(known.sum()),
    )
    return inputs, rates


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
    exposure: np.ndarray | None = None  # catchment exposure per commune (official, DREES)


@dataclass(frozen=True, eq=False)
class CommuneDraw:
    """One draw, commune by commune, for each horizon (rows): GPs, demand and APL anchored on
    the official figure."""

    gp: np.ndarray
    demand: np.ndarray
    apl: np.ndarray


def commune_draw(shared: Shared, draw: pj.Draw) -> CommuneDraw:
    """GPs, demand and anchored APL of every commune of ``shared`` in one draw."""
    exit_f, entry_s, demand_s = draw.factors(shared.uncertainty)
    gp, dem, apls = [], [], []
    for h in shared.years:
        ratio = pj.supply_ratio(shared.inputs, h, exit_f, entry_s)
        demand = shared.demand * pj.demand_ratio(shared.inputs, h, demand_s)
        model = apl(shared.supply * ratio, demand, shared.times)
        apls.append(anchored_apl(shared.official, shared.model_today, model))
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
    """Territory GPs, demand and anchored APL of one draw at every horizon."""
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
    """The territory's catchment exposure 1 − APL(≤ 65)/APL, weighted by today's demand
    (official figures; None where unknown)."""
    t = shared.territory
    if shared.exposure is None or not len(t):
        return None
    r, w = shared.exposure[t], shared.demand[t]
    ok = np.isfinite(r) & (w > 0)
    return float(np.average(r[ok], weights=w[ok])) if ok.any() else None


def place_share(shared: Shared) -> float | None:
    """Share of the supply located in the territory given by doctors over 65, weighted by
    today's supply (an estimation; None where no supply is located)."""
    t = shared.territory
    w = shared.supply[t]
    if not len(t) or not float(w.sum()) > 0:
        return None
    return float(np.average(np.asarray(shared.inputs.ages.s65)[t], weights=w))
