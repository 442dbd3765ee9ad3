"""How close computed APL values are to the official DREES ones (the target, never an input)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt

from proxisante.access.apl import UNDER_SERVED_APL


@dataclass(frozen=True)
class FidelityScores:
    """Agreement of computed with official values over ``n`` areas.

    ``under_served_agreement_areas``: share of areas on the same side of 2.5 in both;
    ``under_served_agreement_population``: the same, weighted by plain population.
    """

    n: int
    spearman: float
    pearson: float
    mean_absolute_error: float
    under_served_agreement_areas: float
    under_served_agreement_population: float
    under_served_share_official: float
    under_served_share_computed: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def compare(
    computed: npt.ArrayLike,
    official: npt.ArrayLike,
    population: npt.ArrayLike,
    threshold: float = UNDER_SERVED_APL,
) -> FidelityScores:
    """Compare two sets of APL values over the same areas; pairs with a NaN are left out.

    ``under_served_share_*`` are population shares living in areas under the threshold.

    Examples
    --------
    >>> s = compare([1.0, 2.0, 3.0, 5.0], [1.5, 2.6, 2.8, 6.0], [10.0, 10.0, 10.0, 70.0])
    >>> (s.n, s.spearman, round(s.mean_absolute_error, 3), s.under_served_agreement_population)
    (4, 1.0, 0.575, 0.9)
    """
    from scipy import stats  # imported here: it costs a few tenths of a second at start-up

    c = np.asarray(computed, dtype=np.float64)
    o = np.asarray(official, dtype=np.float64)
    p = np.asarray(population, dtype=np.float64)
    ok = np.isfinite(c) & np.isfinite(o) & np.isfinite(p)
    c, o, p = c[ok], o[ok], p[ok]
    n = int(c.size)
    if n < 3:
        nan = float("nan")
        return FidelityScores(n, nan, nan, nan, nan, nan, nan, nan)
    agree = (c < threshold) == (o < threshold)
    total = p.sum()
    return FidelityScores(
        n=n,
        spearman=float(stats.spearmanr(c, o).statistic),
        pearson=float(stats.pearsonr(c, o).statistic),
        mean_absolute_error=float(np.mean(np.abs(c - o))),
        under_served_agreement_areas=float(agree.mean()),
        under_served_agreement_population=float(p[agree].sum() / total) if total else np.nan,
        under_served_share_official=float(p[o < threshold].sum() / total) if total else np.nan,
        under_served_share_computed=float(p[c < threshold].sum() / total) if total else np.nan,
    )


def compare_by_levels(
    computed: npt.ArrayLike,
    official: npt.ArrayLike,
    computed_weight: npt.ArrayLike,
    official_weight: npt.ArrayLike,
    population: npt.ArrayLike,
    levels: Mapping[str, npt.ArrayLike],
    threshold: float = UNDER_SERVED_APL,
) -> dict[str, FidelityScores]:
    """:func:`compare` for communes and for areas made of them.

    Each entry of ``levels`` holds one group label per commune (``None``/NaN: in no group);
    an area's value is the mean of its communes weighted by ``computed_weight`` (ours) or
    ``official_weight`` (DREES), i.e. by standardised population as the DREES does, and its
    population is the sum of plain populations.

    Examples
    --------
    >>> out = compare_by_levels([1.0, 3.0, 4.0, 2.0], [1.2, 2.9, 4.4, 2.0], [1.0] * 4, [1.0] * 4,
    ...                         [10.0] * 4, {"epci": ["a", "a", "b", "b"]})
    >>> (out["commune"].spearman, out["epci"].n)
    (1.0, 2)
    """
    from proxisante.access.aggregate import weighted_mean_by_group

    c = np.asarray(computed, dtype=np.float64)
    o = np.asarray(official, dtype=np.float64)
    p = np.nan_to_num(np.asarray(population, dtype=np.float64))
    wc = np.nan_to_num(np.asarray(computed_weight, dtype=np.float64))
    wo = np.nan_to_num(np.asarray(official_weight, dtype=np.float64))
    out = {"commune": compare(c, o, p, threshold)}
    for name, labels in levels.items():
        lab = np.asarray(labels, dtype=object)
        has = np.array([isinstance(x, str) and x != "" for x in lab])
        keys, g = np.unique(lab[has].astype(str), return_inverse=True)
        both = has.copy()
        both[has] = np.isfinite(c[has]) & np.isfinite(o[has])
        sel = both[has]
        n = keys.size
        ca = weighted_mean_by_group(c[has][sel], wc[has][sel], g[sel], n)
        oa = weighted_mean_by_group(o[has][sel], wo[has][sel], g[sel], n)
        pa = np.bincount(g, weights=p[has], minlength=n)
        out[name] = compare(ca, oa, pa, threshold)
    return out
