"""Brute-force oracles for small siting instances (independent of the MIP models)."""

from __future__ import annotations

import itertools

import numpy as np
from scipy.optimize import linprog

INF = np.inf


def random_instance(rng: np.random.Generator, n: int, m: int, density: float = 0.6):
    """Dense times (inf = not stored), weights, capacities."""
    t = rng.uniform(0, 30, size=(n, m)).round(1)
    t[rng.random((n, m)) > density] = INF
    w = rng.integers(0, 50, size=n).astype(float)
    cap = rng.integers(5, 80, size=m).astype(float)
    return t, w, cap


def subsets(m: int, p: int, locked: np.ndarray):
    free = [j for j in range(m) if not locked[j]]
    for combo in itertools.combinations(free, p):
        chosen = locked.copy()
        chosen[list(combo)] = True
        yield chosen


def mclp_value(t, w, chosen, radius):
    return float(w[(t[:, chosen] <= radius).any(axis=1)].sum())


def p_median_value(t, w, chosen, penalty):
    best = np.min(np.where(np.isfinite(t[:, chosen]), t[:, chosen], INF), axis=1)
    best = np.where(np.isfinite(best) & (best <= penalty), best, penalty)
    return float(w @ best)


def capacitated_value(t, w, cap, chosen, radius):
    """Max flow demand → sites within radius, capacities: an LP (scipy)."""
    idx = np.flatnonzero(chosen)
    pairs = [(i, j) for i in range(len(w)) for j in idx if t[i, j] <= radius]
    if not pairs:
        return 0.0
    k = len(pairs)
    a_ub, b_ub = [], []
    for i in range(len(w)):
        a_ub.append([1.0 if p[0] == i else 0.0 for p in pairs])
        b_ub.append(w[i])
    for j in idx:
        a_ub.append([1.0 if p[1] == j else 0.0 for p in pairs])
        b_ub.append(cap[j])
    res = linprog(-np.ones(k), A_ub=np.array(a_ub), b_ub=np.array(b_ub), bounds=(0, None))
    return float(-res.fun)


def brute(values):
    return max(values)
