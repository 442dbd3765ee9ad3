"""Decay bounds and the sparse travel-time schema."""

from __future__ import annotations

import numpy as np
import pytest

from proxisante.access.apl import DREES_DECAY
from proxisante.access.decay import StepDecay
from proxisante.access.traveltimes import from_dense, from_pairs


def test_drees_bounds_are_exclusive_upper_bounds():
    t = np.array([0.0, 9.999, 10.0, 14.999, 15.0, 19.999, 20.0, 45.0])
    np.testing.assert_allclose(DREES_DECAY(t), [1, 1, 2 / 3, 2 / 3, 1 / 3, 1 / 3, 0, 0])
    assert DREES_DECAY.cutoff_min == 20.0


def test_step_decay_rejects_bad_bounds():
    with pytest.raises(ValueError, match="increase"):
        StepDecay((10.0, 5.0), (1.0, 0.5))
    with pytest.raises(ValueError, match="as many"):
        StepDecay((10.0,), (1.0, 0.5))


def test_zero_minute_trips_are_kept_and_duplicates_keep_the_minimum():
    tt = from_pairs(
        np.array([0, 0, 0, 1]),
        np.array([0, 1, 1, 1]),
        np.array([0.0, 12.0, 9.0, 30.0]),
        (2, 2),
        20.0,
    )
    assert tt.n_pairs == 2  # (0,0) at 0 min and (0,1) at 9 min; (1,1) is over the cutoff
    assert tt.minutes[0, 0] == 0.0 and tt.minutes[0, 1] == 9.0
    w = tt.weights(DREES_DECAY).toarray()
    assert w.tolist() == [[1.0, 1.0], [0.0, 0.0]]


def test_transpose_and_dense_round_trip():
    dense = np.array([[1.0, np.inf], [3.0, 4.0]])
    tt = from_dense(dense, 10.0)
    assert tt.transpose().minutes.toarray().tolist() == [[1.0, 3.0], [0.0, 4.0]]
    assert tt.shape == (2, 2)
