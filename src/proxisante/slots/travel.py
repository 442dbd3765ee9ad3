"""Travel-time functions between communes for the slot search.

A travel-time function takes two commune codes and returns minutes (or ``None`` when unknown).
The application gives the slot search the travel-time provider of ``proxisante.access``
(:func:`provider_travel_time`), the same one the registry and the diagnosis receive, so that a
trip has one figure everywhere. :func:`matrix_travel_time` wraps a given matrix;
:func:`great_circle_travel_time` is a self-contained formula kept for hand-made examples and
tests (great-circle distance × :data:`DETOUR_FACTOR` at :data:`SPEED_KMH`, plus
:data:`ACCESS_MIN`); the application never uses it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

from proxisante.access.port import TravelTimeProvider, trip_minutes
from proxisante.access.travel.geodesy import great_circle_km

TravelTime = Callable[[str, str], float | None]

#: Road distance over straight-line distance; ~1.3 is the usual figure for French rural and
#: peri-urban roads (the circuity factor measured for France is 1.2–1.4).
DETOUR_FACTOR = 1.3
#: Mean door-to-door driving speed on secondary roads, km/h.
SPEED_KMH = 60.0
#: Minutes to get in and out of the car, park, walk in.
ACCESS_MIN = 5.0


def great_circle_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine distance in metres between two WGS84 points (degrees).

    >>> round(great_circle_m(3.333, 46.566, 3.426, 46.128) / 1000)  # Moulins → Vichy
    49
    """
    return float(great_circle_km(lon1, lat1, lon2, lat2)) * 1000.0


def great_circle_travel_time(
    points: Mapping[str, tuple[float, float]],
    *,
    detour_factor: float = DETOUR_FACTOR,
    speed_kmh: float = SPEED_KMH,
    access_min: float = ACCESS_MIN,
) -> TravelTime:
    """A travel-time function from commune points ``code → (lon, lat)``."""

    def travel_min(origin: str, destination: str) -> float | None:
        if origin == destination:
            return access_min
        a, b = points.get(origin), points.get(destination)
        if a is None or b is None:
            return None
        km = great_circle_m(a[0], a[1], b[0], b[1]) / 1000 * detour_factor
        return access_min + km / speed_kmh * 60

    return travel_min


def matrix_travel_time(
    matrix: Mapping[tuple[str, str], float], *, symmetric: bool = True
) -> TravelTime:
    """A travel-time function from a matrix ``(origin, destination) → minutes``."""

    def travel_min(origin: str, destination: str) -> float | None:
        got = matrix.get((origin, destination))
        if got is None and symmetric:
            got = matrix.get((destination, origin))
        return got

    return travel_min


def provider_travel_time(provider: TravelTimeProvider) -> TravelTime:
    """A travel-time function asking the access provider (one trip, one figure).

    A commune to itself takes the provider's intra-commune time; answers are cached per pair.
    """

    @lru_cache(maxsize=65536)
    def travel_min(origin: str, destination: str) -> float | None:
        return trip_minutes(provider, origin, destination)

    return travel_min
