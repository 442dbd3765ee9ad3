"""Refuse a NUL character in the path or the query string of any request (400, French message).

PostgreSQL refuses NUL in text, and no legitimate URL carries one: checking here, before any
route, keeps the answer a 400 on every database instead of an error deep in the driver. Bodies
are checked by the request models (:class:`proxisante.web.api.schemas.RequestModel`).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_to_bytes

from starlette.types import ASGIApp, Receive, Scope, Send

from proxisante.i18n import _
from proxisante.web.errors import error_body


def _has_nul(scope: Scope) -> bool:
    path = scope.get("raw_path") or str(scope.get("path", "")).encode("utf-8", "surrogateescape")
    query = scope.get("query_string", b"")
    return any(
        b"\x00" in part or b"\x00" in unquote_to_bytes(part.replace(b"+", b" "))
        for part in (path, query)
    ) or "\x00" in str(scope.get("path", ""))


class NulGuard:
    """ASGI middleware: a 400 for a NUL character (raw or ``%00``) in the path or query."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_nul(scope):
            await self.app(scope, receive, send)
            return
        body = json.dumps(
            error_body(400, _("Caractère NUL (%00) interdit dans l'adresse ou ses paramètres.")),
            ensure_ascii=False,
        ).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 400, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def install_input_guard(app: Any) -> None:
    app.add_middleware(NulGuard)
