"""Travel times between communes for the matching.

The application always gives the matching a matrix from the access engine's travel-time
provider (``registry.travel_provider.from_provider``; see ``proxisante.access.port``), so that a
trip has the same minutes in the registry, the slot search and the diagnosis. Only when a caller
passes no matrix at all (the matching core's hand-made unit tests) is the time estimated here
from the great-circle distance between town halls::

    travel_time_min = great_circle_km × DETOUR_FACTOR / SPEED_KMH × 60

with ``DETOUR_FACTOR = 1.3`` (roads are on average about 30 % longer than the straight line in
rural France) and ``SPEED_KMH = 50`` (a mixed urban/rural average door-to-door speed). It is an
*estimate*: pages and reports say so. Two patients of the same commune are 0 minutes apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from proxisante.access.travel.geodesy import chord_for_km, great_circle_km, unit_vectors
from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.types import FloatArray, IntArray

DETOUR_FACTOR = 1.3
SPEED_KMH = 50.0


def estimated_travel_time_min(distance_km: FloatArray) -> FloatArray:
    """Straight-line distance → minutes, with the documented detour factor and speed."""
    return np.asarray(distance_km * DETOUR_FACTOR / SPEED_KMH * 60.0)


@dataclass(frozen=True)
class CommunePoints:
    """Town-hall coordinates (WGS84 degrees) of the communes the matching may meet."""

    codes: tuple[str, ...]
    lon: FloatArray
    lat: FloatArray

    @classmethod
    def from_mapping(cls, points: Mapping[str, tuple[float, float]]) -> CommunePoints:
        """From ``{code: (lon, lat)}``."""
        codes = tuple(points)
        arr = np.array([points[c] for c in codes], dtype=np.float64).reshape(-1, 2)
        return cls(codes=codes, lon=arr[:, 0], lat=arr[:, 1])


TravelMatrix: TypeAlias = Mapping[tuple[str, str], float] | sp.sparray
"""Either ``{(from_code, to_code): minutes}`` or a sparse square matrix of minutes aligned on
``CommunePoints.codes`` (stored entries only are reachable), such as the ``minutes`` of the
access engine's :class:`proxisante.access.traveltimes.TravelTimes`."""


def commune_pairs_within(
    points: CommunePoints,
    origins: IntArray,
    destinations: IntArray,
    max_time_min: float,
    matrix: TravelMatrix | None = None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs (origin index, destination index, minutes) with a travel time ≤ ``max_time_min``.

    ``origins`` and ``destinations`` index ``points``. With ``matrix`` (see :data:`TravelMatrix`),
    its times are used and pairs missing from it are unreachable (a mapping treats a commune as 0
    minutes from itself); otherwise the straight-line estimate is used, searched with a k-d tree
    on the unit sphere.
    """
    if isinstance(matrix, sp.sparray | sp.spmatrix):
        n = len(points.codes)
        if matrix.shape != (n, n):  # the provider's matrix is not the territory's: a bug
            raise InternalError(
                _(
                    "La matrice des temps de trajet a la forme {shape} ; attendu ({n}, {n}), une "
                    "ligne et une colonne par commune du territoire, dans le même ordre."
                ).format(shape=matrix.shape, n=n)
            )
        sub = sp.csr_array(matrix)[origins][:, destinations].tocoo()
        keep = sub.data <= max_time_min
        return (
            np.asarray(origins)[sub.row[keep]].astype(np.int64),
            np.asarray(destinations)[sub.col[keep]].astype(np.int64),
            np.asarray(sub.data[keep], dtype=np.float64),
        )
    if matrix is not None:
        oi, di, tt = [], [], []
        for o in origins.tolist():
            for d in destinations.tolist():
                t = 0.0 if o == d else matrix.get((points.codes[o], points.codes[d]))
                if t is not None and t <= max_time_min:
                    oi.append(o)
                    di.append(d)
                    tt.append(float(t))
        return (np.array(oi, dtype=np.int64), np.array(di, dtype=np.int64), np.array(tt))
    if len(origins) == 0 or len(destinations) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    max_km = max_time_min / 60.0 * SPEED_KMH / DETOUR_FACTOR
    # chord length on the unit sphere for that great-circle distance
    chord = chord_for_km(max_km) * (1 + 1e-9)
    xyz = unit_vectors(points.lon, points.lat)
    tree = cKDTree(xyz[destinations])
    found = tree.query_ball_point(xyz[origins], r=chord)
    counts = np.fromiter((len(f) for f in found), dtype=np.int64, count=len(found))
    o_idx = np.repeat(origins, counts)
    d_idx = destinations[np.concatenate([np.asarray(f, dtype=np.int64) for f in found])]
    dist = great_circle_km(
        points.lon[o_idx], points.lat[o_idx], points.lon[d_idx], points.lat[d_idx]
    )
    minutes = estimated_travel_time_min(dist)
    keep = minutes <= max_time_min
    return o_idx[keep], d_idx[keep], minutes[keep]
