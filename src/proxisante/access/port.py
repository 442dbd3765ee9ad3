"""The travel-time port: one provider, given to every use of travel times.

The APL engine, the diagnosis, the registry's matching and the slot search all ask a
:class:`TravelTimeProvider` for minutes between communes, so that one trip has one figure.
:class:`CommuneTravel` implements it for the providers of ``--travel`` (``estimate``, ``v2``,
``road:FILE``, ``matrix:FILE``) on a table of communes (the embedded bundle by default, see
:func:`bundle_provider`). Road and matrix files are parsed once per process and cached.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt
import pandas as pd
import scipy.sparse as sp

from proxisante.access.providers import (
    CommunePoints,
    TravelSpec,
    commune_times,
    parse_travel_spec,
    times_to_points,
)
from proxisante.access.travel.estimate import (
    DEFAULT_SPEED_MODEL,
    SpeedModel,
    intra_commune_minutes,
    neighbourhood_density,
)
from proxisante.access.travel.v2 import DEFAULT_METRIC_MODEL, V2Network, skeleton_for
from proxisante.access.traveltimes import TravelTimes
from proxisante.errors import InternalError
from proxisante.types import BoolArray, FloatArray, IntArray

TRIP_CUTOFF_MIN = 24 * 60.0
"""Cutoff used for a single trip (:func:`trip_minutes`): any trip in France fits under it."""


@runtime_checkable
class TravelTimeProvider(Protocol):
    """Minutes between communes: the one method that matters is :meth:`commune_times`.

    ``name`` says where times come from (``estimate``, ``v2``, ``road:…``, ``matrix:…``);
    ``estimated`` is True when they rest on a model, and every output must then say so.
    """

    @property
    def name(self) -> str: ...

    @property
    def estimated(self) -> bool: ...

    def commune_times(
        self, codes: Sequence[str], cutoff_min: float
    ) -> tuple[TravelTimes, BoolArray]:
        """Square times among ``codes`` (rows and columns in that order), pairs under the
        cutoff, and which of them the provider covers (known place, inside a road extract…)."""
        ...

    def point_times(
        self,
        codes: Sequence[str],
        to_lon: npt.ArrayLike,
        to_lat: npt.ArrayLike,
        to_commune: Sequence[str | None],
        cutoff_min: float,
    ) -> tuple[TravelTimes, BoolArray]:
        """Times from communes (rows) to facility points (columns) lying in ``to_commune``."""
        ...

    def intra_minutes(self, codes: Sequence[str]) -> FloatArray:
        """Time of a trip within each commune (the intra-commune rule)."""
        ...


@dataclass(eq=False)
class CommuneTravel:
    """A :class:`TravelTimeProvider` over a table of communes (index = code; ``lon``, ``lat``,
    ``area_km2``, ``population``).

    Neighbourhood densities are computed once on the whole table, so a trip takes the same time
    whichever subset of communes is asked for.
    """

    points: CommunePoints
    spec: TravelSpec = field(default_factory=lambda: TravelSpec("estimate"))
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
        return cls(table_points(communes, model), parsed, model, network)

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
        tt, covered = commune_times(pts, self.spec, cutoff_min, self.model)
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
            pts, self.spec, to_lon, to_lat, density, where, cutoff_min, self.model
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


_BUNDLE_PROVIDERS: dict[str, CommuneTravel] = {}


def bundle_provider(spec: TravelSpec | str = "estimate") -> CommuneTravel:
    """The provider over every commune of the embedded bundle (built once per ``spec``)."""
    from proxisante.territory import load_territory

    parsed = parse_travel_spec(spec) if isinstance(spec, str) else spec
    key = str(parsed)
    if key not in _BUNDLE_PROVIDERS:
        _BUNDLE_PROVIDERS[key] = CommuneTravel.from_table(load_territory().communes, parsed)
    return _BUNDLE_PROVIDERS[key]


def trip_minutes(provider: TravelTimeProvider, origin: str, destination: str) -> float | None:
    """Minutes of one trip between two communes (None when the provider cannot tell).

    A commune to itself takes its intra-commune time.
    """
    codes = [origin] if origin == destination else [origin, destination]
    tt, covered = provider.commune_times(codes, TRIP_CUTOFF_MIN)
    if not covered.all():
        return None
    m = tt.minutes
    start, end = int(m.indptr[0]), int(m.indptr[1])
    hit = np.flatnonzero(m.indices[start:end] == len(codes) - 1)
    return float(m.data[start + hit[0]]) if hit.size else None
