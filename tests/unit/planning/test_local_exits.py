"""Place and catchment: the conversion between them and the inversion, on synthetic data where
the truth is known."""

from __future__ import annotations

import numpy as np
import pytest

from proxisante.access.traveltimes import from_dense
from proxisante.planning.projection import local_exits as le


def _grid(n_side: int, step_min: float, seed: int):
    """Communes on a square grid ``step_min`` minutes apart (Manhattan travel), a random
    standardised demand, GPs in about half of them."""
    rng = np.random.default_rng(seed)
    xy = np.array([(i, j) for i in range(n_side) for j in range(n_side)], dtype=float)
    minutes = step_min * np.abs(xy[:, None, :] - xy[None, :, :]).sum(axis=2)
    times = from_dense(minutes, 20.0)
    demand = rng.uniform(200.0, 3000.0, size=len(xy))
    gps = np.where(rng.random(len(xy)) < 0.5, rng.integers(1, 6, size=len(xy)), 0)
    return times, demand, gps.astype(float), rng


def _truth(gps: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Share over 65 of each place: k of its n GPs, as real places are (0, 1/n, …, 1)."""
    k = rng.binomial(gps.astype(int), 0.2)
    return np.where(gps > 0, k / np.maximum(gps, 1), np.nan)


def test_catchment_rows_are_shares_of_each_commune_apl():
    times, demand, gps, _ = _grid(5, 6.0, 0)
    c = le.catchment(gps * 4700.0, demand, times)
    from proxisante.access.apl import apl

    assert np.allclose(c.model_apl, apl(gps * 4700.0, demand, times))
    sums = np.asarray(c.contribution.sum(axis=1)).ravel()
    assert np.allclose(sums[c.model_apl > 0], 1.0)
    # a place's share over 65 seen from a commune is the mean of the places it reaches
    one = np.where(gps > 0, 1.0, np.nan)
    assert np.allclose(le.to_catchment(c, one)[c.model_apl > 0], 1.0)


def test_separate_catchments_are_recovered_exactly():
    """Places 30 minutes apart: each commune reaches one place, the inversion is exact."""
    times, demand, gps, rng = _grid(4, 30.0, 1)
    gps = np.maximum(gps, 1.0)
    truth = _truth(gps, rng)
    c = le.catchment(gps * 4700.0, demand, times)
    exposure = le.to_catchment(c, truth)
    out = le.to_place(c, exposure, demand, np.full(len(gps), 0.5), strength=1e-6)
    assert out.estimated.all()
    assert np.allclose(out.share, truth, atol=1e-4)


@pytest.mark.parametrize("seed", [2, 3, 4])
def test_overlapping_catchments_recover_a_synthetic_truth(seed):
    """Places 6 minutes apart (each commune reaches up to 12 places): the inversion recovers the
    truth, weighted by supply, within 0.05 on average and better than taking each commune's
    catchment exposure as its place share (the rule before the inversion)."""
    times, demand, gps, rng = _grid(7, 6.0, seed)
    truth = _truth(gps, rng)
    supply = gps * 4700.0
    c = le.catchment(supply, demand, times)
    exposure = le.to_catchment(c, truth)
    prior = np.where(np.isfinite(exposure), exposure, 0.2)
    out = le.to_place(c, exposure, demand, prior, strength=1e-4)
    places = gps > 0
    error = np.average(np.abs(out.share[places] - truth[places]), weights=supply[places])
    naive = np.average(np.abs(exposure[places] - truth[places]), weights=supply[places])
    assert error < 0.05
    assert error < 0.5 * naive
    assert ((out.share[places] >= 0) & (out.share[places] <= 1)).all()
    # the estimates give back the catchment exposures they were fitted on
    assert out.residual < 0.01
    # whatever the split between places, the supply-weighted total is kept
    total = np.average(out.share[places], weights=supply[places])
    assert total == pytest.approx(np.average(truth[places], weights=supply[places]), abs=0.01)


def test_the_ridge_pulls_undetermined_places_to_the_prior():
    """Two places in the same commune-pair, reached by the same residents: only their mix is
    known. A strong ridge keeps both at the prior's mix; bounds hold."""
    times = from_dense(np.array([[0.0, 1.0], [1.0, 0.0]]), 20.0)
    c = le.catchment(np.array([1.0, 1.0]), np.array([1.0, 1.0]), times)
    exposure = np.array([0.5, 0.5])
    out = le.to_place(c, exposure, np.ones(2), np.array([0.5, 0.5]), strength=1.0)
    assert np.allclose(out.share, [0.5, 0.5], atol=1e-6)
    skew = le.to_place(c, exposure, np.ones(2), np.array([1.0, 0.0]), strength=1e-3)
    assert skew.share[0] > 0.9 and skew.share[1] < 0.1  # the prior decides the split
    assert np.mean(skew.share) == pytest.approx(0.5, abs=1e-3)  # the data decide the mix


def test_a_block_gives_the_same_values_whatever_else_is_solved():
    times, demand, gps, rng = _grid(6, 7.0, 5)
    truth = _truth(gps, rng)
    c = le.catchment(gps * 4700.0, demand, times)
    exposure = le.to_catchment(c, truth)
    blocks = (np.arange(36) % 6 >= 3).astype(np.int64)  # two halves of the grid
    prior = np.full(36, 0.2)
    alone = le.to_place(c, exposure, demand, prior, blocks=blocks, solve=[0])
    both = le.to_place(c, exposure, demand, prior, blocks=blocks)
    mine = (blocks == 0) & (gps > 0)
    assert alone.estimated[mine].all() and not alone.estimated[blocks == 1].any()
    assert np.array_equal(alone.share[mine], both.share[mine])


def test_catchment_exposure_is_bounded():
    r = le.catchment_exposure(np.array([2.0, 2.0, np.nan]), np.array([2.5, -1.0, 1.0]))
    assert r[0] == 0.0 and r[1] == 1.0 and np.isnan(r[2])
