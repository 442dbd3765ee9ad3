"""Choosing a provider, and the intra-commune rule that all providers share."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from proxisante.access._errors import TravelSpecError
from proxisante.access.providers import (
    CommunePoints,
    TravelSpec,
    commune_times,
    load_source,
    parse_travel_spec,
)
from proxisante.access.travel.estimate import DEFAULT_SPEED_MODEL, intra_commune_minutes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "access"


def points() -> CommunePoints:
    return CommunePoints(
        codes=("03310", "03095", "03185"),
        lon=np.array([3.0, 3.15, 3.5]),
        lat=np.array([46.0, 46.0, 47.0]),
        area_km2=np.array([20.0, 300.0, 10.0]),
        density=np.array([100.0, 10.0, 10.0]),
    )


@pytest.mark.parametrize("text", ["", "estimate:x", "road", "road:", "osrm:x.csv", "matrix"])
def test_bad_specs(text):
    with pytest.raises(TravelSpecError, match=r"road:allier\.osm\.pbf"):
        parse_travel_spec(text)


def test_spec_round_trip():
    assert str(parse_travel_spec("matrix:m.csv")) == "matrix:m.csv"
    assert parse_travel_spec("estimate") == TravelSpec("estimate")


def test_road_and_matrix_use_the_intra_commune_rule_on_the_diagonal():
    p = points()
    intra = intra_commune_minutes(
        p.area_km2, DEFAULT_SPEED_MODEL.speed_kmh(p.density), DEFAULT_SPEED_MODEL.detour
    )
    road_source = load_source(TravelSpec("road", FIXTURES / "mini_roads.osm"))
    road, covered = commune_times(p, road_source, 30.0)
    assert covered.tolist() == [True, True, False]
    np.testing.assert_allclose(road.minutes.diagonal(), intra)
    assert road.minutes[0, 1] > 0 and road.provider == "road" and not road.estimated
    matrix, covered = commune_times(
        p, load_source(TravelSpec("matrix", FIXTURES / "matrix_valid.csv")), 30.0
    )
    # The file gives 03310 → 03310 (2 min) and 03095 → 03095 (0 min); 03185 gets the rule.
    assert matrix.minutes.diagonal().tolist() == pytest.approx([2.0, 0.0, intra[2]])
    assert covered.tolist() == [True, True, False]
