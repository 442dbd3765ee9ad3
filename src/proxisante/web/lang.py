"""The language of each request, one rule for the API and the pages: ``?lang=fr|de|en`` if
given, else the ``lang`` cookie (set by the pages' language switcher), else
``Accept-Language``; French when it asks for none we have.

An ASGI middleware sets the language of :mod:`proxisante.i18n` for the whole request, so the
messages of the API (errors included) and of the pages come from the catalogues in the
language the client asked for.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from proxisante.i18n import LANGS, parse_accept_language, use_lang

LANG_COOKIE = "lang"


def scope_lang(scope: Scope) -> str:
    """The language a request asks for: query ``lang``, then the ``lang`` cookie, then
    ``Accept-Language`` (pages and API alike: ``request_lang`` of the pages calls this)."""
    conn = HTTPConnection(scope)
    asked = (conn.query_params.get("lang") or "").strip().lower()
    if asked in LANGS:
        return asked
    kept = conn.cookies.get(LANG_COOKIE, "")
    if kept in LANGS:
        return kept
    return parse_accept_language(conn.headers.get("accept-language"))


class RequestLanguage:
    """Sets the message language for every HTTP request it passes on."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with use_lang(scope_lang(scope)):
            await self.app(scope, receive, send)
