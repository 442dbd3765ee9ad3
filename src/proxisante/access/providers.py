"""Building and running the travel-time provider for communes (the edge that may read files).

:func:`build_provider` turns a ``--travel`` value into the one
:class:`~proxisante.access.port.TravelTimeProvider` of a run (a :class:`CommuneTravel` over
the bundle's communes); the shells call it once and pass the object down.

``--travel estimate`` (default), ``v2``, ``road:FILE.osm.pbf`` or ``matrix:FILE.csv``. All
return commune-to-commune times with the same intra-commune rule on the diagonal, and a mask of
the communes the provider covers (a road extract or a matrix file covers a part of the map).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from proxisante.access._errors import TravelSpecError
from proxisante.access.travel.estimate import (
    DEFAULT_SPEED_MODEL,
    SpeedModel,
    estimate_times,
    estimate_times_to_points,
    intra_commune_minutes,
    neighbourhood_density,
)
from proxisante.access.travel.matrix import read_matrix_file, times_from_table
from proxisante.access.travel.road import RoadNetwork, read_osm, road_times
from proxisante.access.travel.v2 import DEFAULT_METRIC_MODEL, V2Network, skeleton_for
from proxisante.access.traveltimes import TravelTimes, from_pairs
from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.types import BoolArray, FloatArray, IntArray

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


@dataclass(frozen=True, eq=False)
class TravelSource:
    """A ``--travel`` value with its file read (the road network or the matrix table).

    Files are read once, when the provider is built (:func:`load_source`), and kept by the
    provider object: nothing is cached at module level.
    """

    spec: TravelSpec
    road: RoadNetwork | None = None
    matrix: pd.DataFrame | None = None


def load_source(spec: TravelSpec) -> TravelSource:
    """Read the file a ``road:`` or ``matrix:`` spec names (the reader says, in French, when it
    is missing or malformed)."""
    if spec.kind == "road" and spec.path is not None:
        return TravelSource(spec, road=read_osm(spec.path))
    if spec.kind == "matrix" and spec.path is not None:
        return TravelSource(spec, matrix=read_matrix_file(spec.path))
    return TravelSource(spec)


def _road(source: TravelSource) -> tuple[RoadNetwork, Path]:
    if source.road is None or source.spec.path is None:
        raise InternalError(_("spécification de trajet 'road' sans fichier"))
    return source.road, source.spec.path


def _matrix(source: TravelSource) -> tuple[pd.DataFrame, Path]:
    if source.matrix is None or source.spec.path is None:
        raise InternalError(
            _("spécification de trajet {kind} sans fichier").format(kind=repr(source.spec.kind))
        )
    return source.matrix, source.spec.path


def commune_times(
    points: CommunePoints,
    source: TravelSource,
    cutoff_min: float,
    model: SpeedModel = DEFAULT_SPEED_MODEL,
) -> tuple[TravelTimes, BoolArray]:
    """Commune-to-commune travel times under ``cutoff_min`` and which communes are covered."""
    spec = source.spec
    located = np.isfinite(points.lon) & np.isfinite(points.lat)
    if spec.kind == "estimate":
        tt = estimate_times(
            points.lon, points.lat, points.density, points.area_km2, cutoff_min, model
        )
        return tt, located
    if spec.kind == "road":
        network, path = _road(source)
        tt, covered = road_times(network, points.lon, points.lat, cutoff_min)
        road_note = f"Réseau routier OpenStreetMap {path.name} : {network.n_edges} tronçons."
        return _with_intra(
            tt, points, model, cutoff_min, (road_note,), keep_diagonal=False
        ), covered
    table, path = _matrix(source)
    tt, covered = times_from_table(table, points.codes, cutoff_min, source=str(path))
    notes = (f"Matrice de temps {path.name} : {len(table)} trajets.", *tt.notes)
    return _with_intra(tt, points, model, cutoff_min, notes, keep_diagonal=True), covered


def times_to_points(
    points: CommunePoints,
    source: TravelSource,
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
    spec = source.spec
    located = np.isfinite(points.lon) & np.isfinite(points.lat)
    if spec.kind == "estimate":
        tt = estimate_times_to_points(
            points.lon, points.lat, points.density, to_lon, to_lat, to_density, cutoff_min, model
        )
        return tt, located
    if spec.kind == "road":
        network, _path = _road(source)
        return road_times(network, points.lon, points.lat, cutoff_min, to_lon=to_lon, to_lat=to_lat)
    square, covered = commune_times(points, source, cutoff_min, model)
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


@dataclass(eq=False)
class CommuneTravel:
    """A :class:`TravelTimeProvider` over a table of communes (index = code; ``lon``, ``lat``,
    ``area_km2``, ``population``).

    Neighbourhood densities are computed once on the whole table, so a trip takes the same time
    whichever subset of communes is asked for.
    """

    points: CommunePoints
    source: TravelSource = field(default_factory=lambda: TravelSource(TravelSpec("estimate")))
    model: SpeedModel = DEFAULT_SPEED_MODEL
    v2: V2Network | None = None
    _index: pd.Index = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = pd.Index(self.points.codes)

    @classmethod
    def from_table(
        cls,
        communes: pd.DataFrame,
        spec: TravelSpec | str = "estimate",
        model: SpeedModel = DEFAULT_SPEED_MODEL,
    ) -> CommuneTravel:
        parsed = parse_travel_spec(spec) if isinstance(spec, str) else spec
        source = load_source(parsed)
        network = None
        if parsed.kind == "v2":
            network = V2Network.build(
                communes["lon"],
                communes["lat"],
                communes["area_km2"],
                communes["population"],
                skeleton=skeleton_for(parsed.path),
                model=dataclasses.replace(DEFAULT_METRIC_MODEL, peak=parsed.peak),
            )
        return cls(table_points(communes, model), source, model, network)

    @property
    def spec(self) -> TravelSpec:
        return self.source.spec

    @property
    def name(self) -> str:
        return str(self.spec)

    def __str__(self) -> str:
        return self.name

    @property
    def estimated(self) -> bool:
        return self.spec.kind in ("estimate", "v2")

    def positions(self, codes: Sequence[str]) -> IntArray:
        """Index of each code in the table (-1 when unknown)."""
        return np.asarray(self._index.get_indexer(pd.Index([str(c) for c in codes])))

    def subset(self, codes: Sequence[str]) -> tuple[CommunePoints, BoolArray]:
        """The places of ``codes`` (unknown codes get no coordinates) and which are known."""
        pos = self.positions(codes)
        known = pos >= 0
        p = np.maximum(pos, 0)

        def pick(a: FloatArray, fill: float) -> FloatArray:
            return np.where(known, a[p], fill) if a.size else np.full(len(pos), fill)

        return (
            CommunePoints(
                codes=tuple(str(c) for c in codes),
                lon=pick(self.points.lon, np.nan),
                lat=pick(self.points.lat, np.nan),
                area_km2=pick(self.points.area_km2, np.nan),
                density=pick(self.points.density, 0.0),
            ),
            known,
        )

    def commune_times(
        self, codes: Sequence[str], cutoff_min: float
    ) -> tuple[TravelTimes, BoolArray]:
        if self.v2 is not None:
            pos = self.positions(codes)
            known = pos >= 0
            tt = _expand(self.v2.square(pos[known], cutoff_min), known, known)
            return tt, known & np.isfinite(self.points.lon[np.maximum(pos, 0)])
        pts, known = self.subset(codes)
        tt, covered = commune_times(pts, self.source, cutoff_min, self.model)
        return tt, covered & known

    def point_times(
        self,
        codes: Sequence[str],
        to_lon: npt.ArrayLike,
        to_lat: npt.ArrayLike,
        to_commune: Sequence[str | None],
        cutoff_min: float,
    ) -> tuple[TravelTimes, BoolArray]:
        if self.v2 is not None:
            return self._v2_point_times(codes, to_commune, cutoff_min)
        n = len(codes)
        rows = [str(c) for c in codes]
        to = [None if c is None else str(c) for c in to_commune]
        if self.spec.kind == "matrix":
            # A matrix is commune to commune: the facilities' communes join the rows.
            rows += sorted({c for c in to if c is not None} - set(rows))
        pts, known = self.subset(rows)
        where = pd.Index(pts.codes).get_indexer(pd.Index([str(c) for c in to]))
        national = self.positions([str(c) for c in to])
        density = np.where(national >= 0, self.points.density[np.maximum(national, 0)], 0.0)
        tt, covered = times_to_points(
            pts, self.source, to_lon, to_lat, density, where, cutoff_min, self.model
        )
        if len(rows) > n:
            tt = TravelTimes(sp_rows(tt, n), tt.cutoff_min, tt.provider, tt.estimated, tt.notes)
            covered, known = covered[:n], known[:n]
        return tt, covered & known

    def _v2_point_times(
        self, codes: Sequence[str], to_commune: Sequence[str | None], cutoff_min: float
    ) -> tuple[TravelTimes, BoolArray]:
        """``v2`` runs town hall to town hall: a facility is reached at its commune's hall."""
        if self.v2 is None:
            raise InternalError("invariant broken: v2 point times without a v2 matrix")
        pos = self.positions(codes)
        known = pos >= 0
        to_pos = self.positions([str(c) for c in to_commune])
        dest = np.unique(to_pos[to_pos >= 0])
        rect = self.v2.rectangle(pos[known], dest, cutoff_min)
        col = np.searchsorted(dest, np.maximum(to_pos, 0))
        has = to_pos >= 0
        sub = sp.csr_array(rect.minutes[:, col[has]]).tocoo()
        full = sp.csr_array(
            (sub.data, (sub.row, np.flatnonzero(has)[sub.col])),
            shape=(int(known.sum()), len(to_pos)),
        )
        tt = TravelTimes(full, rect.cutoff_min, rect.provider, rect.estimated, rect.notes)
        return _expand(tt, known, np.ones(len(to_pos), dtype=bool)), known

    def intra_minutes(self, codes: Sequence[str]) -> FloatArray:
        if self.v2 is not None:
            pos = self.positions(codes)
            out = np.zeros(len(pos))
            out[pos >= 0] = self.v2.intra_minutes(pos[pos >= 0])
            return out
        pts, _ = self.subset(codes)
        m = self.model
        return intra_commune_minutes(
            pts.area_km2, m.speed_kmh(pts.density), m.detour, m.intra_fraction
        )


