"""The APL state of every commune, and its update when supply or travel times change.

In the two-step floating catchment (DREES decay), with W the decay weights, P the demand and O
the supply::

    D_j = Σ_k W_kj P_k,   R_j = O_j / D_j,   APL_i = Σ_j W_ij R_j

A supply change at site *j* changes R_j only (D_j does not depend on supply), hence only the
APL of the communes within 20 minutes of *j*: ``APL_i += W_ij ΔR_j``. A change of travel
times changes W on some pairs, hence D and R of the columns touched and the APL of the rows
that reach them, which are recomputed as whole sums. Nothing else is recomputed; the result
equals a full recomputation (tested to 1e-12).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from proxisante.access.apl import DREES_DECAY
from proxisante.types import FloatArray, IntArray


@dataclass(frozen=True, eq=False)
class AplState:
    """Weights, demand, supply, ratios and APL of every commune (rows = columns = communes)."""

    minutes: sp.csr_array
    weights: sp.csr_array
    weights_csc: sp.csc_array
    demand: FloatArray
    supply: FloatArray
    weighted_demand: FloatArray
    ratio: FloatArray
    apl: FloatArray

    @classmethod
    def build(cls, minutes: sp.csr_array, demand: FloatArray, supply: FloatArray) -> AplState:
        m = sp.csr_array(minutes)
        w = sp.csr_array((DREES_DECAY(m.data), m.indices, m.indptr), shape=m.shape)
        wd = np.asarray(w.T @ demand, dtype=np.float64)
        ratio = _ratio(supply, wd)
        return cls(
            m, w, sp.csc_array(w), demand, supply, wd, ratio, np.asarray(w @ ratio, np.float64)
        )


def _ratio(supply: FloatArray, weighted_demand: FloatArray) -> FloatArray:
    out = np.zeros(supply.size)
    np.divide(supply, weighted_demand, out=out, where=weighted_demand > 0)
    return out


def with_supply(state: AplState, sites: IntArray, new_supply: FloatArray) -> FloatArray:
    """APL after the supply of ``sites`` becomes ``new_supply`` (only their catchments move)."""
    apl = state.apl.copy()
    w = state.weights_csc
    for j, value in zip(sites.tolist(), new_supply.tolist(), strict=True):
        d = state.weighted_demand[j]
        if d <= 0:
            continue  # supply nobody reaches changes nobody's APL
        delta = (value - state.supply[j]) / d
        lo, hi = w.indptr[j], w.indptr[j + 1]
        apl[w.indices[lo:hi]] += w.data[lo:hi] * delta
    return apl


@dataclass(frozen=True, eq=False)
class Recomputed:
    """APL after a change, and which communes had their value recomputed."""

    apl: FloatArray
    rows: IntArray


def with_changes(
    state: AplState,
    supply: FloatArray,
    minutes: sp.csr_array | None,
    demand: FloatArray | None = None,
) -> Recomputed:
    """APL after a new ``supply`` vector and, optionally, new ``minutes`` (same pairs stored)
    and a new ``demand`` (e.g. a seasonal peak).

    A demand change at commune *k* changes D_j of every site *j* within 20 minutes of *k*,
    hence R_j and the APL of the communes reaching those sites. Without new minutes nor demand
    this is :func:`with_supply` on the sites whose supply moved.
    """
    moved = np.flatnonzero(supply != state.supply)
    new_demand = state.demand if demand is None else np.asarray(demand, dtype=np.float64)
    changed_demand = np.flatnonzero(new_demand != state.demand)
    if minutes is None and not changed_demand.size:
        apl = with_supply(state, moved, supply[moved])
        w = state.weights_csc
        parts = [w.indices[w.indptr[j] : w.indptr[j + 1]] for j in moved]
        rows = np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)
        return Recomputed(apl, rows)
    if minutes is None:
        m, w_new, changed_cols = state.minutes, state.weights, np.zeros(0, dtype=np.int64)
    else:
        m = sp.csr_array(minutes)
        w_new = sp.csr_array((DREES_DECAY(m.data), m.indices, m.indptr), shape=m.shape)
        changed_cols = m.indices[w_new.data != state.weights.data]
    demand_cols = [w_new.indices[w_new.indptr[k] : w_new.indptr[k + 1]] for k in changed_demand]
    pair_rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    cols = np.unique(np.concatenate((changed_cols, moved, *demand_cols)))
    wd = state.weighted_demand.copy()
    sub = sp.csc_array(w_new[:, cols]) if cols.size else None
    if sub is not None:
        wd[cols] = np.asarray(sub.T @ new_demand, dtype=np.float64)
    ratio = state.ratio.copy()
    ratio[cols] = _ratio(supply[cols], wd[cols])
    touched = np.zeros(m.shape[0], dtype=bool)
    touched[pair_rows[np.isin(m.indices, cols)]] = True
    rows = np.flatnonzero(touched)
    apl = state.apl.copy()
    apl[rows] = np.asarray(w_new[rows] @ ratio, dtype=np.float64)
    return Recomputed(apl, rows)
