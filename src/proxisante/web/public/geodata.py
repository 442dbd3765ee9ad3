"""Map data of the public pages: per-area GeoJSON of communes (or of départements for a région
or a country) with their indicators, built from the bundle's contours and cached.

Indicators of a commune (``properties``):

- ``apl``: official DREES APL 2023 (France only);
- ``apl_computed``: APL computed by the access engine (estimated travel times);
- ``access_ch``: Valais only, the accessibility indicator of Valais (E2SFCA on the estimated
  primary-care supply, FTE per 1,000 inhabitants; :mod:`proxisante.access.valais`);
- ``gp_density``: liberal GPs (INSEE BPE 2020) per 10 000 inhabitants;
- ``minutes_gp``: estimated minutes to the nearest commune with a liberal GP;
- ``minutes_emergency``: estimated minutes to the nearest emergency department of the layer in
  use (DREES SAE 2025 in France; Valais: published facts; part-time sites by day), the same
  figure as the diagnostic's;
- ``apl_nurse``: official DREES APL to nurses 2023 (FTE per 100 000 standardised inhabitants;
  France only, not comparable in level with the GP APL);
- ``class``: the diagnosis rule (``urgence`` / ``vigilance`` / ``proche`` / ``non_classe``)
  applied to the commune's official APL against its région's.

Contours are simplified (tolerance below) and coordinates rounded to 4 decimals (about 10 m):
the data of one département stays well under 500 KB.
"""

from __future__ import annotations

import hashlib
import json
import math
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
import pandas as pd
import shapely

from proxisante.access.port import TravelTimeProvider
from proxisante.diagnosis.classify import classify
from proxisante.diagnosis.context import context_communes, scope_of_area
from proxisante.diagnosis.indicators import compute
from proxisante.territory import Territory, load_territory
from proxisante.territory.emergency import emergency_sites
from proxisante.territory.model import LEVEL_COLUMN
from proxisante.territory.summary import weighted_apl

INDICATORS = (
    "apl",
    "apl_computed",
    "access_ch",
    "gp_density",
    "minutes_gp",
    "minutes_emergency",
    "class",
    "apl_nurse",
)
FR_INDICATORS = (
    "apl",
    "apl_computed",
    "gp_density",
    "minutes_gp",
    "minutes_emergency",
    "class",
    "apl_nurse",
)
CH_INDICATORS = ("access_ch", "minutes_emergency")
"""The indicators a map of each country offers (Valais has no APL, no GP count, no class)."""
SIMPLIFY_DEG = 0.002
DISSOLVE_SIMPLIFY_DEG = 0.01
# Areas with more communes than this are drawn by département (région, France).
MAX_COMMUNES = 1500
CACHE_VERSION = "2"


@dataclass(frozen=True)
class AreaFeature:
    """One polygon of a map and its indicator values (None when unknown)."""

    code: str
    name: str
    population: int
    apl: float | None
    apl_computed: float | None
    access_ch: float | None
    gp_density: float | None
    minutes_gp: float | None
    minutes_emergency: float | None
    klass: str
    apl_nurse: float | None = None


@dataclass(frozen=True)
class AreaMap:
    """The map of an area: its features, their level and the GeoJSON text served."""

    code: str
    level: str
    features: tuple[AreaFeature, ...]
    geojson: bytes


@cache
def _geometries() -> dict[str, shapely.Geometry]:
    from proxisante.territory.bundle import read_table

    contours = read_table("contours")
    geoms = shapely.from_wkb(contours["wkb"].to_numpy())
    return dict(zip(contours["code"].tolist(), geoms, strict=True))


def _clean(value: object, digits: int = 2) -> float | None:
    if value is None:
        return None
    x = float(value)  # type: ignore[arg-type]
    return round(x, digits) if math.isfinite(x) else None


def _region_apl(terr: Territory, rows: pd.DataFrame) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for reg in rows["region"].dropna().unique():
        reg_rows = terr.communes[terr.communes["region"] == reg]
        out[str(reg)] = weighted_apl(reg_rows, 2023)["apl"]
    return out


