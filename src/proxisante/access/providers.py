"""Choosing and running a travel-time provider for communes (the edge that may read files).

``--travel estimate`` (default), ``road:FILE.osm.pbf`` or ``matrix:FILE.csv``. All three
return commune-to-commune times with the same intra-commune rule on the diagonal, and a mask of
the communes the provider covers (a road extract or a matrix file covers a part of the map).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from proxisante.access._errors import TravelSpecError
from proxisante.access.travel.estimate import (
    DEFAULT_SPEED_MODEL,
    SpeedModel,
    estimate_times,
    estimate_times_to_points,
    intra_commune_minutes,
)
from proxisante.access.travel.matrix import read_matrix_file, times_from_table
from proxisante.access.travel.road import RoadNetwork, read_osm, road_times
from proxisante.access.traveltimes import TravelTimes, from_pairs
from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.types import BoolArray, FloatArray

ProviderKind = Literal["estimate", "v2", "road", "matrix"]


@dataclass(frozen=True)
class TravelSpec:
    """A parsed ``--travel`` value (``peak``: METRIC's peak-hour speeds, ``v2`` only)."""

    kind: ProviderKind
    path: Path | None = None
    peak: bool = False

    def __str__(self) -> str:
        name = f"{self.kind}-peak" if self.peak else self.kind
        return name if self.path is None else f"{name}:{self.path}"


def parse_travel_spec(text: str) -> TravelSpec:
    """Parse ``estimate``, ``v2``, ``v2-peak``, ``v2:SKELETON.csv``, ``road:FILE`` or
    ``matrix:FILE``.

    Examples
    --------
    >>> parse_travel_spec("road:allier.osm.pbf")
    TravelSpec(kind='road', path=PosixPath('allier.osm.pbf'), peak=False)
    >>> str(parse_travel_spec("v2-peak"))
    'v2-peak'
    """
    kind, _, rest = text.partition(":")
    if kind == "estimate" and not rest:
        return TravelSpec("estimate")
    if kind in ("v2", "v2-peak"):
        return TravelSpec("v2", Path(rest) if rest else None, peak=kind == "v2-peak")
    if kind in ("road", "matrix") and rest:
        return TravelSpec(kind, Path(rest))  # type: ignore[arg-type]
    raise TravelSpecError(text)


@dataclass(frozen=True, eq=False)
class CommunePoints:
    """What a provider needs to know of each commune, aligned on ``codes``."""

    codes: tuple[str, ...]
    lon: FloatArray
    lat: FloatArray
    area_km2: FloatArray
    density: FloatArray


_FILE_CACHE: dict[tuple[str, str, int, int], Any] = {}


def _cached(kind: str, path: Path, read: Callable[[Path], Any]) -> Any:
    """Parse a road or matrix file once per process (keyed by path, size and mtime)."""
    try:
        st = path.stat()
        key = (kind, str(path.resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        return read(path)  # the reader says the file is missing, in French
    if key not in _FILE_CACHE:
        _FILE_CACHE[key] = read(path)
    return _FILE_CACHE[key]


def cached_osm(path: Path) -> RoadNetwork:
    """:func:`read_osm`, parsed once per process."""
    network: RoadNetwork = _cached("road", path, read_osm)
    return network


def cached_matrix(path: Path) -> pd.DataFrame:
    """:func:`read_matrix_file`, parsed once per process."""
    table: pd.DataFrame = _cached("matrix", path, read_matrix_file)
    return table


def commune_times(
    points: CommunePoints,
    spec: TravelSpec,
    cutoff_min: float,
    model: SpeedModel = DEFAULT_SPEED_MODEL,
) -> tuple[TravelTimes, BoolArray]:
    """Commune-to-commune travel times under ``cutoff_min`` and which communes are covered."""
    located = np.isfinite(points.lon) & np.isfinite(points.lat)
    if spec.kind == "estimate":
        tt = estimate_times(
            points.lon, points.lat, points.density, points.area_km2, cutoff_min, model
        )
        return tt, located
    if spec.path is None:
        raise InternalError(
            _("spécification de trajet {kind} sans fichier").format(kind=repr(spec.kind))
        )
    if spec.kind == "road":
        network = cached_osm(spec.path)
        tt, covered = road_times(network, points.lon, points.lat, cutoff_min)
        road_note = f"Réseau routier OpenStreetMap {spec.path.name} : {network.n_edges} tronçons."
        return _with_intra(
            tt, points, model, cutoff_min, (road_note,), keep_diagonal=False
        ), covered
    table = cached_matrix(spec.path)
    tt, covered = times_from_table(table, points.codes, cutoff_min, source=str(spec.path))
    notes = (f"Matrice de temps {spec.path.name} : {len(table)} trajets.", *tt.notes)
    return _with_intra(tt, points, model, cutoff_min, notes, keep_diagonal=True), covered


def times_to_points(
    points: CommunePoints,
    spec: TravelSpec,
    to_lon: npt.ArrayLike,
    to_lat: npt.ArrayLike,
    to_density: npt.ArrayLike,
    to_commune: npt.ArrayLike,
    cutoff_min: float,
    model: SpeedModel = DEFAULT_SPEED_MODEL,
) -> tuple[TravelTimes, BoolArray]:
    """Times from communes (rows) to facility points (columns) and which communes are covered.

    With ``matrix``, a facility is reached at the time to its commune (``to_commune`` holds the
    index of that commune in ``points``, -1 when unknown).
    """
    located = np.isfinite(points.lon) & np.isfinite(points.lat)
    if spec.kind == "estimate":
        tt = estimate_times_to_points(
            points.lon, points.lat, points.density, to_lon, to_lat, to_density, cutoff_min, model
        )
        return tt, located
    if spec.kind == "road":
        if spec.path is None:
            raise InternalError(_("spécification de trajet 'road' sans fichier"))
        return road_times(
            cached_osm(spec.path), points.lon, points.lat, cutoff_min, to_lon=to_lon, to_lat=to_lat
        )
    square, covered = commune_times(points, spec, cutoff_min, model)
    com = np.asarray(to_commune, dtype=np.int64)
    known = np.flatnonzero(com >= 0)
    sub = square.minutes[:, com[known]].tocoo()
    tt = from_pairs(
        sub.row,
        known[sub.col],
        sub.data,
        (len(points.codes), com.size),
        cutoff_min,
        provider="matrix",
        notes=square.notes,
        assume_unique=True,
    )
    return tt, covered


def _with_intra(
    tt: TravelTimes,
    points: CommunePoints,
    model: SpeedModel,
    cutoff_min: float,
    notes: tuple[str, ...],
    *,
    keep_diagonal: bool,
) -> TravelTimes:
    """Set the diagonal by the intra-commune rule (keeping a given diagonal if asked)."""
    m = tt.minutes.tocoo()
    off = m.row != m.col
    n = len(points.codes)
    intra = intra_commune_minutes(
        points.area_km2, model.speed_kmh(points.density), model.detour, model.intra_fraction
    )
    diag = np.arange(n)
    if keep_diagonal:
        given = np.full(n, np.nan)
        given[m.row[~off]] = m.data[~off]
        intra = np.where(np.isfinite(given), given, intra)
    return from_pairs(
        np.concatenate((m.row[off], diag)),
        np.concatenate((m.col[off], diag)),
        np.concatenate((m.data[off], intra)),
        (n, n),
        cutoff_min,
        provider=tt.provider,
        estimated=tt.estimated,
        notes=notes,
        assume_unique=True,
    )
