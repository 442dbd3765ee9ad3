"""Backtests of the supply rule by département, against the two naive rules (no change, trend).

Two periods, each projected with the data available at its start only:

- ``doctors``: DREES doctors (all specialities) per département, 2016 → 2020 from 2012–2016.
  Exits from the national age bands (2012 for the exits the trend absorbed, 2016 for those
  ahead), the work after 65 calibrated on 2012–2016; entries = trend 2012–2016 + absorbed exits.
  Ages are national only, so the rule moves every département by the same demographic
  correction of its trend.
- ``gps``: liberal GPs (INSEE BPE, equipment D201) per département, 2020 → 2024. Exits from each
  département's share of supply located there from doctors over 65 (the inversion of the APL
  2022 and APL 2022 ≤ 65, :mod:`.local_exits`) and the national structure under 65 of 2020;
  the trend is the département's DREES doctors 2016 → 2020 (no earlier count of GPs by
  département is at hand: a labelled proxy); the exits it absorbed start from the same local
  share scaled by the national change of the share over 65 (2016 → 2020).

For both: projected = N0 · (R − X_ahead + X_absorbed), trend = N0 · R, no change = N0, with R
the trend's ratio over the same number of years.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.planning.projection import retirement as rt
from proxisante.types import FloatArray

share_over_65 = rt.share_over_65  # re-exported: the national share of doctors over 65


@dataclass(frozen=True)
class DepartmentError:
    dep: str
    start: float
    observed: float
    projected: float
    trend: float
    no_change: float
    error_pct: float
    trend_error_pct: float
    no_change_error_pct: float


@dataclass(frozen=True)
class Backtest:
    """One backtest: per-département errors and their mean absolute values (%)."""

    name: str  # "doctors" or "gps"
    start_year: int
    end_year: int
    departments: tuple[DepartmentError, ...]
    mape: float
    median_ape: float
    mape_trend: float
    mape_no_change: float
    work: rt.WorkAfter65

    @property
    def best(self) -> str:
        """The rule with the lowest mean absolute error: ``stock-flow``, ``trend``,
        ``no-change``."""
        scores = {"stock-flow": self.mape, "trend": self.mape_trend}
        scores["no-change"] = self.mape_no_change
        return min(scores, key=lambda k: scores[k])


def _errors(
    name: str,
    years: tuple[int, int],
    deps: pd.Index,
    start: FloatArray,
    observed: FloatArray,
    projected: FloatArray,
    trend: FloatArray,
    work: rt.WorkAfter65,
) -> Backtest:
    def ape(x: FloatArray) -> FloatArray:
        return np.asarray(100.0 * (x - observed) / observed, dtype=np.float64)

    err, err_t, err_0 = ape(projected), ape(trend), ape(start)
    rows = tuple(
        DepartmentError(str(d), float(a), float(b), float(c), float(t), float(a), *map(float, e))
        for d, a, b, c, t, *e in zip(
            deps, start, observed, projected, trend, err, err_t, err_0, strict=True
        )
    )
    return Backtest(
        name=name,
        start_year=years[0],
        end_year=years[1],
        departments=rows,
        mape=float(np.mean(np.abs(err))),
        median_ape=float(np.median(np.abs(err))),
        mape_trend=float(np.mean(np.abs(err_t))),
        mape_no_change=float(np.mean(np.abs(err_0))),
        work=work,
    )


def doctors(workforce: pd.DataFrame, ages: pd.DataFrame) -> Backtest:
    """DREES doctors per département, 2016 → 2020 projected from 2012–2016."""
    w = workforce[workforce["profession"] == "doctor"]
    wide = w.pivot_table(index="dep", columns="year", values="count", aggfunc="sum")
    wide = wide[[2012, 2016, 2020]].dropna()
    wide = wide[(wide > 0).all(axis=1)]
    n12, n16, n20 = (wide[y].to_numpy(dtype=np.float64) for y in (2012, 2016, 2020))
    work = rt.calibrate(ages, 2012, 2016)
    absorbed = rt.exits(rt.structure(ages, 2012, rt.share_over_65(ages, 2012)), work, 4)
    ahead = rt.exits(rt.structure(ages, 2016, rt.share_over_65(ages, 2016)), work, 4)
    ratio = n16 / n12
    projected = n16 * np.maximum(0.0, ratio - float(ahead) + float(absorbed))
    return _errors("doctors", (2016, 2020), wide.index, n16, n20, projected, n16 * ratio, work)


def gps(
    health: pd.DataFrame, workforce: pd.DataFrame, ages: pd.DataFrame, place_share: pd.Series
) -> Backtest:
    """Liberal GPs (BPE) per département, 2020 → 2024; ``place_share``: each département's
    share of located supply from doctors over 65 (index ``dep`` like ``03``)."""
    h = health.set_index("dep")[["gp_2020", "gp_2024"]].astype(float)
    w = workforce[workforce["profession"] == "doctor"]
    wide = w.pivot_table(index="dep", columns="year", values="count", aggfunc="sum")
    frame = h.join(wide[[2016, 2020]], how="inner").join(place_share.rename("s"), how="inner")
    frame = frame.dropna()
    frame = frame[(frame[["gp_2020", "gp_2024", 2016, 2020]] > 0).all(axis=1)]
    n20, n24 = frame["gp_2020"].to_numpy(), frame["gp_2024"].to_numpy()
    share = frame["s"].to_numpy(dtype=np.float64)
    work = rt.calibrate(ages, 2012, 2020)
    back = rt.share_over_65(ages, 2016) / rt.share_over_65(ages, 2020)
    absorbed = rt.exits(rt.structure(ages, 2016, np.clip(share * back, 0, 1)), work, 4)
    ahead = rt.exits(rt.structure(ages, 2020, share), work, 4)
    ratio = (frame[2020] / frame[2016]).to_numpy(dtype=np.float64)
    projected = n20 * np.maximum(0.0, ratio - ahead + absorbed)
    return _errors("gps", (2020, 2024), frame.index, n20, n24, projected, n20 * ratio, work)