def _commune_class(apl: float | None, regional: float | None) -> str:
    if apl is None:
        return "non_classe"
    return classify(apl, regional, 1.0 if apl < 2.5 else 0.0).klass


def commune_features(
    terr: Territory, code: str, provider: TravelTimeProvider
) -> tuple[AreaFeature, ...]:
    """Indicators of every commune of an area (access engine over a margin around it)."""
    scope = scope_of_area(terr, code)
    rows = terr.communes.loc[list(scope.communes)]
    context = context_communes(terr, scope)
    sites = emergency_sites(terr.hospitals, terr.communes).table
    table = compute(context, sites, provider).table.reindex(rows.index)
    regional = _region_apl(terr, rows)
    out = []
    for c, row in rows.iterrows():
        pop = int(row["population"])
        apl = _clean(row["apl_2023"])
        gp = row["gp_liberal"]
        density = gp / pop * 1e4 if pd.notna(gp) and pop else None
        out.append(
            AreaFeature(
                code=str(c),
                name=str(row["name"]),
                population=pop,
                apl=apl,
                apl_computed=_clean(table.at[c, "apl_computed"]),
                access_ch=_clean(table.at[c, "access_ch"]),
                gp_density=_clean(density, 1),
                minutes_gp=_clean(table.at[c, "minutes_gp"], 0),
                minutes_emergency=_clean(table.at[c, "minutes_hospital"], 0),
                klass=_commune_class(apl, regional.get(str(row["region"]))),
                apl_nurse=_clean(row.get("apl_inf_2023"), 1),
            )
        )
    return tuple(out)


def department_features(terr: Territory, codes: Sequence[str]) -> tuple[AreaFeature, ...]:
    """Aggregated official indicators of départements (national and regional maps)."""
    out = []
    for code in codes:
        area = terr.area(code)
        rows = terr.communes.loc[terr.communes_in(code)]
        pop = int(rows["population"].sum())
        figures = weighted_apl(rows, 2023) if area.level == "departement" else {"apl": None}
        apl = _clean(figures["apl"])
        gp = rows["gp_liberal"]
        density = gp.sum() / pop * 1e4 if gp.notna().any() and pop else None
        share = figures.get("share_population_under_2_5")
        reg = rows["region"].dropna()
        reg_apl = (
            weighted_apl(terr.communes[terr.communes["region"] == reg.iloc[0]], 2023)["apl"]
            if len(reg)
            else None
        )
        klass = "non_classe" if apl is None else classify(apl, reg_apl, share).klass
        nurse = _nurse_apl(rows) if area.level == "departement" else None
        out.append(
            AreaFeature(
                code, area.name, pop, apl, None, None, _clean(density, 1), None, None, klass, nurse
            )
        )
    return tuple(out)


def _nurse_apl(rows: pd.DataFrame) -> float | None:
    """An area's official nurse APL 2023: communes weighted by the nurses' standardised
    population (the DREES rule)."""
    if "apl_inf_2023" not in rows:
        return None
    v, w = rows["apl_inf_2023"], rows["pop_std_inf_2023"]
    ok = v.notna() & w.notna() & (w > 0)
    return _clean(float((v[ok] * w[ok]).sum() / w[ok].sum()), 1) if ok.any() else None


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
    geoms = _geometries()
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
    geoms = _geometries()
    return {c: shapely.simplify(geoms[c], SIMPLIFY_DEG) for c in codes if c in geoms}


def _children_codes(terr: Territory, code: str) -> list[str]:
    area = terr.area(code)
    com = terr.communes.loc[terr.communes_in(code)]
    if area.level == "country" and area.code == "ch":
        return sorted(com["district"].dropna().unique().tolist())
    return sorted(com["departement"].dropna().unique().tolist())


def _build(code: str, provider: TravelTimeProvider) -> AreaMap:
    terr = load_territory()
    area = terr.area(code)
    if len(terr.communes_in(area.code)) <= MAX_COMMUNES:
        features = commune_features(terr, area.code, provider)
        simple = _simplified(f.code for f in features)
        return AreaMap(area.code, "commune", features, _encode(features, simple))
    children = _children_codes(terr, area.code)
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
