"""The ``v2`` provider: a METRIC-like model with the national road skeleton as a fast layer.

What INSEE's METRIC distancier does (SOURCES.md §14), and what this model keeps of it:

- trips run **town hall to town hall** (the bundle's commune points);
- speeds depend on the **population density of the places crossed**, in METRIC's three classes
  (< 500, 500–4,000, > 4,000 inhabitants per km²). A commune's class is that of its own density;
  the class of a place on the way is that of the nearest town hall (a grid of
  :data:`GRID_DEG` degrees, computed once); a local trip is driven at the harmonic mean of the
  class speeds met at its two ends and :data:`SAMPLES` points between them;
- the **national skeleton** (motorways, routes nationales: DGITM TMJA 2019) is a fast layer:
  reach a node of it at local speed (as the crow flies × the detour), ride it at motorway or
  national-road speed (METRIC's off-peak speeds by density class of the node's place: motorway
  120 / 100 / 60, dual carriageway 90 / 60 / 30, scaled by fitted factors), leave it at local
  speed. A trip takes the faster of the local and skeleton routes, plus a terminal time;
- **off-peak** by default; ``peak=True`` multiplies speeds in the two denser classes by METRIC's
  peak factors 0.8 and 0.6;
- **intra-commune rule** (``intra``): ``"zero"`` — a commune to itself takes 0 minutes, as in a
  town-hall to town-hall distancier — or ``"disc"`` — 2/3 of the radius of a disc of the
  commune's area, by road, at the commune's local speed (the ``estimate`` rule).

The handful of parameters (local speeds, skeleton factors, detour, terminal time, intra rule)
were fitted on even-numbered départements and scored on odd ones: see
``benchmarks/access_metric_search.py`` and ``docs/explanation/access.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from proxisante.access.travel.estimate import intra_commune_minutes
from proxisante.access.travel.geodesy import chord_for_km, km_from_chord, unit_vectors
from proxisante.access.travel.skeleton import SkeletonGraph
from proxisante.access.traveltimes import TravelTimes, from_pairs
from proxisante.types import FloatArray, IntArray

METRIC_BOUNDS = (500.0, 4000.0)
MOTORWAY_KMH = (120.0, 100.0, 60.0)
NATIONAL_KMH = (90.0, 60.0, 30.0)
PEAK_FACTORS = (1.0, 0.8, 0.6)
GRID_DEG = 0.02
CONNECT_KM = 2.0
SAMPLES = 3
V2_NOTE = (
    "Temps de trajet estimés par le modèle v2 (de mairie à mairie, vitesses par classe de densité"
    " METRIC, réseau national TMJA 2019 comme couche rapide), non calculés sur un réseau routier"
    " complet."
)


@dataclass(frozen=True)
class MetricModel:
    """Parameters of ``v2`` (see the module docstring)."""

    local_kmh: tuple[float, float, float] = (50.0, 35.0, 20.0)
    motorway_factor: float = 1.0
    national_factor: float = 1.0
    detour: float = 1.3
    terminal_min: float = 1.0
    intra: Literal["zero", "disc"] = "zero"
    peak: bool = False
    access_nodes: int = 3
    max_access_km: float = 20.0

    def __post_init__(self) -> None:
        if min(self.local_kmh) <= 0 or self.detour < 1.0 or self.terminal_min < 0:
            raise ValueError("MetricModel needs positive speeds, detour >= 1, terminal >= 0")

    def local_speed(self, klass: npt.ArrayLike) -> FloatArray:
        """Local road speed (km/h) of each density class (0, 1, 2), peak factors applied."""
        k = np.asarray(klass, dtype=np.int64)
        v = np.asarray(self.local_kmh, dtype=np.float64)[k]
        return v * np.asarray(PEAK_FACTORS)[k] if self.peak else v


def density_class(density: npt.ArrayLike) -> IntArray:
    """METRIC's class of a density: 0 (< 500 per km²), 1 (500–4,000), 2 (≥ 4,000)."""
    d = np.nan_to_num(np.asarray(density, dtype=np.float64))
    return np.searchsorted(np.asarray(METRIC_BOUNDS), d, side="right").astype(np.int64)


@dataclass(frozen=True, eq=False)
class ClassGrid:
    """Density class of every grid cell of metropolitan France (nearest town hall's class)."""

    lon0: float
    lat0: float
    shape: tuple[int, int]
    klass: np.ndarray  # uint8, shape (n_lat, n_lon)

    def lookup(self, lon: FloatArray, lat: FloatArray, fallback: IntArray) -> IntArray:
        i = np.floor((lat - self.lat0) / GRID_DEG).astype(np.int64)
        j = np.floor((lon - self.lon0) / GRID_DEG).astype(np.int64)
        ok = (i >= 0) & (i < self.shape[0]) & (j >= 0) & (j < self.shape[1])
        out = np.asarray(fallback, dtype=np.int64).copy()
        out[ok] = self.klass[i[ok], j[ok]]
        return out


