"""Great-circle geometry on WGS84 longitudes and latitudes (spherical Earth)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from proxisante.types import FloatArray

EARTH_RADIUS_KM = 6371.0088


def unit_vectors(lon_deg: npt.ArrayLike, lat_deg: npt.ArrayLike) -> FloatArray:
    """Points as 3-D unit vectors, shape (n, 3): chords in this space are monotone in distance."""
    lon = np.radians(np.asarray(lon_deg, dtype=np.float64))
    lat = np.radians(np.asarray(lat_deg, dtype=np.float64))
    c = np.cos(lat)
    return np.column_stack((c * np.cos(lon), c * np.sin(lon), np.sin(lat)))


def chord_for_km(distance_km: float) -> float:
    """Chord length (unit sphere) of a great-circle distance in km."""
    return float(2.0 * np.sin(min(distance_km / EARTH_RADIUS_KM, np.pi) / 2.0))


def km_from_chord(chord: npt.ArrayLike) -> FloatArray:
    """Great-circle distance in km from chord lengths on the unit sphere.

    Examples
    --------
    >>> v = unit_vectors([3.4246, 2.3522], [46.1297, 48.8566])
    >>> float(km_from_chord([np.linalg.norm(v[0] - v[1])])[0].round(0))
    314.0
    """
    c = np.clip(np.asarray(chord, dtype=np.float64), 0.0, 2.0)
    return np.asarray(2.0 * EARTH_RADIUS_KM * np.arcsin(c / 2.0), dtype=np.float64)


def great_circle_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> FloatArray:
    """Haversine distance in km between WGS84 points given in degrees (broadcasts).

    Examples
    --------
    >>> round(float(great_circle_km(3.333, 46.566, 3.426, 46.128)))  # Moulins → Vichy
    49
    """
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dlmb = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))
