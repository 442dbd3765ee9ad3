"""The ``road`` provider: shortest drive times on an OpenStreetMap extract.

The core (:func:`road_network_from_segments`, :func:`road_times`) works on arrays; reading the
file (:func:`read_osm`) is the edge. Speeds per road class are the defaults of the OSRM car
profile (``profiles/car.lua``), applied to every way of the class; ``oneway`` tags, motorways and
roundabouts are one-way. Origins and destinations are snapped to the nearest node of the
largest connected part of the network; the snapping leg is driven at :data:`SNAP_SPEED_KMH`
as the crow flies, and a point farther than ``max_snap_km`` from the network is not covered.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse import csgraph
from scipy.spatial import cKDTree

from proxisante.access._errors import UnreadableTravelFileError, UnsupportedTravelFileError
from proxisante.access.travel.geodesy import chord_for_km, km_from_chord, unit_vectors
from proxisante.access.traveltimes import TravelTimes, from_pairs
from proxisante.i18n import _
from proxisante.types import BoolArray, FloatArray, IntArray

SPEEDS_KMH: dict[str, float] = {
    "motorway": 90.0, "motorway_link": 45.0, "trunk": 85.0, "trunk_link": 40.0,
    "primary": 65.0, "primary_link": 30.0, "secondary": 55.0, "secondary_link": 25.0,
    "tertiary": 40.0, "tertiary_link": 20.0, "unclassified": 25.0, "residential": 25.0,
    "living_street": 10.0, "service": 15.0,
}  # fmt: skip
"""Mean speed of each drivable ``highway=*`` class (OSRM car profile defaults)."""

SNAP_SPEED_KMH = 20.0
"""Speed of the leg from a place to its nearest network node (crow-fly distance)."""

OSM_SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.gz", ".osm.bz2")
_ONEWAY_FORWARD = {"yes", "true", "1"}
_NO_ACCESS = {"no", "private"}
_MIN_EDGE_MIN = 1e-6  # csgraph ignores zero-weight edges in sparse input; keep them as tiny times


@dataclass(frozen=True, eq=False)
class RoadNetwork:
    """A directed drivable graph: ``graph[a, b]`` = minutes from node ``a`` to node ``b``."""

    graph: sp.csr_array
    lon: FloatArray
    lat: FloatArray
    in_main_part: BoolArray

    @property
    def n_nodes(self) -> int:
        return int(self.lon.size)

    @property
    def n_edges(self) -> int:
        return int(self.graph.nnz)


def road_network_from_segments(
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    start: npt.ArrayLike,
    end: npt.ArrayLike,
    speed_kmh: npt.ArrayLike,
    both_ways: npt.ArrayLike,
) -> RoadNetwork:
    """Build the graph from node coordinates and segments (node index pairs) with speeds.

    Examples
    --------
    Three nodes on a line, 0.01° of longitude apart at 46° N (0.77 km each), at 46.4 km/h:

    >>> net = road_network_from_segments([3.0, 3.01, 3.02], [46.0] * 3, [0, 1], [1, 2],
    ...                                  [46.4, 46.4], [True, False])
    >>> (net.n_nodes, net.n_edges, round(float(net.graph[0, 1]), 2))
    (3, 3, 1.0)
    """
    x = np.asarray(lon, dtype=np.float64)
    y = np.asarray(lat, dtype=np.float64)
    a = np.asarray(start, dtype=np.int64)
    b = np.asarray(end, dtype=np.int64)
    v = np.asarray(speed_kmh, dtype=np.float64)
    two = np.asarray(both_ways, dtype=bool)
    xyz = unit_vectors(x, y)
    km = km_from_chord(np.linalg.norm(xyz[a] - xyz[b], axis=1))
    minutes = np.maximum(km / v * 60.0, _MIN_EDGE_MIN)
    tt = from_pairs(
        np.concatenate((a, b[two])),
        np.concatenate((b, a[two])),
        np.concatenate((minutes, minutes[two])),
        (x.size, x.size),
        np.inf,
    )
    _, labels = csgraph.connected_components(tt.minutes, directed=True, connection="strong")
    used = np.zeros(x.size, dtype=bool)
    used[a] = True
    used[b] = True
    sizes = np.bincount(labels[used]) if used.any() else np.zeros(1, dtype=np.int64)
    main = (labels == int(np.argmax(sizes))) & used
    return RoadNetwork(tt.minutes, x, y, main)


def snap(
    network: RoadNetwork, lon: npt.ArrayLike, lat: npt.ArrayLike, max_snap_km: float
) -> tuple[IntArray, FloatArray]:
    """Nearest node of the network's main part for each place, and the snapping time (minutes).

    Places farther than ``max_snap_km`` get node -1 and time ``inf``.
    """
    nodes = np.flatnonzero(network.in_main_part)
    pts = unit_vectors(lon, lat)
    if nodes.size == 0:
        return np.full(pts.shape[0], -1, dtype=np.int64), np.full(pts.shape[0], np.inf)
    tree = cKDTree(unit_vectors(network.lon[nodes], network.lat[nodes]))
    located = np.isfinite(pts).all(axis=1)
    chord = np.full(pts.shape[0], np.inf)
    k = np.zeros(pts.shape[0], dtype=np.int64)
    chord[located], k[located] = tree.query(
        pts[located], distance_upper_bound=chord_for_km(max_snap_km)
    )
    found = np.isfinite(chord)
    node = np.where(found, nodes[np.minimum(k, nodes.size - 1)], -1).astype(np.int64)
    minutes = np.where(
        found, km_from_chord(np.where(found, chord, 0.0)) / SNAP_SPEED_KMH * 60, np.inf
    )
    return node, minutes


def road_times(
    network: RoadNetwork,
    lon: npt.ArrayLike,
    lat: npt.ArrayLike,
    cutoff_min: float,
    *,
    to_lon: npt.ArrayLike | None = None,
    to_lat: npt.ArrayLike | None = None,
    max_snap_km: float = 3.0,
    max_cells: int = 40_000_000,
) -> tuple[TravelTimes, BoolArray]:
    """Drive times from places (rows) to places (columns; the same places when ``to_*`` omitted).

    Multi-source Dijkstra with a cutoff, by chunks of origins so that memory stays under
    ``max_cells`` floats. The diagonal of a square result is left to the caller (the
    intra-commune rule). Returns the times and which origins are covered by the network.
    """
    o_node, o_snap = snap(network, lon, lat, max_snap_km)
    if to_lon is None or to_lat is None:
        d_node, d_snap = o_node, o_snap
    else:
        d_node, d_snap = snap(network, to_lon, to_lat, max_snap_km)
    covered = o_node >= 0
    d_ok = np.flatnonzero(d_node >= 0)
    rows_i: list[IntArray] = []
    cols_j: list[IntArray] = []
    vals: list[FloatArray] = []
    origins = np.flatnonzero(covered)
    # Several places may snap to one node: one Dijkstra per distinct node, results fanned out.
    uniq, inverse = np.unique(o_node[origins], return_inverse=True)
    order = np.argsort(inverse, kind="stable")
    first = np.searchsorted(inverse[order], np.arange(uniq.size + 1))
    chunk = max(1, max_cells // max(network.n_nodes, 1))
    for s in range(0, uniq.size, chunk):
        src = uniq[s : s + chunk]
        dist = csgraph.dijkstra(network.graph, directed=True, indices=src, limit=cutoff_min)
        k, c = np.nonzero(np.isfinite(dist[:, d_node[d_ok]]))
        base = dist[k, d_node[d_ok[c]]]
        count = first[s + k + 1] - first[s + k]
        entry = np.repeat(np.arange(k.size), count)
        rank = np.arange(entry.size) - np.repeat(np.cumsum(count) - count, count)
        i = origins[order[first[s + k[entry]] + rank]]
        j = d_ok[c[entry]]
        rows_i.append(i)
        cols_j.append(j)
        vals.append(o_snap[i] + base[entry] + d_snap[j])
    n_to = int(np.asarray(lon).size if to_lon is None else np.asarray(to_lon).size)
    shape = (int(np.asarray(lon).size), n_to)
    times = from_pairs(
        np.concatenate(rows_i) if rows_i else np.zeros(0, dtype=np.int64),
        np.concatenate(cols_j) if cols_j else np.zeros(0, dtype=np.int64),
        np.concatenate(vals) if vals else np.zeros(0),
        shape,
        cutoff_min,
        provider="road",
        assume_unique=True,
    )
    return times, covered


def read_osm(path: Path) -> RoadNetwork:
    """Read the drivable network of an OpenStreetMap extract (``.osm.pbf`` or ``.osm`` XML).

    Raises
    ------
    UnsupportedTravelFileError
        The file name does not end in one of :data:`OSM_SUFFIXES`.
    UnreadableTravelFileError
        The file is missing, malformed, or holds no drivable road.
    """
    import osmium

    name = path.name.lower()
    expected = _("un extrait OpenStreetMap .osm.pbf ou .osm contenant des routes (highway=*)")
    if not name.endswith(OSM_SUFFIXES):
        raise UnsupportedTravelFileError(
            str(path), expected, _("Exemple : --travel road:auvergne-latest.osm.pbf")
        )
    if not path.is_file():
        raise UnreadableTravelFileError(str(path), _("fichier introuvable"), expected)
    ids = array("q")
    xs = array("d")
    ys = array("d")
    seg_a = array("q")
    seg_b = array("q")
    seg_v = array("d")
    seg_two = array("b")
    try:
        processor = (
            osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
            .with_locations()
            .with_filter(osmium.filter.KeyFilter("highway"))
        )
        for obj in processor:
            if not isinstance(obj, osmium.osm.Way):
                continue
            tags = obj.tags
            speed = SPEEDS_KMH.get(tags.get("highway") or "")
            if speed is None or tags.get("access") in _NO_ACCESS or tags.get("area") == "yes":
                continue
            oneway = tags.get("oneway", "")
            forward_only = (
                oneway in _ONEWAY_FORWARD
                or tags.get("highway") == "motorway"
                or tags.get("junction") == "roundabout"
            ) and oneway != "no"
            backward_only = oneway == "-1"
            prev: int | None = None
            for nd in obj.nodes:
                if not nd.location.valid():
                    prev = None
                    continue
                ids.append(nd.ref)
                xs.append(nd.location.lon)
                ys.append(nd.location.lat)
                cur = nd.ref
                if prev is not None:
                    a, b = (cur, prev) if backward_only else (prev, cur)
                    seg_a.append(a)
                    seg_b.append(b)
                    seg_v.append(speed)
                    seg_two.append(0 if (forward_only or backward_only) else 1)
                prev = cur
    except RuntimeError as exc:
        raise UnreadableTravelFileError(
            str(path), str(exc).strip() or _("erreur osmium"), expected
        ) from exc
    if not seg_a:
        raise UnreadableTravelFileError(str(path), _("aucune route carrossable trouvée"), expected)
    node_ids, first = np.unique(np.frombuffer(ids, dtype=np.int64), return_index=True)
    a_idx = np.searchsorted(node_ids, np.frombuffer(seg_a, dtype=np.int64))
    b_idx = np.searchsorted(node_ids, np.frombuffer(seg_b, dtype=np.int64))
    return road_network_from_segments(
        np.frombuffer(xs, dtype=np.float64)[first],
        np.frombuffer(ys, dtype=np.float64)[first],
        a_idx,
        b_idx,
        np.frombuffer(seg_v, dtype=np.float64),
        np.frombuffer(seg_two, dtype=np.int8).astype(bool),
    )
