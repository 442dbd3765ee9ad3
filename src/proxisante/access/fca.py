"""Two-step floating catchment area (2SFCA / E2SFCA) on sparse travel-time matrices.

Rows of the travel-time matrix are demand locations (``i``), columns are supply locations
(``j``). With ``w`` the decay weight of a travel time::

    R_j = O_j / Σ_k w(t_kj)·P_k        (supply-to-demand ratio of each supply location)
    A_i = Σ_j w(t_ij)·R_j              (accessibility of each demand location)

Supply that no demand reaches has no ratio (it is lost), as in every 2SFCA implementation;
:func:`two_step_fca_detail` says how much.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from proxisante.access._validate import as_float_vector
from proxisante.access.decay import Decay, StepDecay
from proxisante.access.traveltimes import TravelTimes
from proxisante.types import FloatArray


@dataclass(frozen=True, eq=False)
class FcaResult:
    """Accessibility per demand location and the intermediate ratios."""

    accessibility: FloatArray
    ratio: FloatArray
    weighted_demand: FloatArray
    unreached_supply: float


def two_step_fca_detail(
    supply: npt.ArrayLike, demand: npt.ArrayLike, times: TravelTimes, decay: Decay
) -> FcaResult:
    """E2SFCA with every intermediate array; see :func:`two_step_fca`."""
    n_demand, n_supply = times.shape
    o = as_float_vector(supply, "offre (supply)", n_supply)
    p = as_float_vector(demand, "demande (demand)", n_demand)
    w = times.weights(decay)
    weighted_demand = w.T @ p
    reached = weighted_demand > 0
    ratio = np.zeros(n_supply)
    np.divide(o, weighted_demand, out=ratio, where=reached)
    accessibility = np.asarray(w @ ratio, dtype=np.float64)
    return FcaResult(
        accessibility=accessibility,
        ratio=ratio,
        weighted_demand=np.asarray(weighted_demand, dtype=np.float64),
        unreached_supply=float(o[~reached].sum()),
    )


def two_step_fca(
    supply: npt.ArrayLike, demand: npt.ArrayLike, times: TravelTimes, decay: Decay
) -> FloatArray:
    """Accessibility of each demand location (E2SFCA; plain 2SFCA with a one-step decay).

    Parameters
    ----------
    supply : array of shape (n_supply,)
        Supply at each supply location (consultations, professionals, pharmacies…), ≥ 0.
    demand : array of shape (n_demand,)
        Demand at each demand location (population, possibly standardised), ≥ 0.
    times : TravelTimes
        Travel times from demand locations (rows) to supply locations (columns).
    decay : Decay
        Weight as a function of travel time; 0 at and beyond its cutoff.

    Returns
    -------
    numpy.ndarray of shape (n_demand,)
        Supply per unit of demand accessible from each demand location.

    Examples
    --------
    Two communes 12 minutes apart, a doctor (1 000 consultations) in the first:

    >>> import numpy as np
    >>> from proxisante.access.traveltimes import from_dense
    >>> tt = from_dense(np.array([[0.0, 12.0], [12.0, 0.0]]), 30.0)
    >>> decay = StepDecay((10.0, 20.0), (1.0, 0.5))
    >>> two_step_fca([1000.0, 0.0], [100.0, 300.0], tt, decay).round(3)
    array([4., 2.])
    """
    return two_step_fca_detail(supply, demand, times, decay).accessibility


def plain_2sfca_decay(catchment_min: float) -> StepDecay:
    """The original 2SFCA (Luo & Wang, 2003): weight 1 inside the catchment, 0 outside."""
    return StepDecay(bounds_min=(catchment_min,), weights=(1.0,))
