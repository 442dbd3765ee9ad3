"""The background of the public maps (``fond``): what people need to read a map of communes,
served by the app from the bundle (no tile server, no third-party host).

One GeoJSON per map, its features told apart by the property ``k``:

- ``route``: the national road skeleton (DGITM TMJA 2019, ``roads.geojson`` of the bundle:
  motorways ``A``, routes nationales ``N``), clipped to the map's frame;
- ``dep``: outlines of the départements in the frame (maps of communes only: on a map of
  départements the zones' own borders are those outlines), dissolved from the communes'
  contours;
- ``voisin``: on a commune's map, the communes that border it (drawn around it, named);
- ``lieu``: points of the most populated communes in the frame (INSEE population, the town-hall
  point of the contours' source), candidates for the place names the map script writes on the
  map; the script shows the largest that fit the view without overlapping.

The frame of a map is the box of its communes' contours (for a commune: with its neighbours),
padded; :func:`frame` gives it to the page, so that the map opens on it and the reset button
returns to it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import shapely
from fastapi import APIRouter, Request
from fastapi.responses import Response
from shapely.ops import polylabel

from proxisante.i18n import _
from proxisante.territory import Territory, load_territory
from proxisante.territory.bundle import bundle_dir
from proxisante.territory.contours import contour_geometries
from proxisante.web.public.answers import DATA_MAX_AGE, cached_page
from proxisante.web.public.geodata import MAX_COMMUNES, SIMPLIFY_DEG

router = APIRouter(include_in_schema=False)

GEOJSON = "application/geo+json"
ROADS_FILE = "roads.geojson"
NATIONAL_BOUNDS = ((-5.3, 41.3), (10.6, 51.2))
# Padding of a frame, as a share of its size (at least PAD_MIN_DEG).
PAD_SHARE = 0.04
PAD_MIN_DEG = 0.01
# Place-name candidates sent per map (the script shows those that fit the view).
PLACES_AREA = 60
PLACES_NATIONAL = 80
OUTLINE_SIMPLIFY_DEG = SIMPLIFY_DEG
OUTLINE_GRID_DEG = 0.002
DIGITS = 4


@cache
def _roads() -> tuple[tuple[dict[str, Any], ...], np.ndarray]:
    """The bundle's road skeleton: properties and geometries (read once)."""
    doc = json.loads((bundle_dir() / ROADS_FILE).read_text(encoding="utf-8"))
    props = tuple(f["properties"] for f in doc["features"])
    geoms = shapely.from_geojson([json.dumps(f["geometry"]) for f in doc["features"]])
    return props, np.asarray(geoms, dtype=object)


Box = tuple[tuple[float, float], tuple[float, float]]


def _box_of(geoms: list[shapely.Geometry]) -> Box | None:
    if not geoms:
        return None
    x0, y0, x1, y1 = shapely.total_bounds(np.asarray(geoms, dtype=object)).tolist()
    if not all(np.isfinite([x0, y0, x1, y1])):
        return None
    px = max((x1 - x0) * PAD_SHARE, PAD_MIN_DEG)
    py = max((y1 - y0) * PAD_SHARE, PAD_MIN_DEG)
    return (
        (round(x0 - px, DIGITS), round(y0 - py, DIGITS)),
        (round(x1 + px, DIGITS), round(y1 + py, DIGITS)),
    )


def _neighbour_codes(terr: Territory, code: str) -> list[str]:
    from proxisante.diagnosis.keyfigures import neighbours

    return [n.code for n in neighbours(terr, code)]


def _is_commune(terr: Territory, code: str) -> bool:
    return terr.area(code).level in ("commune", "arrondissement")


def _is_national(terr: Territory, code: str) -> bool:
    return terr.area(code).code == "fr"


