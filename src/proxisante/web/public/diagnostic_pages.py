"""``/territoires/{code}/diagnostic``: the Diagnostic Santé Flash in the page (synthesis first:
class, leads, figures against neighbours and références; then every section) and its files.

Areas up to a département only (``LEVELS``: 400 otherwise). Building a diagnosis not yet cached
is a heavy computation: it goes through the app's limiter (429 when busy, 503 past the time
limit; ``web/heavy.py``); a cached one is served at once."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from sqlalchemy.exc import OperationalError, ProgrammingError

from proxisante.access.port import TravelTimeProvider
from proxisante.bootstrap.services import project_service
from proxisante.errors import UnknownTerritoryError
from proxisante.i18n import N_, _, use_lang
from proxisante.projects.model import Project
from proxisante.reports.writer import slug
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now, get_provider
from proxisante.web.heavy import heavy_limiter
from proxisante.web.public._data import territory
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.diagnostic import FORMATS, LEVELS, DiagnosticStore
from proxisante.web.public.territory import error_page

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


def diagnostic_store(request: Request) -> DiagnosticStore:
    store: DiagnosticStore | None = getattr(request.app.state, "public_diagnostics", None)
    if store is None:
        store = request.app.state.public_diagnostics = DiagnosticStore(
            request.app.state.settings.home, get_provider(request)
        )
    return store


def public_projects(db: Db, now: Now, provider: TravelTimeProvider) -> list[Project] | None:
    """The public projects a public diagnosis lists ("Initiatives et pistes"); ``None`` when the
    database has no project table (not migrated): no list, as ``proxisante diagnostic``."""
    try:
        return project_service(db, lambda: now, provider).find_public()
    except (OperationalError, ProgrammingError):
        db.rollback()
        return None


def _area_or_error(request: Request, code: str) -> tuple[Any, Response | None]:
    terr = territory()
    with use_lang(request_lang(request)):
        try:
            area = terr.area(code)
        except UnknownTerritoryError as exc:
            return None, error_page(request, 404, exc.reader_message, exc.suggestions)
        if area.level not in LEVELS:
            message = _(
                "{name} : le diagnostic couvre une commune, une intercommunalité, un département "
                "ou un district ou une région du Valais ; choisissez un territoire plus petit"
            ).format(name=area.name)
            return None, error_page(request, 400, message, [])
    return area, None


@router.get("/territoires/{code}/diagnostic", response_class=HTMLResponse)
def diagnostic_page(request: Request, code: str, db: Db, now: Now) -> Response:
    area, problem = _area_or_error(request, code)
    if problem is not None:
        return problem
    lang = request_lang(request)
    store, projects = diagnostic_store(request), public_projects(db, now, get_provider(request))
    if store.cached(area.code, lang, projects):
        data = store.diagnostic(area.code, lang, projects)
    else:
        data = heavy_limiter(request).run(lambda: store.diagnostic(area.code, lang, projects))
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
def diagnostic_file(request: Request, code: str, fmt: str, db: Db, now: Now) -> Response:
    if fmt not in FORMATS:
        with use_lang(request_lang(request)):
            message = _("format {fmt} : attendu l'un de {formats}").format(
                fmt=repr(fmt[:20]), formats=", ".join(FORMATS)
            )
        return error_page(request, 400, message, [])
    area, problem = _area_or_error(request, code)
    if problem is not None:
        return problem
    store, projects, lang = (
        diagnostic_store(request),
        public_projects(db, now, get_provider(request)),
        request_lang(request),
    )
    if store.cached(area.code, lang, projects, fmt):
        path = store.file(area.code, lang, fmt, projects)
    else:
        path = heavy_limiter(request).run(lambda: store.file(area.code, lang, fmt, projects))
    return FileResponse(
        path,
        media_type=FORMATS[fmt],
        filename=f"diagnostic-{slug(area.code)}.{fmt}",
    )
