"""`plan site` exact models against brute force on random small instances."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from proxisante.planning.siting.exact import SitingOptions, solve_exact
from proxisante.planning.siting.instance import make_instance
from tests.unit.planning._oracle import (
    capacitated_value,
    mclp_value,
    p_median_value,
    random_instance,
    subsets,
)


def _instance(t, w, cap=None, locked=None):
    n, m = t.shape
    o, d = np.nonzero(np.isfinite(t))
    minutes = sp.csr_array((t[o, d], (o, d)), shape=(n, m))
    return make_instance(
        [f"d{i}" for i in range(n)],
        w,
        [f"c{j}" for j in range(m)],
        minutes,
        capacity=cap,
        locked=locked,
    )


@pytest.mark.parametrize("seed", range(12))
def test_mclp_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(3, 12)), int(rng.integers(2, 8))
    p = int(rng.integers(1, m))
    t, w, _ = random_instance(rng, n, m)
    locked = rng.random(m) < 0.2
    p = min(p, int((~locked).sum()))
    inst = _instance(t, w, locked=locked)
    res = solve_exact(inst, SitingOptions("mclp", p, radius_min=15.0))
    best = max(mclp_value(t, w, c, 15.0) for c in subsets(m, p, locked))
    assert res.value == pytest.approx(best, abs=1e-6)
    chosen = np.array([f"c{j}" in res.selected for j in range(m)])
    assert mclp_value(t, w, chosen, 15.0) == pytest.approx(best, abs=1e-6)
    assert res.gap <= 1e-6


@pytest.mark.parametrize("seed", range(12))
def test_p_median_matches_brute_force(seed):
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(3, 12)), int(rng.integers(2, 8))
    p = int(rng.integers(1, m))
    t, w, _ = random_instance(rng, n, m, density=0.8)
    inst = _instance(t, w)
    res = solve_exact(inst, SitingOptions("p-median", p, radius_min=25.0))
    best = min(p_median_value(t, w, c, 25.0) for c in subsets(m, p, np.zeros(m, bool)))
    assert res.value == pytest.approx(best, abs=1e-6)
    chosen = np.array([f"c{j}" in res.selected for j in range(m)])
    assert p_median_value(t, w, chosen, 25.0) == pytest.approx(best, abs=1e-6)


@pytest.mark.parametrize("seed", range(10))
def test_capacitated_matches_brute_force(seed):
    rng = np.random.default_rng(200 + seed)
    n, m = int(rng.integers(3, 10)), int(rng.integers(2, 7))
    p = int(rng.integers(1, m))
    t, w, cap = random_instance(rng, n, m)
    inst = _instance(t, w, cap=cap)
    res = solve_exact(inst, SitingOptions("capacitated", p, radius_min=18.0))
    best = max(capacitated_value(t, w, cap, c, 18.0) for c in subsets(m, p, np.zeros(m, bool)))
    assert res.value == pytest.approx(best, abs=1e-5)
    chosen = np.array([f"c{j}" in res.selected for j in range(m)])
    assert capacitated_value(t, w, cap, chosen, 18.0) == pytest.approx(best, abs=1e-5)


def test_budget_limits_the_cost_of_opened_sites():
    t = np.array([[1.0, 1.0, 1.0], [30.0, 2.0, 30.0], [30.0, 30.0, 3.0]])
    w = np.array([10.0, 20.0, 30.0])
    inst = make_instance(
        ["a", "b", "c"], w, ["x", "y", "z"], sp.csr_array(t), cost=np.array([1.0, 5.0, 8.0])
    )
    res = solve_exact(inst, SitingOptions("mclp", 2, radius_min=10.0, budget=9.0))
    assert set(res.opened) == {"x", "z"} and res.value == pytest.approx(40.0)


def _dense_p_median(seed):
    rng = np.random.default_rng(300 + seed)
    n, m = 60, 14
    # two clusters of demand, candidates spread: the linear relaxation is rarely integral
    pts = np.concatenate([rng.normal(0, 8, (n // 2, 2)), rng.normal(20, 8, (n - n // 2, 2))])
    sites = rng.uniform(-10, 30, (m, 2))
    t = np.linalg.norm(pts[:, None, :] - sites[None, :, :], axis=2).round(1)
    w = rng.integers(1, 50, n).astype(float)
    return t, w


def _brute_p_median(t, w, p):
    from itertools import combinations

    return min(float(w @ t[:, list(c)].min(axis=1)) for c in combinations(range(t.shape[1]), p))


@pytest.mark.parametrize("seed", range(8))
def test_p_median_enumeration_and_mip_paths_match_brute_force(seed, monkeypatch):
    from proxisante.planning.siting import pmedian

    t, w = _dense_p_median(seed)
    p = 3 + seed % 3
    inst = _instance(t, w)
    best = _brute_p_median(t, w, p)
    res = solve_exact(inst, SitingOptions("p-median", p))
    assert res.value == pytest.approx(best, rel=1e-9) and res.optimal and res.gap <= 1e-9
    monkeypatch.setattr(pmedian, "MAX_ENUMERATION_WORK", 0)
    mip = solve_exact(inst, SitingOptions("p-median", p))
    assert mip.value == pytest.approx(best, rel=1e-9)


def test_p_median_enumeration_path_is_taken_on_some_instance():
    methods = []
    for seed in range(8):
        t, w = _dense_p_median(seed)
        methods.append(solve_exact(_instance(t, w), SitingOptions("p-median", 3 + seed % 3)).method)
    assert any("énumération" in m for m in methods), methods