def frame(terr: Territory, code: str) -> list[list[float]]:
    """The box a map of ``code`` opens on, ``[[west, south], [east, north]]``: its communes'
    contours, and for a commune its neighbours' too (so that it is seen among them)."""
    area = terr.area(code)
    if area.code == "fr":
        return [list(NATIONAL_BOUNDS[0]), list(NATIONAL_BOUNDS[1])]
    codes = list(terr.communes_in(area.code))
    if _is_commune(terr, area.code):
        codes += _neighbour_codes(terr, area.code)
    geoms = contour_geometries()
    box = _box_of([geoms[c] for c in codes if c in geoms])
    if box is None:  # no contour: the town-hall points
        rows = terr.communes.loc[terr.communes_in(area.code)]
        rows = rows[rows["lon"].notna()]
        if rows.empty:
            return [list(NATIONAL_BOUNDS[0]), list(NATIONAL_BOUNDS[1])]
        pad = 0.05
        return [
            [float(rows["lon"].min()) - pad, float(rows["lat"].min()) - pad],
            [float(rows["lon"].max()) + pad, float(rows["lat"].max()) + pad],
        ]
    return [list(box[0]), list(box[1])]


def _geojson(geom: shapely.Geometry, digits: int = DIGITS) -> Any:
    return json.loads(shapely.to_geojson(shapely.set_precision(geom, 10.0**-digits)))


def _lines(geom: shapely.Geometry) -> shapely.Geometry:
    """The lines of a clipped geometry (a clip may leave points in a collection)."""
    parts = [
        g
        for g in shapely.get_parts(
            shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom
        )
        if g.geom_type == "LineString" and g.length > 0
    ]
    if not parts:
        return shapely.LineString()
    return parts[0] if len(parts) == 1 else shapely.MultiLineString(parts)


def _road_features(box: shapely.Geometry | None) -> list[dict[str, Any]]:
    props, geoms = _roads()
    keep: list[int]
    if box is None:
        keep = list(range(len(geoms)))
        clipped = list(geoms)
    else:
        keep = np.flatnonzero(shapely.intersects(geoms, box)).tolist()
        clipped = list(shapely.intersection(geoms[keep], box)) if keep else []
    out = []
    for i, clip in zip(keep, clipped, strict=True):
        geom = _lines(clip)
        if geom.is_empty:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"k": "route", "ref": props[i]["ref"], "kind": props[i]["kind"]},
                "geometry": _geojson(geom, 3),
            }
        )
    return out


@cache
def _department_outline(code: str) -> shapely.Geometry:
    """The boundary of a département, dissolved from its communes (snapped as the national
    map's, simplified as the communes' contours)."""
    terr = load_territory()
    geoms = contour_geometries()
    parts = [
        geoms[c] for c in terr.communes.index[terr.communes["departement"] == code] if c in geoms
    ]
    merged = shapely.union_all(np.asarray(parts, dtype=object), grid_size=OUTLINE_GRID_DEG)
    return shapely.simplify(merged, OUTLINE_SIMPLIFY_DEG).boundary


def _department_features(terr: Territory, box: shapely.Geometry) -> list[dict[str, Any]]:
    x0, y0, x1, y1 = box.bounds
    com = terr.communes
    inside = com[com["lon"].between(x0, x1) & com["lat"].between(y0, y1)]
    out = []
    for dep in sorted(inside["departement"].dropna().unique()):
        line = _lines(shapely.intersection(_department_outline(str(dep)), box))
        if line.is_empty:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"k": "dep", "code": str(dep)},
                "geometry": _geojson(line),
            }
        )
    return out


def _neighbour_features(terr: Territory, code: str) -> list[dict[str, Any]]:
    geoms = contour_geometries()
    out = []
    for c in _neighbour_codes(terr, code):
        if c not in geoms:
            continue
        out.append(
            {
                "type": "Feature",
                "properties": {"k": "voisin", "code": c, "name": terr.name_of(c)},
                "geometry": _geojson(shapely.simplify(geoms[c], SIMPLIFY_DEG)),
            }
        )
    return out


def _inside_point(geom: shapely.Geometry) -> tuple[float, float]:
    """A point well inside a commune's polygon (its largest part), where its name reads as
    naming that polygon (a town hall may sit by the border, next to another one's)."""
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda g: g.area)
    point = polylabel(shapely.simplify(largest, SIMPLIFY_DEG), tolerance=1e-3)
    return float(point.x), float(point.y)