def _expand(tt: TravelTimes, rows: BoolArray, cols: BoolArray) -> TravelTimes:
    """Times computed on the known rows/columns, placed back among all of them."""
    if rows.all() and cols.all():
        return tt
    m = tt.minutes.tocoo()
    r, c = np.flatnonzero(rows), np.flatnonzero(cols)
    full = sp.csr_array((m.data, (r[m.row], c[m.col])), shape=(rows.size, cols.size))
    return TravelTimes(full, tt.cutoff_min, tt.provider, tt.estimated, tt.notes)


def sp_rows(tt: TravelTimes, n: int) -> sp.csr_array:
    """The first ``n`` rows of a travel-time matrix."""
    return sp.csr_array(tt.minutes[:n])


def table_points(communes: pd.DataFrame, model: SpeedModel = DEFAULT_SPEED_MODEL) -> CommunePoints:
    """Places of the communes of a table (town-hall point, area, neighbourhood density)."""
    lon = communes["lon"].to_numpy(dtype=np.float64)
    lat = communes["lat"].to_numpy(dtype=np.float64)
    area = communes["area_km2"].to_numpy(dtype=np.float64)
    pop = communes["population"].fillna(0).to_numpy(dtype=np.float64)
    return CommunePoints(
        codes=tuple(communes.index.astype(str)),
        lon=lon,
        lat=lat,
        area_km2=area,
        density=neighbourhood_density(lon, lat, pop, area, model.density_radius_km),
    )


def build_provider(spec: TravelSpec | str = "estimate", home: Path | None = None) -> CommuneTravel:
    """The one travel-time provider of a run, over every commune of the embedded bundle.

    The shells call it once (the CLI on ``--travel``, the web app at startup, the composition
    root) and pass the object down; a road or matrix file is read here, once, and kept by the
    provider. ``home`` (the data folder) is accepted so that every shell calls it the same way;
    the bundle is embedded, so no provider reads it today.
    """
    from proxisante.territory import load_territory

    del home
    return CommuneTravel.from_table(load_territory().communes, spec)
