"""The operators' error page: a browser asking for a page (``Accept: text/html``, not under
``/api/``) gets a 403 or 404 as a DSFR page in its language, with the status code; a 401 becomes
the redirect to the login page. API routes and other clients keep the JSON error body
(:mod:`proxisante.web.errors`), which calls :func:`html_error` first.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from proxisante.i18n import N_, _, use_lang
from proxisante.web.deps import optional_principal
from proxisante.web.pages._render import render
from proxisante.web.public._render import request_lang

# Paths that answer data (JSON, GeoJSON, files), never a page.
_DATA_PREFIXES = ("/api/", "/donnees/", "/static/")
_HEADINGS = {403: N_("Accès refusé"), 404: N_("Page introuvable")}


def wants_html(request: Request) -> bool:
    """A page asked for by a browser: ``text/html`` accepted and a path outside the data ones."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith(_DATA_PREFIXES)


def html_error(request: Request, status: int, message: str) -> Response | None:
    """The page for an error of a page, or ``None`` when the JSON body is the answer."""
    if not wants_html(request):
        return None
    if status == 401:
        return RedirectResponse("/login", status_code=303)
    if status not in _HEADINGS:
        return None
    with use_lang(request_lang(request)):
        heading = _(_HEADINGS[status])
    response = render(
        request,
        "error.html",
        optional_principal(request),
        title=heading,
        heading=heading,
        problem=message,
        status=status,
    )
    response.status_code = status
    return response