def _place_features(rows: pd.DataFrame, limit: int, inside: bool = False) -> list[dict[str, Any]]:
    """The ``limit`` most populated communes of ``rows`` as points: their town halls, or with
    ``inside`` a point inside their polygon."""
    rows = rows[(rows["level"] == "commune") & rows["lon"].notna() & rows["lat"].notna()]
    top = rows.sort_values("population", ascending=False, kind="stable").head(limit)
    geoms = contour_geometries() if inside else {}
    at = {
        c: _inside_point(geoms[c]) if c in geoms else (float(r["lon"]), float(r["lat"]))
        for c, r in top.iterrows()
    }
    return [
        {
            "type": "Feature",
            "properties": {
                "k": "lieu",
                "code": str(c),
                "name": str(r["name"]),
                "population": int(r["population"]),
                "dep": None if pd.isna(r["departement"]) else str(r["departement"]),
            },
            "geometry": {
                "type": "Point",
                "coordinates": [round(at[c][0], DIGITS), round(at[c][1], DIGITS)],
            },
        }
        for c, r in top.iterrows()
    ]


def _encode(features: list[dict[str, Any]]) -> bytes:
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def area_background(terr: Territory, code: str) -> bytes:
    """The background of the map of ``code`` (see the module's docstring)."""
    area = terr.area(code)
    if area.code == "fr":
        return national_background(terr)
    (x0, y0), (x1, y1) = frame(terr, area.code)
    box = shapely.box(x0, y0, x1, y1)
    com = terr.communes
    in_frame = com[com["lon"].between(x0, x1) & com["lat"].between(y0, y1)]
    features = _road_features(box)
    if len(terr.communes_in(area.code)) <= MAX_COMMUNES:  # a map of communes
        features += _department_features(terr, box)
    if _is_commune(terr, area.code):  # named: the commune and its neighbours
        features += _neighbour_features(terr, area.code)
        named = [area.code, *_neighbour_codes(terr, area.code)]
        rows = com.loc[[c for c in named if c in com.index]]
        return _encode(features + _place_features(rows, PLACES_AREA, inside=True))
    features += _place_features(in_frame, PLACES_AREA)
    return _encode(features)


def national_background(terr: Territory) -> bytes:
    """The background of the maps of France (and Valais): roads and the largest towns."""
    com = terr.communes
    places = _place_features(com[com["country"] == "FR"], PLACES_NATIONAL)
    places += _place_features(com[com["country"] == "CH"], 3)
    return _encode(_road_features(None) + places)


def basemap_texts() -> dict[str, str]:
    """The words of the map's controls and background legend, in the current language (the
    MapLibre keys are its own ``locale`` keys)."""
    return {
        "reset": _("Revenir à la vue de départ"),
        "motorway": _("Autoroute"),
        "national_road": _("Route nationale"),
        "department": _("Limite de département"),
        "neighbours": _("Communes voisines"),
        "background": _("Fond de carte"),
        "overseas": _("Outre-mer (encarts, échelles différentes)"),
        "NavigationControl.ZoomIn": _("Zoomer"),
        "NavigationControl.ZoomOut": _("Dézoomer"),
        "NavigationControl.ResetBearing": _("Revenir au nord"),
        "Map.Title": _("Carte"),
        "CooperativeGesturesHandler.WindowsHelpText": _(
            "Maintenez la touche Ctrl et utilisez la molette pour zoomer la carte"
        ),
        "CooperativeGesturesHandler.MacHelpText": _(
            "Maintenez la touche ⌘ et utilisez la molette pour zoomer la carte"
        ),
        "CooperativeGesturesHandler.MobileHelpText": _(
            "Utilisez deux doigts pour déplacer la carte"
        ),
    }


@router.get("/donnees/territoires/{code}/fond.geojson")
async def territory_background(request: Request, code: str) -> Response:
    """Roads, département outlines, neighbours and place-name candidates of an area's map."""

    def build(request: Request, lang: str) -> Response:
        from proxisante.i18n import use_lang

        terr = load_territory()
        with use_lang(lang):
            area = terr.area(code)  # an unknown code: a 404 (JSON) with suggestions
        return Response(area_background(terr, area.code), media_type=GEOJSON)

    return await cached_page(request, build, max_age=DATA_MAX_AGE, by_lang=False)


@router.get("/donnees/carte/fond.geojson")
async def national_background_data(request: Request) -> Response:
    """Roads and the largest towns of the national map."""

    def build(request: Request, _lang: str) -> Response:
        return Response(national_background(load_territory()), media_type=GEOJSON)

    return await cached_page(request, build, max_age=DATA_MAX_AGE, by_lang=False)
