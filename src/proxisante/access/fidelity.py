"""How close computed APL values are to the official DREES ones (the target, never an input)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
from scipy import stats

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
