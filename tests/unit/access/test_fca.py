"""E2SFCA against a slow, obvious implementation written here."""

from __future__ import annotations

import numpy as np

from proxisante.access.decay import StepDecay, gaussian_decay
from proxisante.access.fca import plain_2sfca_decay, two_step_fca, two_step_fca_detail
from proxisante.access.traveltimes import from_dense


def simple_e2sfca(supply, demand, minutes, weight):
    """Loops over every pair, as the method is written in papers."""
    n, m = minutes.shape
    ratio = []
    for j in range(m):
        d = sum(weight(minutes[i, j]) * demand[i] for i in range(n))
        ratio.append(supply[j] / d if d > 0 else 0.0)
    return [sum(weight(minutes[i, j]) * ratio[j] for j in range(m)) for i in range(n)]


def test_matches_the_loops_on_a_rectangular_matrix():
    rng = np.random.default_rng(3)
    minutes = rng.uniform(0, 40, size=(30, 12))
    supply = rng.uniform(0, 5000, 12)
    demand = rng.uniform(0, 2000, 30)
    decay = StepDecay((10.0, 20.0, 30.0), (1.0, 0.6, 0.2))

    def weight(t: float) -> float:
        return float(decay(np.array([t]))[0])

    got = two_step_fca(supply, demand, from_dense(minutes, decay.cutoff_min), decay)
    np.testing.assert_allclose(got, simple_e2sfca(supply, demand, minutes, weight), rtol=1e-12)


def test_gaussian_and_plain_decays():
    minutes = np.array([[0.0, 20.0], [20.0, 0.0]])
    tt = from_dense(minutes, 60.0)
    plain = two_step_fca([100.0, 0.0], [10.0, 10.0], tt, plain_2sfca_decay(30.0))
    assert plain.tolist() == [5.0, 5.0]
    gauss = two_step_fca([100.0, 0.0], [10.0, 10.0], tt, gaussian_decay(40.0))
    assert gauss[0] > gauss[1] > 0


def test_unreached_supply_is_reported():
    tt = from_dense(np.array([[0.0, np.inf], [np.inf, np.inf]]), 20.0)
    detail = two_step_fca_detail([10.0, 7.0], [5.0, 0.0], tt, StepDecay((20.0,), (1.0,)))
    assert detail.unreached_supply == 7.0
    assert detail.accessibility.tolist() == [2.0, 0.0]
