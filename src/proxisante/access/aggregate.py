"""Aggregating commune values to areas (EPCI, département, any group): the one place for it.

As in the DREES method, an area's APL is the mean of its communes' APL weighted by standardised
population; shares of population under a threshold use the plain population, counted over the
communes that have a value. :func:`area_apl` and :func:`population_share_below` are the one-area
forms used by ``territory show``, the diagnosis and ``access fidelity``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from proxisante.access._errors import ArrayShapeError, InvalidArrayError
from proxisante.access._validate import as_float_vector
from proxisante.i18n import _
from proxisante.types import FloatArray, IntArray


def weighted_mean_by_group(
    values: npt.ArrayLike, weights: npt.ArrayLike, group: npt.ArrayLike, n_groups: int
) -> FloatArray:
    """Weighted mean of ``values`` within each group; NaN for a group of zero weight.

    NaN values are left out (with their weight).

    Examples
    --------
    >>> weighted_mean_by_group([2.0, 4.0, 1.0], [1.0, 3.0, 5.0], [0, 0, 1], 3).tolist()
    [3.5, 1.0, nan]
    """
    v = np.asarray(values, dtype=np.float64)
    w = as_float_vector(weights, "poids (weights)", v.size)
    g = _groups(group, v.size, n_groups)
    ok = np.isfinite(v)
    num = np.bincount(g[ok], weights=(v * w)[ok], minlength=n_groups)
    den = np.bincount(g[ok], weights=w[ok], minlength=n_groups)
    out = np.full(n_groups, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def share_below_by_group(
    values: npt.ArrayLike,
    population: npt.ArrayLike,
    group: npt.ArrayLike,
    n_groups: int,
    threshold: float,
) -> FloatArray:
    """Share of each group's population living where ``values < threshold``.

    Examples
    --------
    >>> share_below_by_group([1.0, 4.0, 1.0], [100.0, 300.0, 5.0], [0, 0, 1], 2, 2.5).tolist()
    [0.25, 1.0]
    """
    v = np.asarray(values, dtype=np.float64)
    p = as_float_vector(population, "population", v.size)
    g = _groups(group, v.size, n_groups)
    num = np.bincount(g, weights=np.where(v < threshold, p, 0.0), minlength=n_groups)
    den = np.bincount(g, weights=p, minlength=n_groups)
    out = np.full(n_groups, np.nan)
    np.divide(num, den, out=out, where=den > 0)
    return out


def _groups(group: npt.ArrayLike, size: int, n_groups: int) -> IntArray:
    g = np.asarray(group, dtype=np.int64)
    if g.shape != (size,):
        raise ArrayShapeError(
            _("groupes : attendu {size} indices de groupe, reçu {shape}.").format(
                size=size, shape=g.shape
            )
        )
    if size and (g.min() < 0 or g.max() >= n_groups):
        raise InvalidArrayError(
            _("groupes : indices attendus dans [0, {x}].").format(x=n_groups - 1)
        )
    return g


def area_apl(values: npt.ArrayLike, standardised_population: npt.ArrayLike) -> float:
    """One area's APL: its communes' values weighted by standardised population (NaN if none).

    >>> area_apl([2.0, 4.0, float("nan")], [1.0, 3.0, 5.0])
    3.5
    """
    v = np.asarray(values, dtype=np.float64)
    return float(weighted_mean_by_group(v, standardised_population, np.zeros(v.size), 1)[0])


def population_share_below(
    values: npt.ArrayLike, population: npt.ArrayLike, threshold: float
) -> float:
    """Share of the plain population, over communes with a value, where ``value < threshold``.

    >>> population_share_below([1.0, 4.0, float("nan")], [100.0, 300.0, 50.0], 2.5)
    0.25
    """
    v = np.asarray(values, dtype=np.float64)
    p = np.asarray(population, dtype=np.float64)
    ok = np.isfinite(v)
    return float(share_below_by_group(v[ok], p[ok], np.zeros(int(ok.sum())), 1, threshold)[0])
