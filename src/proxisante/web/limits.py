"""Request size limit for every route: an ASGI middleware.

A request whose ``Content-Length`` exceeds :data:`MAX_BODY_BYTES` is answered ``413`` at once,
before its body is read; a body sent without a length (chunked) is counted as it streams and
refused as soon as it passes the limit. The answer has the API's JSON error shape.
Wired in the app factory with ``app.add_middleware(RequestSizeLimit)``.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from proxisante.i18n import _
from proxisante.web.errors import error_body

#: Largest request body accepted, in bytes (4 MiB: a FHIR bundle of 5 000 slots fits in 3).
MAX_BODY_BYTES = 4 * 1024 * 1024
_CODE = "payload_too_large"


def too_large_message(limit: int) -> str:
    return _(
        "Requête trop volumineuse : le corps dépasse la limite de {limit} octets "
        "({mib} Mio) ; envoyez moins de données par requête."
    ).format(limit=limit, mib=limit // (1024 * 1024))


class RequestSizeLimit:
    """Refuse request bodies over ``max_bytes`` with ``413`` (by header, then by counting)."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared == -1:
            await _reply(
                send, 400, _("En-tête Content-Length invalide : attendu un entier positif.")
            )
            return
        if declared is not None and declared > self.max_bytes:
            await _reply(send, 413, too_large_message(self.max_bytes), _CODE)
            return
        await self._counted(scope, receive, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the body as it streams; past the limit, the app sees the client gone and
        whatever it answers is replaced by the 413."""
        received = 0
        over = False
        started = replaced = False

        async def counted_receive() -> Message:
            nonlocal received, over
            if over:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started, replaced
            if over and not started:
                started = replaced = True
                await _reply(send, 413, too_large_message(self.max_bytes), _CODE)
            if replaced:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counted_receive, watched_send)


def _content_length(scope: Scope) -> int | None:
    """The declared length; ``None`` when absent, ``-1`` when not a plain number."""
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


async def _reply(send: Send, status: int, message: str, code: str | None = None) -> None:
    body = json.dumps(error_body(status, message, code), ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
