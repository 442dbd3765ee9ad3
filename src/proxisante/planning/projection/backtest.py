"""Backtest of the stock-flow rule on DREES doctors per département: 2016 → 2020 from 2012–2016.

For each département: entries ε = trend 2012–2016 + the exits that trend absorbed (national
share of doctors over 65 in 2012 / 5 a year); exits 2016–2020 = national share over 65 in 2016
/ 5 a year; N̂_2020 = N_2016 · (1 − 4 · s65_2016 / 5 + 4 ε). Compared with the observed 2020
count, and with two naive rules: no change, and the 2012–2016 trend extended.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class DepartmentError:
    dep: str
    observed_2016: float
    observed_2020: float
    projected_2020: float
    error_pct: float
    trend_error_pct: float
    no_change_error_pct: float


@dataclass(frozen=True)
class Backtest:
    departments: tuple[DepartmentError, ...]
    mape: float
    median_ape: float
    mape_trend: float
    mape_no_change: float
    share_over_65_2012: float
    share_over_65_2016: float


def share_over_65(ages: pd.DataFrame, year: int) -> float:
    d = ages[(ages["profession"] == "doctor") & (ages["year"] == year)]
    total = float(d["count"].sum())
    return float(d.loc[d["age_min"] >= 65, "count"].sum()) / total if total else 0.0


def backtest(workforce: pd.DataFrame, ages: pd.DataFrame) -> Backtest:
    """Per-département error of the 2016 → 2020 projection of doctors."""
    w = workforce[workforce["profession"] == "doctor"]
    wide = w.pivot_table(index="dep", columns="year", values="count", aggfunc="sum")
    wide = wide[[2012, 2016, 2020]].dropna()
    wide = wide[(wide > 0).all(axis=1)]
    s12, s16 = share_over_65(ages, 2012), share_over_65(ages, 2016)
    n12, n16, n20 = (wide[y].to_numpy(dtype=np.float64) for y in (2012, 2016, 2020))
    net = (n16 / n12) ** 0.25 - 1.0
    entry = net + s12 / 5.0
    projected = n16 * np.maximum(0.0, 1.0 - 4 * s16 / 5.0 + 4 * entry)
    trend = n16 * (1.0 + net) ** 4

    def ape(x: np.ndarray) -> np.ndarray:
        return np.asarray(100.0 * (x - n20) / n20, dtype=np.float64)

    err, err_t, err_0 = ape(projected), ape(trend), ape(n16)
    deps = tuple(
        DepartmentError(str(d), float(a), float(b), float(c), float(e), float(t), float(z))
        for d, a, b, c, e, t, z in zip(
            wide.index, n16, n20, projected, err, err_t, err_0, strict=True
        )
    )
    return Backtest(
        departments=deps,
        mape=float(np.mean(np.abs(err))),
        median_ape=float(np.median(np.abs(err))),
        mape_trend=float(np.mean(np.abs(err_t))),
        mape_no_change=float(np.mean(np.abs(err_0))),
        share_over_65_2012=s12,
        share_over_65_2016=s16,
    )
