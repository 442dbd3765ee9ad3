"""Travel times of a stored territory: the access engine's estimate when it knows the communes."""

from __future__ import annotations

from proxisante.registry.travel import CommunePoints
from proxisante.store.registry_travel import STRAIGHT_LINE_NOTE, access_estimate

from .conftest import VICHY  # type: ignore[import-not-found]


def test_bundle_communes_use_the_access_engine() -> None:
    points = CommunePoints.from_mapping({c.code: (c.lon, c.lat) for c in VICHY})
    matrix, note = access_estimate(points, 30.0)
    assert matrix is not None and matrix.shape == (3, 3)
    assert "Temps de trajet estimés" in note and note != STRAIGHT_LINE_NOTE
    assert matrix[0, 0] > 0  # an intra-commune trip takes some minutes in the access model


def test_unknown_communes_fall_back_to_the_straight_line() -> None:
    points = CommunePoints.from_mapping({"99999": (3.0, 46.0), "03310": (3.4258, 46.1277)})
    assert access_estimate(points, 30.0) == (None, STRAIGHT_LINE_NOTE)
