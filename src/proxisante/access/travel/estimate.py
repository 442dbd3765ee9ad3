"""The ``estimate`` provider: travel times from great-circle distances and a speed model.

A trip between two distinct places takes::

    t_ij = terminal_min + detour · d_ij · (1 / v_i + 1 / v_j) / 2 · 60

with ``d_ij`` the great-circle distance (km), ``detour`` the ratio of road to crow-fly distance
and ``v_i`` the mean road speed (km/h) of the density class of place ``i``: half the trip is
driven at the speed of each end. A commune to itself takes :func:`intra_commune_minutes`.
Every output says that it rests on estimated travel times.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.spatial import cKDTree

from proxisante.access._validate import as_float_vector
from proxisante.access.travel.geodesy import chord_for_km, km_from_chord, unit_vectors
from proxisante.access.traveltimes import TravelTimes, from_pairs
from proxisante.i18n import N_
from proxisante.types import BoolArray, FloatArray, IntArray

ESTIMATE_NOTE = N_(
    "Temps de trajet estimés (distance à vol d'oiseau × facteur de détour ÷ vitesse par classe"
    " de densité), non calculés sur un réseau routier."
)


@dataclass(frozen=True)
class SpeedModel:
    """Parameters of the ``estimate`` provider.

    ``density_bounds``: class bounds in inhabitants per km² of the place's neighbourhood (see
    :func:`neighbourhood_density`; a place of density ``d`` is in class ``k`` when
    ``density_bounds[k-1] <= d < density_bounds[k]``); ``speeds_kmh``: the mean door-to-door
    road speed of each class, one more than the bounds; ``detour``: road distance over
    great-circle distance; ``terminal_min``: fixed time of any trip between two places
    (starting, parking); ``intra_fraction``: the intra-commune trip is this fraction of the
    radius of a disc of the commune's area (2/3 is the mean distance from the centre of a disc
    to a point spread evenly in it); ``density_radius_km``: radius of the neighbourhood.
    """

    detour: float = 1.3
    density_bounds: tuple[float, ...] = (20.0, 50.0, 150.0, 1000.0)
    speeds_kmh: tuple[float, ...] = (45.0, 50.0, 55.0, 50.0, 40.0)
    terminal_min: float = 1.0
    intra_fraction: float = 2.0 / 3.0
    density_radius_km: float = 5.0

    def __post_init__(self) -> None:
        if len(self.speeds_kmh) != len(self.density_bounds) + 1:
            raise ValueError("SpeedModel needs one more speed than density bounds")
        if self.detour < 1.0 or min(self.speeds_kmh) <= 0:
            raise ValueError("SpeedModel needs detour >= 1 and positive speeds")

    def speed_kmh(self, density: npt.ArrayLike) -> FloatArray:
        """Mean road speed (km/h) of places of the given densities (inhabitants per km²)."""
        k = np.searchsorted(np.asarray(self.density_bounds), np.asarray(density), side="right")
        return np.asarray(self.speeds_kmh, dtype=np.float64)[k]


DEFAULT_SPEED_MODEL = SpeedModel()
"""Parameters calibrated as told in ``docs/explanation/access.md`` (section *estimate*)."""


def neighbourhood_density(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    population: npt.ArrayLike,
    area_km2: npt.ArrayLike,
    radius_km: float = DEFAULT_SPEED_MODEL.density_radius_km,
) -> FloatArray:
    """Population density (per km²) of the communes whose point lies within ``radius_km``.

    Sums populations and areas over the place and its neighbours, which says more about the
    road network around a place than the density of a single, possibly tiny, commune.
    Places without coordinates get their own density.

    Examples
    --------
    >>> d = neighbourhood_density([3.0, 3.01, 5.0], [46.0] * 3, [900, 100, 50], [5.0, 5.0, 10.0])
    >>> d.tolist()
    [100.0, 100.0, 5.0]
    """
    xyz = unit_vectors(lon, lat)
    n = xyz.shape[0]
    pop = as_float_vector(population, "population", n)
    area = np.nan_to_num(np.asarray(area_km2, dtype=np.float64), nan=0.0)
    located = np.flatnonzero(np.isfinite(xyz).all(axis=1))
    pairs = cKDTree(xyz[located]).query_pairs(chord_for_km(radius_km), output_type="ndarray")
    i, j = located[pairs[:, 0]], located[pairs[:, 1]]
    pop_sum = pop + np.bincount(i, pop[j], n) + np.bincount(j, pop[i], n)
    area_sum = area + np.bincount(i, area[j], n) + np.bincount(j, area[i], n)
    out = np.zeros(n)
    np.divide(pop_sum, area_sum, out=out, where=area_sum > 0)
    return out


def intra_commune_minutes(
    area_km2: npt.ArrayLike, speed_kmh: npt.ArrayLike, detour: float, fraction: float = 2 / 3
) -> FloatArray:
    """Travel time within a commune: ``fraction`` of the radius of a disc of its area, by road.

    Unknown or zero areas give 0 minutes.

    Examples
    --------
    >>> intra_commune_minutes([np.pi * 9.0, 0.0], [60.0, 60.0], 1.0).tolist()
    [2.0, 0.0]
    """
    a = np.nan_to_num(np.asarray(area_km2, dtype=np.float64), nan=0.0).clip(min=0.0)
    radius_km = np.sqrt(a / np.pi)
    return np.asarray(fraction * radius_km * detour / np.asarray(speed_kmh) * 60.0)


def estimate_times(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    density: npt.ArrayLike,
    area_km2: npt.ArrayLike,
    cutoff_min: float,
    model: SpeedModel = DEFAULT_SPEED_MODEL,
) -> TravelTimes:
    """Estimated commune-to-commune travel times (square matrix), pairs under ``cutoff_min``.

    Parameters
    ----------
    lon, lat : arrays of shape (n,)
        WGS84 coordinates of each commune's point (town hall or main locality).
    density : array of shape (n,)
        Inhabitants per km², which sets each commune's speed class.
    area_km2 : array of shape (n,)
        Areas, for the intra-commune time (NaN → 0 minutes).
    cutoff_min : float
        Pairs at or beyond this time are not stored.

    Examples
    --------
    Two points 0.1° of latitude apart (11.1 km):

    >>> tt = estimate_times([3.0, 3.0], [46.0, 46.1], [20.0, 20.0], [0.0, 0.0], 20.0,
    ...                     SpeedModel(1.2, (), (60.0,), 0.0))
    >>> tt.minutes.toarray().round(2).tolist()
    [[0.0, 13.34], [13.34, 0.0]]
    """
    xyz = unit_vectors(lon, lat)
    n = xyz.shape[0]
    dens = as_float_vector(np.nan_to_num(np.asarray(density, dtype=float)), "densité", n)
    inv_v = 1.0 / model.speed_kmh(dens)
    t_diag = intra_commune_minutes(area_km2, 1.0 / inv_v, model.detour, model.intra_fraction)
    return TravelTimes(
        _square_csr(xyz, inv_v, t_diag, cutoff_min, model),
        float(cutoff_min),
        "estimate",
        True,
        (ESTIMATE_NOTE,),
    )


PAIRS_PER_CHUNK = 1_000_000
"""Candidate pairs computed at once when building a large square matrix (bounded memory)."""
SINGLE_SHOT_PAIRS = 4_000_000
"""Below this many candidate pairs (estimated), the matrix is built from one pair list."""
KEPT_PAIRS = 8_000_000
"""Up to this many pairs the blocks of the first pass are kept (no second pass)."""
SAMPLE_ROWS = 2_000
"""Rows whose candidate pairs are counted to estimate the size of the matrix."""


def _square_csr(
    xyz: FloatArray,
    inv_v: FloatArray,
    t_diag: FloatArray,
    cutoff_min: float,
    model: SpeedModel,
) -> sp.csr_array:
    """The pairs under ``cutoff_min`` as a canonical CSR matrix, built by blocks of rows.

    Rows are taken in blocks of about :data:`PAIRS_PER_CHUNK` candidate pairs (points within
    the largest reachable distance): a first pass counts the pairs kept per row (and keeps
    them, up to :data:`KEPT_PAIRS`), a second one, for larger matrices, writes them into arrays
    of their final size (32-bit column indices, float64 minutes), so
    the peak memory is the matrix plus one block, not the several copies of every pair that
    building it from pair arrays takes (about 4.3 GB for the national 120-minute matrix). Each
    time is computed by the same expression from the same two points as a pair list would, so
    the matrix is the same to the bit. A place without coordinates reaches only itself.
    """
    n = xyz.shape[0]
    located: BoolArray = np.asarray(np.isfinite(xyz).all(axis=1), dtype=bool)
    where = np.flatnonzero(located)
    if where.size == 0:
        return _square_csr_at_once(xyz, inv_v, t_diag, cutoff_min, model)
    tree = cKDTree(xyz[where])
    radius = chord_for_km(_max_km(cutoff_min, model))
    # Candidate pairs per row, from a sample of rows (counting them all costs more than
    # finding the pairs of a small instance).
    step = max(1, where.size // SAMPLE_ROWS)
    sample = tree.query_ball_point(xyz[where[::step]], radius, return_length=True)
    per_row = float(sample.mean())
    if per_row * where.size <= SINGLE_SHOT_PAIRS:
        return _square_csr_at_once(xyz, inv_v, t_diag, cutoff_min, model)
    rows_per_block = max(1, int(PAIRS_PER_CHUNK / max(per_row, 1.0)))
    ends = [*range(rows_per_block, n, rows_per_block), n]

    def block(a: int, b: int) -> tuple[IntArray, IntArray, FloatArray]:
        """Rows (within the block), columns and minutes of rows a..b-1, by row then column."""
        rows_in = np.flatnonzero(located[a:b]) + a
        if rows_in.size:
            found = cKDTree(xyz[rows_in]).sparse_distance_matrix(
                tree, radius, output_type="ndarray"
            )
            i, j = rows_in[found["i"]], where[found["j"]]
            del found
            other = i != j
            i, j = i[other], j[other]
        else:
            i = j = np.zeros(0, dtype=np.int64)
        d_km = km_from_chord(np.linalg.norm(xyz[i] - xyz[j], axis=1))
        t = model.terminal_min + model.detour * d_km * (inv_v[i] + inv_v[j]) * 30.0
        diag = np.arange(a, b, dtype=np.int64)
        i, j, t = (
            np.concatenate((i, diag)),
            np.concatenate((j, diag)),
            np.concatenate((t, t_diag[a:b])),
        )
        keep = t < cutoff_min
        i, j, t = i[keep], j[keep], t[keep]
        order = np.lexsort((j, i))
        return i[order] - a, j[order], t[order]

    counts = np.zeros(n, dtype=np.int64)
    kept: list[tuple[IntArray, FloatArray]] | None = []  # None: too many, computed again
    start = 0
    for end in ends:
        rows, cols, minutes = block(start, end)
        counts[start:end] = np.bincount(rows, minlength=end - start)
        if kept is not None and counts[:end].sum() <= KEPT_PAIRS:
            kept.append((cols.astype(np.int32), minutes))
        else:
            kept = None
        start = end
    nnz = int(counts.sum())
    index_dtype = np.int32 if max(n, nnz) < 2**31 else np.int64
    indptr = np.zeros(n + 1, dtype=index_dtype)
    np.cumsum(counts, out=indptr[1:])
    if kept is not None:
        indices = np.concatenate([k[0] for k in kept]).astype(index_dtype, copy=False)
        data = np.concatenate([k[1] for k in kept])
    else:
        indices = np.empty(nnz, dtype=index_dtype)
        data = np.empty(nnz, dtype=np.float64)
        start = 0
        for end in ends:
            _rows, cols, minutes = block(start, end)
            lo, hi = int(indptr[start]), int(indptr[end])
            indices[lo:hi], data[lo:hi] = cols, minutes
            start = end
    return sp.csr_array((data, indices, indptr), shape=(n, n))


def _square_csr_at_once(
    xyz: FloatArray,
    inv_v: FloatArray,
    t_diag: FloatArray,
    cutoff_min: float,
    model: SpeedModel,
) -> sp.csr_array:
    """The same matrix from one list of every pair (faster below a few million pairs)."""
    n = xyz.shape[0]
    located = np.flatnonzero(np.isfinite(xyz).all(axis=1))
    tree = cKDTree(xyz[located])
    pairs = tree.query_pairs(chord_for_km(_max_km(cutoff_min, model)), output_type="ndarray")
    i, j = located[pairs[:, 0]].astype(np.int64), located[pairs[:, 1]].astype(np.int64)
    d_km = km_from_chord(np.linalg.norm(xyz[i] - xyz[j], axis=1))
    t = model.terminal_min + model.detour * d_km * (inv_v[i] + inv_v[j]) * 30.0
    diag = np.arange(n, dtype=np.int64)
    return from_pairs(
        np.concatenate((i, j, diag)),
        np.concatenate((j, i, diag)),
        np.concatenate((t, t, t_diag)),
        (n, n),
        cutoff_min,
        assume_unique=True,
    ).minutes


def estimate_times_to_points(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    density: npt.ArrayLike,
    to_lon: npt.ArrayLike,
    to_lat: npt.ArrayLike,
    to_density: npt.ArrayLike,
    cutoff_min: float,
    model: SpeedModel = DEFAULT_SPEED_MODEL,
) -> TravelTimes:
    """Estimated times from places (rows) to facility points (columns), under ``cutoff_min``.

    A facility at the very place of an origin (distance 0) takes 0 minutes.

    Examples
    --------
    >>> tt = estimate_times_to_points([3.0], [46.0], [20.0], [3.0, 3.0], [46.0, 46.1], [20.0, 20.0],
    ...                               30.0, SpeedModel(1.2, (), (60.0,), 0.0))
    >>> tt.minutes.toarray().round(2).tolist()
    [[0.0, 13.34]]
    """
    a = unit_vectors(lon, lat)
    b = unit_vectors(to_lon, to_lat)
    inv_a = 1.0 / model.speed_kmh(np.nan_to_num(np.asarray(density, dtype=float)))
    inv_b = 1.0 / model.speed_kmh(np.nan_to_num(np.asarray(to_density, dtype=float)))
    r = chord_for_km(_max_km(cutoff_min, model))
    a_ok = np.flatnonzero(np.isfinite(a).all(axis=1))
    b_ok = np.flatnonzero(np.isfinite(b).all(axis=1))
    hits = cKDTree(b[b_ok]).query_ball_point(a[a_ok], r)
    i: IntArray = a_ok[np.repeat(np.arange(len(hits)), [len(h) for h in hits])].astype(np.int64)
    j: IntArray = b_ok[np.fromiter((k for h in hits for k in h), dtype=np.int64, count=i.size)]
    d_km = km_from_chord(np.linalg.norm(a[i] - b[j], axis=1))
    t = np.where(
        d_km > 0, model.terminal_min + model.detour * d_km * (inv_a[i] + inv_b[j]) * 30.0, 0.0
    )
    return from_pairs(
        i,
        j,
        t,
        (a.shape[0], b.shape[0]),
        cutoff_min,
        provider="estimate",
        estimated=True,
        notes=(ESTIMATE_NOTE,),
        assume_unique=True,
    )


def _max_km(cutoff_min: float, model: SpeedModel) -> float:
    """Largest great-circle distance that can be reached under the cutoff."""
    return max(cutoff_min - model.terminal_min, 0.0) / 60.0 * max(model.speeds_kmh) / model.detour
