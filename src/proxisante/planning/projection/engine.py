"""Stock-flow projection of GP supply and demand per commune, APL at +5 / +10 years.

For the supply located in commune *j* (N0 GPs today) and a horizon of *h* years::

    N_h = N0 · max(0, 1 − X_j(h) + ε_j · h)          D_h = D0 · (1 + δa)^min(h,5) · (1 + δb)^(h−5)+

- exits X_j(h): the cohort model of :mod:`.retirement` on the place's bands: its own share of
  supply from doctors over 65 (:mod:`.local_exits`, an estimation, or imported ages) and the
  national structure of the doctors under 65 (DREES, national, all doctors), with the share of
  doctors who keep working after 65 and for how long as parameters;
- entries ε_j: a yearly flow, as a share of today's stock: the département's observed trend
  (BPE 2020 → 2024) plus the exits that trend already absorbed (the same cohort model over the
  four years of the trend, averaged over the département), or a rate the user sets;
- demand δa, δb: yearly growth of the département's demand over years 1–5 and 6–10, from its
  INSEE age pyramid projected forward and weighted by the DREES 2023 weights
  (:mod:`.demography`).

Monte Carlo: each draw scales exits (and the exits the trend absorbed) by a log-normal factor
and shifts entries and demand growth by normal errors (seeded per draw, so any scheduler gives
the same draws); the APL of each draw is recomputed by the access engine and anchored on the
official APL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from proxisante.planning.projection import demography as dm
from proxisante.planning.projection import retirement as rt
from proxisante.types import FloatArray


@dataclass(frozen=True, eq=False)
class ProjectionInputs:
    """Per-commune inputs, aligned on the run's communes (places of practice for supply,
    residents for demand)."""

    gp_today: FloatArray
    ages: rt.AgeStructure
    work: rt.WorkAfter65
    trend: FloatArray  # yearly net trend of the département (or the user's entry rate)
    absorbed: FloatArray  # yearly exits the trend already absorbed (0 with a user rate)
    demand_first: FloatArray  # yearly demand growth, years 1–5
    demand_second: FloatArray  # yearly demand growth, years 6–10


@dataclass(frozen=True)
class Uncertainty:
    """Spread of the uncertain rates in the Monte Carlo draws."""

    exit_log_sd: float = 0.25
    entry_sd: float = 0.01
    demand_sd: float = 0.002


@dataclass(frozen=True)
class Draw:
    """One Monte Carlo draw (``index`` 0 with ``central=True`` is the central projection)."""

    index: int
    seed: int
    central: bool = False

    def factors(self, u: Uncertainty) -> tuple[float, float, float]:
        if self.central:
            return 1.0, 0.0, 0.0
        rng = np.random.default_rng([self.seed, self.index])
        return (
            float(np.exp(rng.normal(0.0, u.exit_log_sd))),
            float(rng.normal(0.0, u.entry_sd)),
            float(rng.normal(0.0, u.demand_sd)),
        )


def supply_ratio(
    inputs: ProjectionInputs, years: int, exit_factor: float = 1.0, entry_shift: float = 0.0
) -> FloatArray:
    """N_h / N0 per place (≥ 0).

    Examples
    --------
    Nobody over 50, a trend of +1 % a year: +5 % after five years.

    >>> st = rt.AgeStructure(0.0, 0.0, 0.0, np.zeros(1))
    >>> w = rt.WorkAfter65(0.5, 8.0, 0.0)
    >>> inp = ProjectionInputs(np.ones(1), st, w, np.array([0.01]), np.zeros(1),
    ...                        np.zeros(1), np.zeros(1))
    >>> supply_ratio(inp, 5).round(4).tolist()
    [1.05]
    """
    exits = rt.exits(inputs.ages, inputs.work, years) * exit_factor
    entry = inputs.trend + inputs.absorbed * exit_factor + entry_shift
    return np.asarray(np.maximum(0.0, 1.0 - exits + entry * years), dtype=np.float64)


def demand_ratio(inputs: ProjectionInputs, years: int, shift: float = 0.0) -> FloatArray:
    """D_h / D0 per commune."""
    return dm.ratio(inputs.demand_first, inputs.demand_second, years, shift)


@dataclass(frozen=True)
class HorizonFigures:
    """Territory figures of one horizon: central value and P10–P90 over the draws."""

    years: int
    gp: tuple[float, float, float]
    demand: tuple[float, float, float]
    apl: tuple[float, float, float]
    central_gp: float
    central_demand: float
    central_apl: float


@dataclass(frozen=True)
class DrawResult:
    """Territory totals of one draw for each horizon."""

    gp: tuple[float, ...]
    demand: tuple[float, ...]
    apl: tuple[float, ...]


@dataclass(frozen=True)
class Summary:
    """All horizons of a projection."""

    horizons: tuple[HorizonFigures, ...]
    draws: int
    notes: tuple[str, ...] = field(default=())


def summarise(years: list[int], central: DrawResult, draws: list[DrawResult]) -> Summary:
    """P10, P50, P90 of each figure over the draws, per horizon."""
    out = []
    for k, h in enumerate(years):

        def band(values: list[float]) -> tuple[float, float, float]:
            p10, p50, p90 = np.percentile(np.asarray(values, dtype=np.float64), [10, 50, 90])
            return float(p10), float(p50), float(p90)

        out.append(
            HorizonFigures(
                years=h,
                gp=band([d.gp[k] for d in draws]),
                demand=band([d.demand[k] for d in draws]),
                apl=band([d.apl[k] for d in draws]),
                central_gp=central.gp[k],
                central_demand=central.demand[k],
                central_apl=central.apl[k],
            )
        )
    return Summary(tuple(out), len(draws))
