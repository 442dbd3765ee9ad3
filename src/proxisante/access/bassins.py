"""Bassins de vie rebuilt from their poles: each commune joins the pole nearest in travel time.

INSEE's table of the communes of each bassin de vie 2022 is not in our open data; the poles are
(CartoSanté's BV file: a BV's code is its pole commune). INSEE attaches a commune to the pole
whose intermediate services its inhabitants use, mostly the nearest one, so the nearest pole in
travel time (the shared provider) rebuilds the BV approximately; :func:`bassin_check` measures
how well against CartoSanté's own values of the real BV.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.access.port import TravelTimeProvider

POLE_CUTOFF_MIN = 90.0


def nearest_pole(
    communes: pd.DataFrame,
    poles: pd.Series,
    provider: TravelTimeProvider,
    cutoff_min: float = POLE_CUTOFF_MIN,
) -> pd.Series:
    """For every commune (index of ``communes``), the pole (a commune code of ``poles``) nearest
    in travel time; straight-line nearest where none is within ``cutoff_min``; a pole is its
    own pole."""
    pole_codes = [p for p in poles.astype(str) if p in communes.index]
    codes = [str(c) for c in communes.index]
    out = pd.Series(None, index=communes.index, dtype=object)
    if not pole_codes:
        return out
    lon = communes.loc[pole_codes, "lon"].to_numpy(dtype=np.float64)
    lat = communes.loc[pole_codes, "lat"].to_numpy(dtype=np.float64)
    tt, _covered = provider.point_times(codes, lon, lat, pole_codes, cutoff_min)
    m = tt.minutes.tocsr()
    best = np.full(len(codes), -1, dtype=np.int64)
    counts = np.diff(m.indptr)
    rows = np.flatnonzero(counts > 0)
    for i in rows:
        lo, hi = m.indptr[i], m.indptr[i + 1]
        best[i] = m.indices[lo + int(np.argmin(m.data[lo:hi]))]
    missing = np.flatnonzero(best < 0)
    if missing.size:
        clon = communes["lon"].to_numpy(dtype=np.float64)[missing]
        clat = communes["lat"].to_numpy(dtype=np.float64)[missing]
        ok = np.isfinite(clon) & np.isfinite(clat)
        k = np.pi / 180.0
        dx = (clon[ok, None] - lon[None, :]) * np.cos(clat[ok, None] * k)
        dy = clat[ok, None] - lat[None, :]
        best[missing[ok]] = np.argmin(dx * dx + dy * dy, axis=1)
    chosen = np.asarray(pole_codes, dtype=object)[np.maximum(best, 0)]
    out[:] = [c if b >= 0 else None for c, b in zip(chosen, best, strict=True)]
    is_pole = out.index.isin(pole_codes)
    out[is_pole] = out.index[is_pole]
    return out


@dataclass(frozen=True)
class BassinCheck:
    """Approximate BV against CartoSanté's values of the real BV (same GP APL 2023)."""

    bassins: int
    spearman: float
    mean_absolute_error: float


def bassin_check(communes: pd.DataFrame, pole: pd.Series, bassins: pd.DataFrame) -> BassinCheck:
    """The GP APL 2023 of each reconstituted BV (communes' official APL weighted by
    standardised population) against CartoSanté's APL of the real BV 2022."""
    from scipy import stats

    w = communes["pop_std_2023"].fillna(0)
    v = communes["apl_2023"]
    ok = v.notna() & (w > 0)
    ours = (v[ok] * w[ok]).groupby(pole[ok]).sum() / w[ok].groupby(pole[ok]).sum()
    ref = bassins.set_index("pole")["apl_gp_2023"]
    both = pd.concat([ours.rename("ours"), ref.rename("ref")], axis=1).dropna()
    if len(both) < 3:
        return BassinCheck(len(both), float("nan"), float("nan"))
    rho = float(stats.spearmanr(both["ours"], both["ref"]).statistic)
    mae = float((both["ours"] - both["ref"]).abs().mean())
    return BassinCheck(len(both), rho, mae)
