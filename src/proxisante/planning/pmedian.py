"""p-median, exact, fast: Lagrangian bound + interchange heuristic, then a reduced MIP.

1. **Upper bound**: greedy opening then Teitz–Bart interchange (swap an open site for a closed
   one while the weighted time falls), evaluated on sparse pairs.
2. **Lower bound**: Lagrangian relaxation of "each demand point is assigned once", by
   subgradient: L(λ) = Σ_i λ_i + Σ_{open j} Σ_i min(0, c_ij − λ_i) (Beasley, 1993).
3. **Reduction**: a candidate *j* whose forced opening lifts the bound to the incumbent or above
   cannot be in a better solution; it is removed. The MIP of :mod:`planning.siting` on the
   candidates left is exact for the whole instance, and usually tiny.

Costs are c_ij = w_i · t_ij on stored pairs; a demand point with no open site within the
cut-off pays w_i · ``penalty`` (a dummy site always open).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from proxisante.types import BoolArray, FloatArray


@dataclass(frozen=True, eq=False)
class Costs:
    """Weighted costs of the stored pairs, by candidate (CSC), and the dummy cost per row."""

    csc: sp.csc_array
    dummy: FloatArray
    locked: BoolArray
    p: int

    @property
    def shape(self) -> tuple[int, int]:
        n, m = self.csc.shape
        return int(n), int(m)


def total_cost(costs: Costs, open_: BoolArray) -> float:
    """Σ_i min(dummy_i, min over open j of c_ij)."""
    return float(_best(costs, open_).sum())


def _best(costs: Costs, open_: BoolArray) -> FloatArray:
    best = costs.dummy.copy()
    c = costs.csc
    for j in np.flatnonzero(open_):
        lo, hi = c.indptr[j], c.indptr[j + 1]
        rows = c.indices[lo:hi]
        np.minimum.at(best, rows, c.data[lo:hi])
    return best


def _gains(costs: Costs, base: FloatArray) -> FloatArray:
    """Saving Σ_i max(0, base_i − c_ij) of opening each candidate j given costs ``base``."""
    c = costs.csc
    cols = np.repeat(np.arange(c.shape[1]), np.diff(c.indptr))
    save = np.maximum(base[c.indices] - c.data, 0.0)
    return np.bincount(cols, weights=save, minlength=c.shape[1]).astype(np.float64)


def heuristic(costs: Costs, start: BoolArray | None, deadline: float) -> BoolArray:
    """Greedy (unless ``start``) then first-improvement interchange until no swap helps."""
    open_ = costs.locked.copy() if start is None else start.copy()
    while int((open_ & ~costs.locked).sum()) < costs.p:
        g = _gains(costs, _best(costs, open_))
        g[open_] = -1.0
        open_[int(np.argmax(g))] = True
    improved = True
    current = total_cost(costs, open_)
    while improved and time.perf_counter() < deadline:
        improved = False
        for s in np.flatnonzero(open_ & ~costs.locked):
            without = open_.copy()
            without[s] = False
            base = _best(costs, without)
            g = _gains(costs, base)
            g[open_] = -1.0
            c = int(np.argmax(g))
            value = float(base.sum()) - float(g[c])
            if value < current - 1e-9 * max(1.0, current):
                open_[s], open_[c] = False, True
                current, improved = value, True
    return open_


def _start(costs: Costs) -> FloatArray:
    """λ_i = the p-th smallest cost of row i (capped by its dummy): a good start in practice."""
    r = sp.csr_array(costs.csc)
    if r.nnz == 0:
        return costs.dummy.copy()
    rows = np.repeat(np.arange(r.shape[0]), np.diff(r.indptr))
    order = np.lexsort((r.data, rows))
    k = max(costs.p, 1) - 1
    counts = np.diff(r.indptr)
    pick = r.indptr[:-1] + np.minimum(k, np.maximum(counts - 1, 0))
    lam = np.where(counts > 0, r.data[order][np.minimum(pick, r.nnz - 1)], np.inf)
    return np.asarray(np.minimum(lam, costs.dummy), dtype=np.float64)


def lagrangian(
    costs: Costs, upper: float, deadline: float, iterations: int = 3000
) -> tuple[float, FloatArray, BoolArray]:
    """Best bound found, the candidates' Lagrangian costs ρ_j there, and the bound's selection."""
    c = costs.csc
    n, m = costs.shape
    cols = np.repeat(np.arange(m), np.diff(c.indptr))
    lam = _start(costs)
    best = (-np.inf, np.zeros(m), np.zeros(m, dtype=bool))
    theta, stall = 2.0, 0
    for _ in range(iterations):
        red = np.minimum(c.data - lam[c.indices], 0.0)
        rho = np.bincount(cols, weights=red, minlength=m).astype(np.float64)
        chosen = _select(rho, costs)
        dummy_red = np.minimum(costs.dummy - lam, 0.0)
        bound = float(lam.sum() + rho[chosen].sum() + dummy_red.sum())
        if bound > best[0] + 1e-12 * max(1.0, abs(bound)):
            best, stall = (bound, rho, chosen), 0
        else:
            stall += 1
            if stall >= 60:
                theta, stall = theta / 2.0, 0
        if upper - best[0] <= 1e-9 * max(1.0, upper) or theta < 1e-6:
            break
        if time.perf_counter() > deadline:
            break
        assigned = np.bincount(c.indices[(red < 0) & chosen[cols]], minlength=n) + (dummy_red < 0)
        g = 1.0 - assigned
        norm = float(g @ g)
        if norm == 0:
            break
        lam = lam + theta * (upper - bound) / norm * g
    return best


def _select(rho: FloatArray, costs: Costs) -> BoolArray:
    chosen = costs.locked.copy()
    free = np.flatnonzero(~costs.locked)
    if costs.p:
        chosen[free[np.argsort(rho[free], kind="stable")[: costs.p]]] = True
    return chosen


def reducible(
    costs: Costs, bound: float, rho: FloatArray, chosen: BoolArray, upper: float
) -> BoolArray:
    """Candidates that no solution better than ``upper`` can open (reduced-cost test)."""
    free = ~costs.locked
    if costs.p == 0:
        return free.copy()
    worst_in = float(rho[chosen & free].max())
    forced = bound - worst_in + rho
    tol = 1e-9 * max(1.0, abs(upper))
    return free & ~chosen & (forced >= upper - tol)
