"""Travel times of a stored territory come from the access engine's travel-time provider."""

from __future__ import annotations

from proxisante.access.port import trip_minutes
from proxisante.access.providers import CommuneTravel
from proxisante.registry.travel import CommunePoints
from proxisante.registry.travel_provider import from_provider, stored_points_estimate
from tests.travel import national

from .conftest import VICHY  # type: ignore[import-not-found]


def test_bundle_communes_use_the_access_engine() -> None:
    points = CommunePoints.from_mapping({c.code: (c.lon, c.lat) for c in VICHY})
    matrix, note = from_provider(national())(points, 30.0)
    assert matrix is not None and matrix.shape == (3, 3)
    assert "Temps de trajet estimés" in note
    assert matrix[0, 0] > 0  # an intra-commune trip takes some minutes in the access model
    a, b = points.codes[0], points.codes[1]
    assert matrix[0, 1] == trip_minutes(national(), a, b)


def test_the_default_is_the_access_provider_on_stored_points() -> None:
    points = CommunePoints.from_mapping({"a": (3.0, 46.0), "b": (3.0, 46.1)})
    matrix, note = stored_points_estimate(points, 60.0)
    assert matrix is not None and "Temps de trajet estimés" in note
    table = _two_communes().assign(area_km2=float("nan"), population=0)
    assert matrix[0, 1] == trip_minutes(CommuneTravel.from_table(table), "a", "b")


def test_unknown_communes_reach_nothing_and_are_named() -> None:
    points = CommunePoints.from_mapping({"99999": (3.0, 46.0), "03310": (3.4258, 46.1277)})
    matrix, note = from_provider(national())(points, 30.0)
    assert matrix is not None
    assert matrix[0, 1] == 0 and matrix[1, 0] == 0  # not stored: unreachable
    assert "99999" in note


def test_a_given_provider_is_used() -> None:
    provider = CommuneTravel.from_table(_two_communes())
    travel = from_provider(provider)
    matrix, _ = travel(CommunePoints.from_mapping({"a": (3.0, 46.0), "b": (3.0, 46.1)}), 60.0)
    assert matrix is not None and matrix[0, 1] == trip_minutes(provider, "a", "b")


def _two_communes():  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.DataFrame(
        {"lon": [3.0, 3.0], "lat": [46.0, 46.1], "area_km2": [10.0, 10.0], "population": [1, 1]},
        index=pd.Index(["a", "b"]),
    )
