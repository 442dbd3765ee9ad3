"""Time to the nearest facility, share of population beyond a time, density per 10 000."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from proxisante.access._errors import ArrayShapeError
from proxisante.access._validate import as_float_vector
from proxisante.access.traveltimes import TravelTimes
from proxisante.i18n import _
from proxisante.types import FloatArray


def nearest_minutes(times: TravelTimes, has_facility: npt.ArrayLike | None = None) -> FloatArray:
    """Travel time from each origin to its nearest destination holding a facility.

    Parameters
    ----------
    times : TravelTimes
        Origins (rows) to candidate destinations (columns).
    has_facility : bool array of shape (n_destinations,), optional
        Which destinations count; all of them when omitted.

    Returns
    -------
    numpy.ndarray of shape (n_origins,)
        Minutes; ``inf`` where no facility is reached under ``times.cutoff_min``.

    Examples
    --------
    >>> from proxisante.access.traveltimes import from_dense
    >>> tt = from_dense(np.array([[0.0, 12.0, 5.0], [40.0, 0.0, 90.0]]), 60.0)
    >>> nearest_minutes(tt, [False, True, True]).tolist()
    [5.0, 0.0]
    >>> nearest_minutes(tt, [True, False, False]).tolist()
    [0.0, 40.0]
    """
    m = times.minutes
    n, k = times.shape
    data = m.data
    if has_facility is not None:
        mask = np.asarray(has_facility, dtype=bool)
        if mask.shape != (k,):
            raise ArrayShapeError(
                _("has_facility : attendu {k} valeurs (une par destination), reçu {shape}.").format(
                    k=k, shape=mask.shape
                )
            )
        data = np.where(mask[m.indices], data, np.inf)
    out = np.full(n, np.inf)
    counts = np.diff(m.indptr)
    rows = np.flatnonzero(counts)
    if rows.size:
        out[rows] = np.minimum.reduceat(data, m.indptr[rows])
    return out


def share_beyond(minutes: npt.ArrayLike, population: npt.ArrayLike, threshold_min: float) -> float:
    """Share of the population whose travel time is strictly over ``threshold_min``.

    Examples
    --------
    >>> share_beyond([5.0, 45.0, float("inf")], [100.0, 50.0, 50.0], 30.0)
    0.5
    """
    t = np.asarray(minutes, dtype=np.float64)
    p = as_float_vector(population, "population", t.size)
    total = p.sum()
    return float(p[t > threshold_min].sum() / total) if total > 0 else float("nan")


def density_per_10k(count: npt.ArrayLike, population: npt.ArrayLike) -> FloatArray:
    """Professionals (or facilities) per 10 000 inhabitants; NaN where the population is 0.

    Examples
    --------
    >>> density_per_10k([3, 0], [15000, 0]).tolist()
    [2.0, nan]
    """
    c = as_float_vector(count, "effectif (count)")
    p = as_float_vector(population, "population", c.size)
    out = np.full(c.size, np.nan)
    np.divide(c * 10_000.0, p, out=out, where=p > 0)
    return out
