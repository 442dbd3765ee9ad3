"""Stock-flow projection of GP supply and standardised demand per commune, APL at +5 / +10 years.

For commune *c* with N0 GPs today and a horizon of *h* years::

    N_h = N0 · max(0, 1 − Σ_{t ≤ h} e_t + ε · h)          D_h = D0 · (1 + δ_c)^h

- exits e_t: in years 1–5, the share of today's accessible GP activity given by doctors over 65
  leaves evenly, r_c / 5 a year, where r_c = 1 − APL(≤ 65) / APL (DREES, official, per commune)
  or the territory's imported ages; in years 6–10, the national share of doctors aged 60–64
  (DREES, national age structure, labelled as such) leaves evenly;
- entries ε: a yearly flow, as a share of today's stock, from the département's observed trend
  (BPE 2020 → 2024) plus the exits that trend already absorbed, or a rate the user sets;
- demand δ_c: yearly change of the commune's DREES standardised population (2022 → 2023).

Monte Carlo: each draw scales exits by a log-normal factor and shifts entries and demand
growth by normal errors (seeded per draw, so any scheduler gives the same draws); the APL of
each draw is recomputed by the access engine and anchored on the official APL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from proxisante.types import FloatArray


@dataclass(frozen=True, eq=False)
class ProjectionInputs:
    """Per-commune inputs, aligned on the run's communes."""

    gp_today: FloatArray
    exposure: FloatArray
    entry_rate: FloatArray
    demand_growth: FloatArray
    share_60_64: FloatArray | float


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


def cumulative_exits(
    exposure: FloatArray, share_60_64: FloatArray | float, years: int
) -> FloatArray:
    """Σ_{t ≤ years} e_t: over-65 share in years 1–5, national 60–64 share in years 6–10.

    Examples
    --------
    >>> cumulative_exits(np.array([0.2]), 0.15, 5).round(3).tolist()
    [0.2]
    >>> cumulative_exits(np.array([0.2]), 0.15, 10).round(3).tolist()
    [0.35]
    """
    first = np.minimum(years, 5) / 5.0
    second = np.clip(years - 5, 0, 5) / 5.0
    return np.asarray(exposure * first + share_60_64 * second, dtype=np.float64)


def supply_ratio(
    inputs: ProjectionInputs, years: int, exit_factor: float = 1.0, entry_shift: float = 0.0
) -> FloatArray:
    """N_h / N0 per commune (≥ 0)."""
    exits = cumulative_exits(inputs.exposure, inputs.share_60_64, years) * exit_factor
    return np.maximum(0.0, 1.0 - exits + (inputs.entry_rate + entry_shift) * years)


def demand_ratio(inputs: ProjectionInputs, years: int, shift: float = 0.0) -> FloatArray:
    """D_h / D0 per commune."""
    return np.asarray((1.0 + inputs.demand_growth + shift) ** years, dtype=np.float64)


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
