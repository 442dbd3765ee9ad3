"""The ``estimate`` provider: distances, speed classes, intra-commune rule, missing points."""

from __future__ import annotations

import numpy as np
import pytest

from proxisante.access.travel.estimate import (
    ESTIMATE_NOTE,
    SpeedModel,
    estimate_times,
    estimate_times_to_points,
    intra_commune_minutes,
    neighbourhood_density,
)
from proxisante.access.travel.geodesy import EARTH_RADIUS_KM

ONE_SPEED = SpeedModel(detour=1.3, density_bounds=(), speeds_kmh=(60.0,), terminal_min=1.0)


def test_times_follow_the_documented_formula():
    lat = [46.0, 46.1, 46.3]
    tt = estimate_times([3.0] * 3, lat, [0.0] * 3, [0.0] * 3, 20.0, ONE_SPEED)
    km = np.radians(0.1) * EARTH_RADIUS_KM  # along a meridian
    expected = 1.0 + 1.3 * km / 60.0 * 60.0
    assert tt.minutes[0, 1] == pytest.approx(expected)
    assert tt.minutes[1, 0] == pytest.approx(expected)
    assert tt.minutes[0, 2] == 0.0 and (0, 2) not in set(zip(*tt.minutes.nonzero(), strict=True))
    assert tt.estimated and tt.provider == "estimate" and tt.notes == (ESTIMATE_NOTE,)


def test_speed_classes_use_both_ends():
    model = SpeedModel(detour=1.0, density_bounds=(100.0,), speeds_kmh=(60.0, 30.0), terminal_min=0)
    tt = estimate_times([3.0, 3.0], [46.0, 46.1], [10.0, 500.0], [0.0, 0.0], 60.0, model)
    km = np.radians(0.1) * EARTH_RADIUS_KM
    assert tt.minutes[0, 1] == pytest.approx(km * (1 / 60 + 1 / 30) / 2 * 60)


def test_intra_commune_time_and_missing_points():
    model = SpeedModel(detour=1.0, density_bounds=(), speeds_kmh=(60.0,), terminal_min=0.0)
    tt = estimate_times([3.0, np.nan], [46.0, np.nan], [0, 0], [np.pi * 9.0, 5.0], 20.0, model)
    # A disc of radius 3 km: 2/3 × 3 km at 60 km/h = 2 minutes.
    assert tt.minutes[0, 0] == pytest.approx(2.0)
    assert tt.minutes[1].nnz == 1  # the place without coordinates reaches only itself
    assert intra_commune_minutes([np.nan], [50.0], 1.3).tolist() == [0.0]


def test_times_to_points_is_zero_at_the_same_place():
    tt = estimate_times_to_points([3.0], [46.0], [0], [3.0, 3.5, np.nan], [46.0, 46.0, 1.0],
                                  [0, 0, 0], 30.0, ONE_SPEED)  # fmt: skip
    assert tt.minutes[0, 0] == 0.0
    assert tt.n_pairs == 1  # 38 km is beyond 30 minutes at 60 km/h × 1.3


def test_neighbourhood_density_sums_over_the_radius():
    d = neighbourhood_density([3.0, 3.02, 4.0], [46.0] * 3, [1000, 0, 10], [1.0, 9.0, 2.0], 5.0)
    assert d.tolist() == pytest.approx([100.0, 100.0, 5.0])


def test_speed_model_checks_its_parameters():
    with pytest.raises(ValueError, match="one more speed"):
        SpeedModel(density_bounds=(10.0,), speeds_kmh=(50.0,))
    with pytest.raises(ValueError, match="detour"):
        SpeedModel(detour=0.5)


@pytest.mark.parametrize("missing", [False, True])
def test_the_block_build_is_the_pair_list_build_to_the_bit(
    monkeypatch: pytest.MonkeyPatch, missing: bool
) -> None:
    """Large matrices are built by blocks of rows (bounded memory): same arrays as one list of
    pairs, whatever the block size; places without coordinates reach only themselves."""
    from proxisante.access.travel import estimate

    rng = np.random.default_rng(7)
    n = 700
    lon, lat = rng.uniform(2.0, 4.0, n), rng.uniform(45.0, 46.5, n)
    if missing:
        lon[[3, 50, 699]] = np.nan
    density = rng.choice([10.0, 40.0, 100.0, 500.0, 2000.0], n)
    area = rng.uniform(0.0, 40.0, n)
    monkeypatch.setattr(estimate, "SINGLE_SHOT_PAIRS", 10**12)
    at_once = estimate_times(lon, lat, density, area, 60.0).minutes
    assert at_once.nnz > 50_000
    monkeypatch.setattr(estimate, "SINGLE_SHOT_PAIRS", 0)
    for per_block, kept in ((5_000, 10**9), (5_000, 0), (10**9, 0)):
        monkeypatch.setattr(estimate, "PAIRS_PER_CHUNK", per_block)
        monkeypatch.setattr(estimate, "KEPT_PAIRS", kept)
        blocks = estimate_times(lon, lat, density, area, 60.0).minutes
        assert blocks.indptr.dtype == at_once.indptr.dtype
        assert blocks.indices.dtype == at_once.indices.dtype == np.int32
        assert np.array_equal(blocks.indptr, at_once.indptr)
        assert np.array_equal(blocks.indices, at_once.indices)
        assert np.array_equal(blocks.data, at_once.data)  # to the bit
        assert blocks.has_canonical_format
