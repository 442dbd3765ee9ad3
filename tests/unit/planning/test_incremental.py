"""Incremental APL recomputation equals a full recomputation (1e-12)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from proxisante.access.apl import apl
from proxisante.access.traveltimes import TravelTimes
from proxisante.planning.scenarios.incremental import AplState, with_changes


def _random(rng, n):
    t = rng.uniform(0, 30, size=(n, n))
    t = (t + t.T) / 2
    np.fill_diagonal(t, rng.uniform(0, 8, size=n))
    t[t > 25] = np.inf
    o, d = np.nonzero(np.isfinite(t))
    minutes = sp.csr_array((t[o, d], (o, d)), shape=(n, n))
    demand = rng.uniform(10, 5000, size=n)
    supply = rng.choice([0.0, 4700.0, 9400.0], size=n)
    return minutes, demand, supply


def _full(minutes, demand, supply):
    return apl(supply, demand, TravelTimes(sp.csr_array(minutes), np.inf))


@pytest.mark.parametrize("seed", range(10))
def test_supply_change_incremental_equals_full(seed):
    rng = np.random.default_rng(seed)
    minutes, demand, supply = _random(rng, 60)
    state = AplState.build(minutes, demand, supply)
    np.testing.assert_allclose(state.apl, _full(minutes, demand, supply), rtol=0, atol=1e-12)
    new = supply.copy()
    sites = rng.choice(60, size=3, replace=False)
    new[sites] = np.maximum(new[sites] + rng.uniform(-6000, 6000, size=3), 0)
    res = with_changes(state, new, None)
    assert np.max(np.abs(res.apl - _full(minutes, demand, new))) <= 1e-12
    untouched = np.setdiff1d(np.arange(60), res.rows)
    assert np.array_equal(res.apl[untouched], state.apl[untouched])


@pytest.mark.parametrize("seed", range(10))
def test_time_scaling_incremental_equals_full(seed):
    rng = np.random.default_rng(100 + seed)
    minutes, demand, supply = _random(rng, 50)
    state = AplState.build(minutes, demand, supply)
    area = np.zeros(50, dtype=bool)
    area[rng.choice(50, size=5, replace=False)] = True
    rows = np.repeat(np.arange(50), np.diff(minutes.indptr))
    factor = rng.choice([0.7, 0.9, 1.2])
    data = np.where(area[rows] | area[minutes.indices], minutes.data * factor, minutes.data)
    scaled = sp.csr_array((data, minutes.indices, minutes.indptr), shape=minutes.shape)
    new = supply.copy()
    new[int(rng.integers(50))] += 4700.0
    res = with_changes(state, new, scaled)
    assert np.max(np.abs(res.apl - _full(scaled, demand, new))) <= 1e-12


@pytest.mark.parametrize("seed", range(10))
def test_demand_change_incremental_equals_full(seed):
    rng = np.random.default_rng(200 + seed)
    minutes, demand, supply = _random(rng, 50)
    state = AplState.build(minutes, demand, supply)
    new_demand = demand.copy()
    peak = rng.choice(50, size=4, replace=False)
    new_demand[peak] *= rng.uniform(1.2, 3.0, size=4)
    new = supply.copy()
    new[int(rng.integers(50))] += 4700.0
    res = with_changes(state, new, None, new_demand)
    assert np.max(np.abs(res.apl - _full(minutes, new_demand, new))) <= 1e-12
    untouched = np.setdiff1d(np.arange(50), res.rows)
    assert np.array_equal(res.apl[untouched], state.apl[untouched])