def class_grid(lon: FloatArray, lat: FloatArray, klass: IntArray) -> ClassGrid:
    """The class grid over metropolitan France from the communes' points and classes."""
    lon0, lat0, lon1, lat1 = -5.3, 41.3, 9.7, 51.2
    n_lat = int(np.ceil((lat1 - lat0) / GRID_DEG))
    n_lon = int(np.ceil((lon1 - lon0) / GRID_DEG))
    ok = np.isfinite(lon) & np.isfinite(lat)
    ok &= (lon >= lon0) & (lon <= lon1) & (lat >= lat0) & (lat <= lat1)
    gy, gx = np.meshgrid(
        lat0 + (np.arange(n_lat) + 0.5) * GRID_DEG,
        lon0 + (np.arange(n_lon) + 0.5) * GRID_DEG,
        indexing="ij",
    )
    # Degrees of longitude are shorter: scale them for the nearest-point search.
    scale = np.cos(np.radians(46.5))
    tree = cKDTree(np.column_stack((lon[ok] * scale, lat[ok])))
    _, k = tree.query(np.column_stack((gx.ravel() * scale, gy.ravel())), workers=-1)
    grid = np.asarray(klass)[np.flatnonzero(ok)][k].astype(np.uint8).reshape(n_lat, n_lon)
    return ClassGrid(lon0, lat0, (n_lat, n_lon), grid)


@dataclass(frozen=True, eq=False)
class Places:
    """Communes as ``v2`` sees them: point, area, own density class."""

    lon: FloatArray
    lat: FloatArray
    area_km2: FloatArray
    klass: IntArray
    grid: ClassGrid

    @property
    def radius_km(self) -> FloatArray:
        """Radius of a disc of the commune's area (0 when unknown)."""
        return np.sqrt(np.nan_to_num(self.area_km2).clip(min=0.0) / np.pi)


def leg_minutes(
    lon_a: FloatArray,
    lat_a: FloatArray,
    class_a: IntArray,
    radius_a: FloatArray,
    lon_b: FloatArray,
    lat_b: FloatArray,
    class_b: IntArray,
    radius_b: FloatArray,
    d_km: FloatArray,
    grid: ClassGrid,
    model: MetricModel,
) -> FloatArray:
    """Driving minutes of a leg between two places, without the terminal time.

    The part of the leg inside each end's own commune (up to the radius of a disc of its area,
    at most half the leg) is driven at that commune's class speed; the rest at the harmonic
    mean of the class speeds met at :data:`SAMPLES` points between the ends.
    """
    la = np.minimum(radius_a, d_km / 2.0)
    lb = np.minimum(radius_b, d_km / 2.0)
    mid = d_km - la - lb
    inv_mid = np.zeros(d_km.size)
    fallback = np.maximum(class_a, class_b) * 0  # open country between places: class 0
    for f in (np.arange(SAMPLES) + 1) / (SAMPLES + 1):
        k = grid.lookup(lon_a + f * (lon_b - lon_a), lat_a + f * (lat_b - lat_a), fallback)
        inv_mid += 1.0 / model.local_speed(k)
    inv_mid /= SAMPLES
    hours = la / model.local_speed(class_a) + lb / model.local_speed(class_b) + mid * inv_mid
    return np.asarray(model.detour * hours * 60.0)


def local_minutes(
    p: Places, i: IntArray, j: IntArray, d_km: FloatArray, model: MetricModel
) -> FloatArray:
    """Terminal + the local leg from place ``i`` to place ``j``."""
    r = p.radius_km
    leg = leg_minutes(
        p.lon[i], p.lat[i], p.klass[i], r[i], p.lon[j], p.lat[j], p.klass[j], r[j], d_km,
        p.grid, model,
    )  # fmt: skip
    return np.asarray(model.terminal_min + leg)


