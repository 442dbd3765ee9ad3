"""p-median, exact, fast: Lagrangian bound + interchange heuristic, then a reduced MIP.

1. **Upper bound**: greedy opening then Teitz–Bart interchange (swap an open site for a closed
   one while the weighted time falls), evaluated on sparse pairs.
2. **Lower bound**: Lagrangian relaxation of "each demand point is assigned once", by
   subgradient: L(λ) = Σ_i λ_i + Σ_{open j} Σ_i min(0, c_ij − λ_i) (Beasley, 1993).
3. **Reduction**: a candidate *j* whose forced opening lifts the bound to the incumbent or above
   cannot be in a better solution; it is removed. The MIP of :mod:`planning.siting.exact` on the
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
    m = costs.shape[1]
    reduced = _Reduced(costs)
    lam = _start(costs)
    best = (-np.inf, np.zeros(m), np.zeros(m, dtype=bool))
    theta, stall = 2.0, 0
    for _ in range(iterations):
        rho = reduced.rho(lam)
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
        g = 1.0 - reduced.assigned(chosen) - (dummy_red < 0)
        norm = float(g @ g)
        if norm == 0:
            break
        lam = lam + theta * (upper - bound) / norm * g
    return best


class _Reduced:
    """min(0, c_ij − λ_i) summed by candidate, on a dense block when the pairs fill it."""

    def __init__(self, costs: Costs) -> None:
        c = costs.csc
        n, m = costs.shape
        self.cols = np.repeat(np.arange(m), np.diff(c.indptr))
        self.c = c
        self.n, self.m = n, m
        self.dense: FloatArray | None = None
        if n * m <= 3 * c.nnz and n * m <= 20_000_000:
            self.dense = np.full((n, m), np.inf)
            self.dense[c.indices, self.cols] = c.data
        self.red = np.zeros(0)

    def rho(self, lam: FloatArray) -> FloatArray:
        if self.dense is not None:
            self.red = np.minimum(self.dense - lam[:, None], 0.0)
            return np.asarray(self.red.sum(axis=0), dtype=np.float64)
        self.red = np.minimum(self.c.data - lam[self.c.indices], 0.0)
        return np.bincount(self.cols, weights=self.red, minlength=self.m).astype(np.float64)

    def assigned(self, chosen: BoolArray) -> FloatArray:
        """How many selected candidates each demand point would be assigned to."""
        if self.dense is not None:
            return np.asarray((self.red[:, chosen] < 0).sum(axis=1), dtype=np.float64)
        hit = (self.red < 0) & chosen[self.cols]
        return np.bincount(self.c.indices[hit], minlength=self.n).astype(np.float64)


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


def must_open(
    costs: Costs, bound: float, rho: FloatArray, chosen: BoolArray, upper: float
) -> BoolArray:
    """Candidates that every solution better than ``upper`` opens (reduced-cost test).

    Closing a candidate *j* of the bound's selection replaces it by the best candidate outside
    it, so ``bound − ρ_j + min ρ(outside)`` bounds every solution without *j*; when that is at
    least ``upper``, *j* is open in any better solution.
    """
    free = ~costs.locked
    outside = rho[free & ~chosen]
    if costs.p == 0 or outside.size == 0:
        return free & chosen
    tol = 1e-9 * max(1.0, abs(upper))
    return free & chosen & (bound - rho + float(outside.min()) >= upper - tol)


MAX_ENUMERATION_WORK = 4e8
"""Largest (subsets × demand rows × sites per subset) enumerated exactly; beyond, a MIP."""


def enumerate_best(
    costs: Costs, keep: BoolArray, fixed: BoolArray
) -> tuple[BoolArray, float] | None:
    """The best selection among ``keep`` that opens every ``fixed`` candidate, by enumeration.

    Exact: every subset of the candidates left is evaluated (vectorised, in chunks). Returns
    ``None`` when the enumeration would exceed :data:`MAX_ENUMERATION_WORK`.
    """
    fixed = fixed | costs.locked
    pool = np.flatnonzero(keep & ~fixed)
    q = costs.p - int((fixed & ~costs.locked).sum())
    if q < 0 or q > pool.size:
        return None
    base = _best(costs, fixed)
    stored = sp.csc_array(costs.csc[:, pool])
    block = np.full(stored.shape, np.inf)
    cols = np.repeat(np.arange(pool.size), np.diff(stored.indptr))
    block[stored.indices, cols] = stored.data
    block = np.minimum(block, base[:, None])
    live = np.flatnonzero((block < base[:, None]).any(axis=1))
    const = float(base.sum() - base[live].sum())
    sub = np.ascontiguousarray(block[live])
    if q == 0 or live.size == 0:
        best_set: tuple[int, ...] = tuple(range(q))
        return _open(fixed, pool, best_set), float(base.sum())
    from math import comb

    if comb(pool.size, q) * max(live.size, 1) * q > MAX_ENUMERATION_WORK:
        return None
    return _scan(sub, const, fixed, pool, q)


def _scan(
    sub: FloatArray, const: float, fixed: BoolArray, pool: np.ndarray, q: int
) -> tuple[BoolArray, float]:
    from itertools import combinations, islice

    chunk = max(1, int(4e6 // (sub.shape[0] * q)))
    it = combinations(range(pool.size), q)
    best_value, best_set = np.inf, tuple(range(q))
    while True:
        block = np.fromiter((j for c in islice(it, chunk) for j in c), dtype=np.int64).reshape(
            -1, q
        )
        if block.size == 0:
            break
        values = sub[:, block].min(axis=2).sum(axis=0)
        k = int(np.argmin(values))
        if values[k] < best_value:
            best_value, best_set = float(values[k]), tuple(int(j) for j in block[k])
    return _open(fixed, pool, best_set), const + best_value


def _open(fixed: BoolArray, pool: np.ndarray, picked: tuple[int, ...]) -> BoolArray:
    out = fixed.copy()
    out[pool[list(picked)]] = True
    return out
