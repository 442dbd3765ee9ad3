"""``/territoires/{code}`` (a territory's page), ``/carte`` (the national explorer) and the map
data they load (per-area GeoJSON, computed once and cached)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from proxisante.diagnosis.keyfigures import (
    KeyFigure,
    NeighbourFigures,
    key_figures,
    neighbour_figures,
    verdict,
    zoning,
)
from proxisante.diagnosis.labels import PAGE_CLASSES, class_label, definition, level_label
from proxisante.diagnosis.mapindicators import CH_INDICATORS, FR_INDICATORS, INDICATORS
from proxisante.diagnosis.scales import scales_json
from proxisante.errors import UnknownTerritoryError
from proxisante.i18n import N_, _, use_lang
from proxisante.territory import Territory
from proxisante.territory.display import local_name
from proxisante.web.deps import get_provider
from proxisante.web.public._data import geo_store, territory
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.answers import DATA_MAX_AGE, cached_page
from proxisante.web.public.basemap import basemap_texts, frame
from proxisante.web.public.geodata import AreaMap

router = APIRouter(include_in_schema=False)

INDICATOR_LABELS = {
    "apl": N_("APL officielle (DREES 2023)"),
    "apl_computed": N_("APL calculée (estimation)"),
    "access_ch": N_("Accessibilité estimée, Valais (EPT de premier recours pour 1 000 hab.)"),
    "gp_density": N_("Généralistes pour 10 000 habitants"),
    "minutes_gp": N_("Minutes jusqu'au généraliste le plus proche"),
    "minutes_emergency": N_("Minutes jusqu'au service d'urgence le plus proche (estimation)"),
    "class": N_("Classe (règle du diagnostic)"),
    "apl_nurse": N_("APL aux infirmières (DREES 2023, ETP pour 100 000 hab.)"),
}
# Columns of the table under a map: (feature attribute, header, decimals).
FR_COLUMNS = (
    ("apl", N_("APL officielle"), 2),
    ("apl_computed", N_("APL calculée"), 2),
    ("gp_density", N_("Généralistes / 10 000 hab."), 1),
    ("minutes_gp", N_("Minutes au généraliste"), 0),
    ("minutes_emergency", N_("Minutes au service d'urgence le plus proche"), 0),
    ("apl_nurse", N_("APL aux infirmières"), 1),
)
CH_COLUMNS = (
    ("minutes_emergency", N_("Minutes au service d'urgence le plus proche"), 0),
    ("access_ch", N_("Accessibilité estimée (EPT / 1 000 hab.)"), 2),
)
# A Valais page names its indicators for what they are there (emergency departments of the
# published facts, not the French proxy).
CH_LABELS = {"minutes_emergency": N_("Minutes jusqu'au service d'urgence le plus proche")}
NATIONAL_BOUNDS = [[-5.3, 41.3], [10.6, 51.2]]
GEOJSON = "application/geo+json"


def map_texts(
    keys: tuple[str, ...] = INDICATORS, labels: dict[str, str] | None = None
) -> dict[str, object]:
    """The words the map script shows (legend, figures panel), in the current language; the
    panel shows the indicators ``keys`` of the page (``labels`` overrides some names)."""
    names = INDICATOR_LABELS | (labels or {})
    return {
        "indicators": {k: _(v) for k, v in names.items() if k in keys}
        | {"population": _("Population")},
        "classes": {k: _(v) for k, v in PAGE_CLASSES.items()},
        "unknown": _("non disponible"),
        "open": _("Ouvrir la page du territoire"),
        "fond": basemap_texts(),
    }


def check_indicator(request: Request, value: str | None) -> str | None:
    """The chosen indicator, or an error message naming the expected values."""
    if value is None or value in INDICATORS:
        return None
    with use_lang(request_lang(request)):
        return _("indicateur {value} : attendu l'un de {expected}").format(
            value=repr(value[:40]), expected=", ".join(INDICATORS)
        )


def error_page(request: Request, status: int, message: str, suggestions: list[str]) -> HTMLResponse:
    links = []
    for s in suggestions:
        code, _sep, name = s.partition(" (")
        links.append({"code": code, "name": name.rstrip(")") or code})
    title = N_("Territoire introuvable") if status == 404 else N_("Requête invalide")
    return render_public(
        request, "error.j2", title, status_code=status, message=message, suggestions=links
    )


def _bounds(terr: Territory, code: str) -> list[list[float]]:
    # The frame of the map: its communes' contours (a commune with its neighbours).
    return frame(terr, code)


def _rows(amap: AreaMap) -> list[dict[str, object]]:
    return [
        {"f": f, "class_label": class_label(f.klass, page=True)}
        for f in sorted(amap.features, key=lambda f: f.name)
    ]


@router.get("/territoires/{code}", response_class=HTMLResponse)
async def territory_page(
    request: Request,
    code: str,
    indicateur: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    def build(request: Request, _lang: str) -> Response:
        problem = check_indicator(request, indicateur)
        if problem:
            return error_page(request, 400, problem, [])
        return _territory_page(request, code, indicateur)

    return await cached_page(request, build)


def _territory_page(request: Request, code: str, indicateur: str | None) -> HTMLResponse:
    terr = territory()
    with use_lang(request_lang(request)):
        try:
            area = terr.area(code)
        except UnknownTerritoryError as exc:
            return error_page(request, 404, exc.reader_message, exc.suggestions)
        amap = geo_store(request).area_map(area.code)
        figures = key_figures(terr, area.code, amap.level, amap.features, get_provider(request))
        klass = figures.klass
        valais = area.code.startswith("ch")
        keys = CH_INDICATORS if valais else FR_INDICATORS
        context: dict[str, Any] = {
            "area": area,
            "name": local_name(area.code, area.name),
            "valais": valais,
            "page_country": "CH" if valais else "FR",
            "level": level_label(area.level, page=True),
            "parents": [
                {"code": a.code, "name": local_name(a.code, a.name)}
                for a in terr.ancestors(area.code)
            ],
            "figures": figures.figures,
            "klass": klass,
            "class_label": class_label(klass, page=True),
            "verdict": None
            if valais
            else verdict(terr, area.code, local_name(area.code, area.name) or area.name),
            "zoning": zoning(terr, area.code),
            "apl_definition": definition("apl"),
            "neighbours": neighbour_figures(terr, area.code),
            "rows": _rows(amap),
            "columns": CH_COLUMNS if valais else FR_COLUMNS,
            "map_level": amap.level,
            "indicator": indicateur if indicateur in keys else keys[0],
            "indicators": [
                (k, _((CH_LABELS if valais else {}).get(k, INDICATOR_LABELS[k]))) for k in keys
            ],
            "map_texts": map_texts(keys, CH_LABELS if valais else None),
            "map_scales": scales_json(),
            "bounds": _bounds(terr, area.code),
            "geojson_url": f"/donnees/territoires/{area.code}/zones.geojson",
            "fond_url": f"/donnees/territoires/{area.code}/fond.geojson",
            "diagnostic": area.level not in ("country", "region", "ch_canton", "arrondissement"),
        }
    return render_public(request, "territory.j2", context["name"], **context)


@router.get("/territoires/{code}/chiffres.csv")
async def territory_csv(request: Request, code: str) -> Response:
    """The figures the territory page shows (key figures, then the neighbours), as CSV in the
    page's language (semicolon-separated, UTF-8 with BOM for spreadsheets)."""

    def build(request: Request, lang: str) -> Response:
        terr = territory()
        with use_lang(lang):
            area = terr.area(code)  # an unknown code: a 404 (JSON) with suggestions
            amap = geo_store(request).area_map(area.code)
            provider = get_provider(request)
            figures = key_figures(terr, area.code, amap.level, amap.features, provider).figures
            name = local_name(area.code, area.name) or area.name
            valais = area.code.startswith("ch")
            text = figures_csv(
                name,
                None if valais else verdict(terr, area.code, name),
                figures,
                neighbour_figures(terr, area.code),
                valais,
            )
        slug = area.code.replace(":", "-")
        return Response(
            text.encode("utf-8-sig"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="chiffres-{slug}.csv"'},
        )

    return await cached_page(request, build)


def figures_csv(
    name: str,
    sentence: str | None,
    figures: Sequence[KeyFigure],
    near: Sequence[NeighbourFigures],
    valais: bool = False,
) -> str:
    """The CSV of a territory page: one row per key figure, then one per neighbour."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    if sentence:
        w.writerow([sentence])
    w.writerow(
        [
            _("Territoire"),
            _("Indicateur"),
            _("Valeur"),
            _("Références"),
            _("Évolution"),
            _("Nature"),
            _("Source"),
        ]
    )
    for f in figures:
        w.writerow([name, f.label, f.display, f.reference, f.trend, f.nature_label, f.source])
    if near and valais:
        w.writerow([])
        w.writerow(
            [
                _("Territoire voisin"),
                _("Population"),
                _("Médecins de premier recours (EPT) pour 1 000 habitants"),
            ]
        )
        for n in near:
            w.writerow([n.name, n.population, n.fte_density])
    elif near:
        w.writerow([])
        w.writerow(
            [
                _("Territoire voisin"),
                _("Population"),
                _("Généralistes pour 10 000 habitants"),
                _("APL officielle (DREES 2023)"),
                _("Classe"),
            ]
        )
        for n in near:
            w.writerow([n.name, n.population, n.gp_density, n.apl, n.class_label])
    return out.getvalue()


@router.get("/donnees/territoires/{code}/zones.geojson")
async def territory_geojson(request: Request, code: str) -> Response:
    """Communes of an area (départements for a région or a country) with their indicators."""

    def build(request: Request, lang: str) -> Response:
        terr = territory()
        with use_lang(lang):
            area = terr.area(code)  # an unknown code: a 404 (JSON) with suggestions
        amap = geo_store(request).area_map(area.code)
        return Response(amap.geojson, media_type=GEOJSON)

    return await cached_page(request, build, max_age=DATA_MAX_AGE, by_lang=False)


@router.get("/carte", response_class=HTMLResponse)
async def national_page(
    request: Request, indicateur: Annotated[str | None, Query(max_length=100)] = None
) -> Response:
    def build(request: Request, _lang: str) -> Response:
        problem = check_indicator(request, indicateur)
        if problem:
            return error_page(request, 400, problem, [])
        return _national_page(request, indicateur)

    return await cached_page(request, build)


def _national_page(request: Request, indicateur: str | None) -> HTMLResponse:
    amap = geo_store(request).national_map()
    with use_lang(request_lang(request)):
        context: dict[str, Any] = {
            "rows": _rows(amap),
            "columns": FR_COLUMNS + CH_COLUMNS[1:2],
            "indicator": indicateur or "apl",
            "indicators": [(k, _(v)) for k, v in INDICATOR_LABELS.items()],
            "map_texts": map_texts(),
            "map_scales": scales_json(),
            "bounds": NATIONAL_BOUNDS,
            "geojson_url": "/donnees/carte.geojson",
            "fond_url": "/donnees/carte/fond.geojson",
        }
    return render_public(request, "national.j2", N_("Carte de France et du Valais"), **context)


@router.get("/donnees/carte.geojson")
async def national_geojson(request: Request) -> Response:
    """France by département and the Valais by commune, with their indicators."""

    def build(request: Request, _lang: str) -> Response:
        return Response(geo_store(request).national_map().geojson, media_type=GEOJSON)

    return await cached_page(request, build, max_age=DATA_MAX_AGE, by_lang=False)
