"""Map data of the public pages: per-area GeoJSON of communes (or of départements for a région
or a country) with their indicators (computed by :mod:`proxisante.diagnosis.mapindicators`),
built from the bundle's contours and cached.

Contours are simplified (tolerance below) and coordinates rounded to 4 decimals (about 10 m):
the data of one département stays well under 500 KB.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock between processes
    fcntl = None  # type: ignore[assignment]

import numpy as np
import shapely

from proxisante.access.port import TravelTimeProvider
from proxisante.diagnosis.mapindicators import (
    AreaFeature,
    children_codes,
    commune_features,
    department_features,
)
from proxisante.territory import load_territory
from proxisante.territory.contours import contour_geometries
from proxisante.territory.model import LEVEL_COLUMN

SIMPLIFY_DEG = 0.002
DISSOLVE_SIMPLIFY_DEG = 0.01
# Areas with more communes than this are drawn by département (région, France).
MAX_COMMUNES = 1500
CACHE_VERSION = "2"


@dataclass(frozen=True)
class AreaMap:
    """The map of an area: its features, their level and the GeoJSON text served."""

    code: str
    level: str
    features: tuple[AreaFeature, ...]
    geojson: bytes


def _feature_json(f: AreaFeature, geom: shapely.Geometry) -> dict[str, object]:
    geo = json.loads(shapely.to_geojson(shapely.set_precision(geom, 1e-4)))
    return {
        "type": "Feature",
        "id": f.code,
        "geometry": geo,
        "properties": {
            "code": f.code,
            "name": f.name,
            "population": f.population,
            "apl": f.apl,
            "apl_computed": f.apl_computed,
            "access_ch": f.access_ch,
            "gp_density": f.gp_density,
            "minutes_gp": f.minutes_gp,
            "minutes_emergency": f.minutes_emergency,
            "class": f.klass,
            "apl_nurse": f.apl_nurse,
        },
    }


def _encode(features: Sequence[AreaFeature], geoms: dict[str, shapely.Geometry]) -> bytes:
    items = [_feature_json(f, geoms[f.code]) for f in features if f.code in geoms]
    doc = {"type": "FeatureCollection", "features": items}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


@cache
def _dissolved(level: str) -> dict[str, shapely.Geometry]:
    """Polygons of every area of a level (``departement``, ``ch_district``), from communes."""
    terr = load_territory()
    geoms = contour_geometries()
    column = LEVEL_COLUMN[level]
    com = terr.communes[terr.communes[column].notna()]
    out: dict[str, shapely.Geometry] = {}
    for key, group in com.groupby(column):
        parts = [geoms[c] for c in group.index if c in geoms]
        if parts:
            merged = shapely.union_all(np.asarray(parts, dtype=object), grid_size=0.002)
            out[str(key)] = shapely.simplify(merged, DISSOLVE_SIMPLIFY_DEG)
    return out


def _simplified(codes: Iterable[str]) -> dict[str, shapely.Geometry]:
    geoms = contour_geometries()
    return {c: shapely.simplify(geoms[c], SIMPLIFY_DEG) for c in codes if c in geoms}


def _build(code: str, provider: TravelTimeProvider) -> AreaMap:
    terr = load_territory()
    area = terr.area(code)
    if len(terr.communes_in(area.code)) <= MAX_COMMUNES:
        features = commune_features(terr, area.code, provider)
        simple = _simplified(f.code for f in features)
        return AreaMap(area.code, "commune", features, _encode(features, simple))
    children = children_codes(terr, area.code)
    level = "ch_district" if area.code == "ch" else "departement"
    features = department_features(terr, children)
    return AreaMap(area.code, level, features, _encode(features, _dissolved(level)))


def _decode(code: str, level: str, geojson: bytes) -> AreaMap:
    doc = json.loads(geojson)
    features = tuple(
        AreaFeature(
            code=p["code"],
            name=p["name"],
            population=p["population"],
            apl=p["apl"],
            apl_computed=p["apl_computed"],
            access_ch=p.get("access_ch"),
            gp_density=p["gp_density"],
            minutes_gp=p["minutes_gp"],
            minutes_emergency=p["minutes_emergency"],
            klass=p["class"],
            apl_nurse=p.get("apl_nurse"),
        )
        for p in (f["properties"] for f in doc["features"])
    )
    return AreaMap(code, level, features, geojson)


class GeoStore:
    """Area maps computed once, kept in memory and (when ``cache_dir`` is set) on disk, keyed
    by the bundle's provenance so that a new bundle recomputes them."""

    def __init__(self, provider: TravelTimeProvider, cache_dir: Path | None = None) -> None:
        self.provider = provider
        self._memory: dict[str, AreaMap] = {}
        self._lock = threading.RLock()
        self._dir: Path | None = None
        if cache_dir is not None:
            self._dir = cache_dir / f"geo-{CACHE_VERSION}-{_bundle_key()}"

    def _disk(self, key: str) -> Path | None:
        if self._dir is None:
            return None
        return self._dir / (re.sub(r"[^A-Za-z0-9]+", "-", key).strip("-") + ".geojson")

    def _load_or_build(self, key: str, build: Callable[[], AreaMap]) -> AreaMap:
        hit = self._memory.get(key)
        if hit is not None:
            return hit
        with self._lock:
            hit = self._memory.get(key)
            if hit is not None:
                return hit
            path = self._disk(key)
            with _build_lock(path):  # one process builds, the others (workers) read its file
                if path is not None and path.is_file():
                    level, _sep, body = path.read_bytes().partition(b"\n")
                    hit = _decode(key, level.decode(), body)
                else:
                    hit = build()
                    if path is not None:
                        _write_atomic(path, hit.level.encode() + b"\n" + hit.geojson)
            self._memory[key] = hit
            return hit

    def area_map(self, code: str) -> AreaMap:
        """The map of the area ``code`` (raises ``UnknownTerritoryError`` for unknown codes)."""
        key = load_territory().area(code).code
        return self._load_or_build(key, lambda: _build(key, self.provider))

    def national_map(self) -> AreaMap:
        """France by département and Valais by district, in one map."""

        def build() -> AreaMap:
            features = self.area_map("fr").features + self.area_map("ch").features
            valais = self.area_map("ch").features
            geoms = {**_dissolved("departement"), **_simplified(f.code for f in valais)}
            return AreaMap("national", "departement", features, _encode(features, geoms))

        return self._load_or_build("national", build)


@contextmanager
def _build_lock(path: Path | None) -> Iterator[None]:
    """An exclusive lock between processes on the cache file ``path`` (``serve --workers N``
    starts N processes at once, and each would compute the same map); none without a disk
    cache, or where file locks are missing or the folder is read-only."""
    if path is None or fcntl is None:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path.with_suffix(".lock"), "ab")  # noqa: SIM115 - closed below
    except OSError:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:  # a read-only home: the map stays in memory only
        return


@cache
def _bundle_key() -> str:
    from proxisante.territory.bundle import read_provenance

    text = json.dumps(read_provenance(), sort_keys=True).encode()
    return hashlib.sha256(text).hexdigest()[:12]
