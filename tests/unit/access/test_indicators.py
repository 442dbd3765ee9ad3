"""Nearest facility, share beyond a time, density, aggregation, fidelity metrics."""

from __future__ import annotations

import numpy as np
import pytest

from proxisante.access.aggregate import share_below_by_group, weighted_mean_by_group
from proxisante.access.fidelity import compare, compare_by_levels
from proxisante.access.nearest import density_per_10k, nearest_minutes, share_beyond
from proxisante.access.traveltimes import from_dense
from proxisante.errors import InternalError


def test_nearest_ignores_places_without_facility_and_beyond_cutoff():
    tt = from_dense(np.array([[0.0, 12.0, 50.0], [70.0, 3.0, 9.0], [np.inf] * 3]), 60.0)
    assert nearest_minutes(tt, [False, True, True]).tolist() == [12.0, 3.0, np.inf]
    assert nearest_minutes(tt, [True, False, False]).tolist() == [0.0, np.inf, np.inf]
    with pytest.raises(InternalError, match="3 valeurs"):
        nearest_minutes(tt, [True])


def test_share_beyond_uses_plain_population():
    assert share_beyond([10.0, 31.0, np.inf], [50.0, 25.0, 25.0], 30.0) == 0.5
    assert share_beyond([30.0], [10.0], 30.0) == 0.0  # "beyond" is strictly over
    assert np.isnan(share_beyond([1.0], [0.0], 30.0))


def test_density_per_10k():
    assert density_per_10k([5, 1], [25_000, 0]).tolist()[0] == 2.0


def test_area_apl_is_weighted_by_standardised_population_and_shares_by_population():
    apl = [1.0, 3.0, 5.0]
    std_pop = [100.0, 300.0, 0.0]
    pop = [200.0, 200.0, 100.0]
    assert weighted_mean_by_group(apl, std_pop, [0, 0, 1], 2).tolist() == [
        2.5,
        pytest.approx(np.nan, nan_ok=True),
    ]
    assert share_below_by_group(apl, pop, [0, 0, 0], 1, 2.5).tolist() == [0.4]


def test_fidelity_metrics_by_level():
    computed = np.array([1.0, 2.0, 3.0, 4.0, np.nan])
    official = np.array([1.1, 2.6, 2.9, 4.2, 3.0])
    pop = np.array([10.0, 20.0, 30.0, 40.0, 50.0])
    s = compare(computed, official, pop)
    assert s.n == 4 and s.spearman == 1.0
    assert s.mean_absolute_error == pytest.approx((0.1 + 0.6 + 0.1 + 0.2) / 4)
    assert s.under_served_agreement_areas == 0.75  # commune 2: 2.0 vs 2.6
    assert s.under_served_agreement_population == pytest.approx(80 / 100)
    levels = compare_by_levels(
        computed, official, pop, pop, pop, {"dep": ["a", "a", "b", "b", "c"]}
    )
    assert levels["dep"].n == 2 and np.isnan(levels["dep"].spearman)  # fewer than 3 areas