def skeleton_node_times(
    g: SkeletonGraph, node_class: IntArray, cutoff_min: float, model: MetricModel
) -> sp.csr_array:
    """Node-to-node riding minutes on the skeleton under ``cutoff_min`` (sparse)."""
    peak = np.asarray(PEAK_FACTORS if model.peak else (1.0, 1.0, 1.0))
    k = np.maximum(node_class[g.edge_a], node_class[g.edge_b])
    motorway = np.asarray(MOTORWAY_KMH)[k] * model.motorway_factor * peak[k]
    national = np.asarray(NATIONAL_KMH)[k] * model.national_factor * peak[k]
    speed = np.where(g.kind == "A", motorway, national)
    minutes = g.length_m / 1000.0 / speed * 60.0
    n = g.n_nodes
    # Interchanges: section ends of different routes closer than CONNECT_KM are joined by a
    # connector driven at local speed (the TMJA file gives no junction geometry).
    xyz = unit_vectors(g.lon, g.lat)
    cp = cKDTree(xyz).query_pairs(chord_for_km(CONNECT_KM), output_type="ndarray")
    c_km = km_from_chord(np.linalg.norm(xyz[cp[:, 0]] - xyz[cp[:, 1]], axis=1))
    c_min = model.detour * c_km / model.local_speed(np.zeros(len(cp), dtype=np.int64)) * 60.0
    a = np.concatenate((g.edge_a, g.edge_b, cp[:, 0], cp[:, 1]))
    b = np.concatenate((g.edge_b, g.edge_a, cp[:, 1], cp[:, 0]))
    w = np.concatenate((minutes, minutes, c_min, c_min)) + 1e-9  # no stored zero
    order = np.lexsort((w, b, a))  # parallel edges: keep the fastest
    a, b, w = a[order], b[order], w[order]
    first = np.ones(a.size, dtype=bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    graph = sp.csr_array((w[first], (a[first], b[first])), shape=(n, n))
    rows, cols, vals = [], [], []
    for start in range(0, n, 2000):
        idx = np.arange(start, min(n, start + 2000))
        d = dijkstra(graph, indices=idx, limit=cutoff_min, min_only=False)
        r, c = np.nonzero(np.isfinite(d))
        rows.append(idx[r])
        cols.append(c)
        vals.append(d[r, c])
    return sp.csr_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n)
    )


def access_legs(
    p: Places, g: SkeletonGraph, model: MetricModel, cutoff_min: float
) -> tuple[IntArray, IntArray, FloatArray]:
    """(commune, node, minutes) to the ``access_nodes`` nearest skeleton nodes at local speed."""
    xyz = unit_vectors(p.lon, p.lat)
    located = np.flatnonzero(np.isfinite(xyz).all(axis=1))
    tree = cKDTree(unit_vectors(g.lon, g.lat))
    k = min(model.access_nodes, g.n_nodes)
    chord, node = tree.query(
        xyz[located], k=k, distance_upper_bound=chord_for_km(model.max_access_km)
    )
    chord = np.asarray(chord).reshape(len(located), k)
    node = np.asarray(node).reshape(len(located), k)
    ok = np.isfinite(chord)
    comm = np.repeat(located, k).reshape(len(located), k)[ok]
    km = km_from_chord(chord[ok])
    nd = node[ok].astype(np.int64)
    minutes = leg_minutes(
        p.lon[comm], p.lat[comm], p.klass[comm], p.radius_km[comm],
        g.lon[nd], g.lat[nd], np.zeros(nd.size, dtype=np.int64), np.zeros(nd.size), km,
        p.grid, model,
    )  # fmt: skip
    keep = minutes < cutoff_min
    return comm[keep], nd[keep], minutes[keep]


