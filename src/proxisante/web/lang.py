"""The language of each request: ``?lang=fr|de|en`` if given, else ``Accept-Language``.

An ASGI middleware sets the language of :mod:`proxisante.i18n` for the whole request, so the
messages of the API (errors included) and of the pages come from the catalogues in the
language the client asked for; French when it asks for none we have.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from proxisante.i18n import LANGS, parse_accept_language, use_lang


def scope_lang(scope: Scope) -> str:
    """The language a request asks for (query ``lang`` first, then ``Accept-Language``)."""
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    asked = (query.get("lang") or [""])[0].strip().lower()
    if asked in LANGS:
        return asked
    header = dict(scope.get("headers") or ()).get(b"accept-language", b"")
    return parse_accept_language(header.decode("latin-1"))


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
