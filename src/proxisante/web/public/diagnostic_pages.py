"""``/territoires/{code}/diagnostic``: the Diagnostic Santé Flash in the page (synthesis first:
class, leads, figures against neighbours and références; then every section) and its files."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from proxisante.errors import UnknownTerritoryError
from proxisante.i18n import N_, _, use_lang
from proxisante.reports.writer import slug
from proxisante.web.public._data import territory
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.diagnostic import FORMATS, LEVELS, DiagnosticStore
from proxisante.web.public.territory import error_page

router = APIRouter(include_in_schema=False)


def diagnostic_store(request: Request) -> DiagnosticStore:
    store: DiagnosticStore | None = getattr(request.app.state, "public_diagnostics", None)
    if store is None:
        store = request.app.state.public_diagnostics = DiagnosticStore(
            request.app.state.settings.home
        )
    return store


def _area_or_error(request: Request, code: str) -> tuple[Any, Response | None]:
    terr = territory()
    with use_lang(request_lang(request)):
        try:
            area = terr.area(code)
        except UnknownTerritoryError as exc:
            return None, error_page(request, 404, str(exc), exc.suggestions)
        if area.level not in LEVELS:
            message = _(
                "{name} : le diagnostic couvre une commune, une intercommunalité, un département "
                "ou un district ou une région du Valais ; choisissez un territoire plus petit"
            ).format(name=area.name)
            return None, error_page(request, 400, message, [])
    return area, None


@router.get("/territoires/{code}/diagnostic", response_class=HTMLResponse)
def diagnostic_page(request: Request, code: str) -> Response:
    area, problem = _area_or_error(request, code)
    if problem is not None:
        return problem
    lang = request_lang(request)
    data = diagnostic_store(request).diagnostic(area.code, lang)
    sections = [
        (data.section_titles.get(key, key), [data.figures[k] for k in keys])
        for key, keys in data.sections.items()
        if keys
    ]
    return render_public(
        request,
        "diagnostic.j2",
        N_("Diagnostic Santé Flash"),
        area=area,
        data=data,
        page_country=data.meta.country,
        sections=sections,
        formats=[f for f in FORMATS if f != "json"],
    )


@router.get("/territoires/{code}/diagnostic.{fmt}")
def diagnostic_file(request: Request, code: str, fmt: str) -> Response:
    if fmt not in FORMATS:
        with use_lang(request_lang(request)):
            message = _("format {fmt} : attendu l'un de {formats}").format(
                fmt=repr(fmt[:20]), formats=", ".join(FORMATS)
            )
        return error_page(request, 400, message, [])
    area, problem = _area_or_error(request, code)
    if problem is not None:
        return problem
    path = diagnostic_store(request).file(area.code, request_lang(request), fmt)
    return FileResponse(
        path,
        media_type=FORMATS[fmt],
        filename=f"diagnostic-{slug(area.code)}.{fmt}",
    )