def skeleton_pairs(
    p: Places,
    g: SkeletonGraph,
    node_times: sp.csr_array,
    model: MetricModel,
    cutoff_min: float,
    origins: IntArray,
    destinations: IntArray,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs (origin position, destination position, minutes) whose skeleton route (reach,
    ride, leave) is under the cutoff; positions index ``origins`` and ``destinations``."""
    budget = cutoff_min - model.terminal_min
    legs = access_legs(p, g, model, budget)
    by_o = _legs_by_node(legs, origins, g.n_nodes)
    by_d = _legs_by_node(legs, destinations, g.n_nodes)
    rows, cols, vals = [], [], []
    nt = node_times.tocsr()
    for a in np.flatnonzero(np.diff(by_o.indptr)):
        s, e = by_o.indptr[a], by_o.indptr[a + 1]
        orig, t_orig = by_o.indices[s:e], by_o.data[s:e]
        rs, re_ = nt.indptr[a], nt.indptr[a + 1]
        b, t_ride = nt.indices[rs:re_], nt.data[rs:re_]
        keep = t_ride + t_orig.min() < budget
        b, t_ride = b[keep], t_ride[keep]
        starts, ends = by_d.indptr[b], by_d.indptr[b + 1]
        counts = ends - starts
        if counts.sum() == 0:
            continue
        pos = np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
        dest, t_dest = by_d.indices[pos], by_d.data[pos]
        total = t_orig[:, None] + (np.repeat(t_ride, counts) + t_dest)[None, :]
        oi, dj = np.nonzero(total < budget)
        rows.append(orig[oi])
        cols.append(dest[dj])
        vals.append(total[oi, dj] + model.terminal_min)
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(vals)


def _legs_by_node(
    legs: tuple[IntArray, IntArray, FloatArray], members: IntArray, n_nodes: int
) -> sp.csr_array:
    """Legs of the communes in ``members`` as a (node × position in members) sparse matrix."""
    commune, node, minutes = legs
    pos = np.full(int(max(commune.max(initial=0), members.max(initial=0))) + 1, -1)
    pos[members] = np.arange(members.size)
    where = pos[commune]
    ok = where >= 0
    return sp.csr_array((minutes[ok], (node[ok], where[ok])), shape=(n_nodes, members.size))


def local_pairs(
    p: Places, origins: IntArray, destinations: IntArray, max_km: float, square: bool
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs (positions) of located places within ``max_km`` as the crow flies, with km."""
    xo = unit_vectors(p.lon[origins], p.lat[origins])
    xd = xo if square else unit_vectors(p.lon[destinations], p.lat[destinations])
    lo = np.flatnonzero(np.isfinite(xo).all(axis=1))
    ld = lo if square else np.flatnonzero(np.isfinite(xd).all(axis=1))
    r = chord_for_km(max_km)
    if square:
        pairs = cKDTree(xo[lo]).query_pairs(r, output_type="ndarray")
        i, j = lo[pairs[:, 0]], lo[pairs[:, 1]]
        i, j = np.concatenate((i, j)), np.concatenate((j, i))
    else:
        hits = cKDTree(xd[ld]).query_ball_point(xo[lo], r)
        i = lo[np.repeat(np.arange(len(hits)), [len(h) for h in hits])]
        j = ld[np.fromiter((k for h in hits for k in h), dtype=np.int64, count=i.size)]
    i, j = i.astype(np.int64), j.astype(np.int64)
    return i, j, km_from_chord(np.linalg.norm(xo[i] - xd[j], axis=1))


def metric_times(
    p: Places,
    g: SkeletonGraph | None,
    node_class: IntArray | None,
    cutoff_min: float,
    model: MetricModel,
    node_times: sp.csr_array | None = None,
    origins: IntArray | None = None,
    destinations: IntArray | None = None,
) -> TravelTimes:
    """``v2`` minutes from ``origins`` (rows) to ``destinations`` (columns), both indices into
    ``p`` (all places, square, by default); pairs under ``cutoff_min``."""
    square = origins is None and destinations is None
    n = len(p.lon)
    o = np.arange(n, dtype=np.int64) if origins is None else np.asarray(origins, np.int64)
    d = o if destinations is None else np.asarray(destinations, np.int64)
    fastest = max(model.local_speed(np.arange(3)))
    max_km = max(cutoff_min - model.terminal_min, 0.0) / 60.0 * fastest / model.detour
    i, j, d_km = local_pairs(p, o, d, max_km, square)
    t = local_minutes(p, o[i], d[j], d_km, model)
    keep = (t < cutoff_min) & (o[i] != d[j])
    oi, dj, tt = [i[keep]], [j[keep]], [t[keep]]
    if g is not None and node_class is not None:
        if node_times is None:
            node_times = skeleton_node_times(g, node_class, cutoff_min, model)
        si, sj, st = skeleton_pairs(p, g, node_times, model, cutoff_min, o, d)
        off = o[si] != d[sj]
        oi.append(si[off])
        dj.append(sj[off])
        tt.append(st[off])
    # Same commune at both ends: the intra-commune rule.
    same_o, same_d = _same_commune(o, d)
    if model.intra == "zero":
        t_same = np.zeros(same_o.size)
    else:
        c = o[same_o]
        t_same = intra_commune_minutes(
            p.area_km2[c], model.local_speed(p.klass[c]), model.detour, 2.0 / 3.0
        )
    oi.append(same_o)
    dj.append(same_d)
    tt.append(t_same)
    return from_pairs(
        np.concatenate(oi),
        np.concatenate(dj),
        np.concatenate(tt),
        (o.size, d.size),
        cutoff_min,
        provider="v2",
        estimated=True,
        notes=(V2_NOTE,),
    )


def _same_commune(o: IntArray, d: IntArray) -> tuple[IntArray, IntArray]:
    """Positions (row, column) where the origin and the destination are the same place."""
    order = np.argsort(d, kind="stable")
    k = np.searchsorted(d[order], o)
    k = np.minimum(k, max(d.size - 1, 0))
    hit = d.size > 0 and True
    if not hit:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    match = d[order][k] == o
    return np.flatnonzero(match).astype(np.int64), order[k[match]].astype(np.int64)
