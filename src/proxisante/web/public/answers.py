"""Public answers built once and served from memory: the territory pages, the map data and the
search suggestions are the same for everyone for a given address and language.

An answer is cached under a key that holds everything it depends on — the path, the whole query
string and the request's language (``?lang=``, the ``lang`` cookie, ``Accept-Language``,
resolved by the caller) — in the app's own cache (so its bundle and demo flag). Nothing of the
user is in these answers (no session, no CSRF token, no nonce: the CSP of the app is static).
Each answer has a strong ``ETag`` (hash of its bytes; ``If-None-Match`` gets a ``304``), a
``Cache-Control: public`` lifetime, and, when large enough, a Brotli and a gzip copy sent to
clients that accept them (Brotli first). The map data, the same for every visitor and the
largest answer of a map page, is compressed hardest (Brotli 11: a third smaller than gzip on
the data of a département; a few tenths of a second once per area); a page, built in many
languages and addresses, with a quick setting.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import brotli
from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from proxisante.web.public._render import request_lang

MAX_ANSWERS = 2000
MAX_BYTES = 256 * 1024 * 1024
GZIP_MIN_BYTES = 1400  # under one packet, compressing gains nothing
PAGE_MAX_AGE = 300
DATA_MAX_AGE = 3600
PAGE_BROTLI = 5
DATA_BROTLI = 11


@dataclass(frozen=True)
class Answer:
    """The bytes of one public answer and what is sent with them."""

    body: bytes
    media_type: str
    etag: str
    gzipped: bytes | None
    status_code: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    max_age: int = PAGE_MAX_AGE
    brotli: bytes | None = None


def make_answer(
    body: bytes,
    media_type: str,
    *,
    status_code: int = 200,
    headers: tuple[tuple[str, str], ...] = (),
    max_age: int = PAGE_MAX_AGE,
    brotli_quality: int = PAGE_BROTLI,
) -> Answer:
    """Hash and (when worth it) compress ``body`` once."""
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    big = len(body) >= GZIP_MIN_BYTES
    gzipped = gzip.compress(body, compresslevel=6, mtime=0) if big else None
    brotlied = brotli.compress(body, quality=brotli_quality) if big else None
    return Answer(body, media_type, etag, gzipped, status_code, headers, max_age, brotlied)


def from_response(
    response: Response, max_age: int = PAGE_MAX_AGE, brotli_quality: int = PAGE_BROTLI
) -> Answer:
    """An answer from a rendered response (its body, status, and its ``Content-Language`` and
    ``Vary``)."""
    kept = tuple(
        (k, v)
        for k, v in response.headers.items()
        if k in ("content-language", "vary", "content-disposition")
    )
    media = response.headers.get("content-type", response.media_type or "text/html")
    return make_answer(
        bytes(response.body),
        media,
        status_code=response.status_code,
        headers=kept,
        max_age=max_age,
        brotli_quality=brotli_quality,
    )


def _accepts(request: Request, coding_name: str) -> bool:
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, _sep, params = part.strip().partition(";")
        if coding.strip().lower() in (coding_name, "*"):
            q = params.strip().removeprefix("q=").strip() if params else "1"
            try:
                return float(q) > 0
            except ValueError:
                return False
    return False


def _etag_matches(request: Request, etag: str) -> bool:
    asked = request.headers.get("if-none-match")
    if not asked:
        return False
    tags = {t.strip().removeprefix("W/") for t in asked.split(",")}
    return "*" in tags or etag in tags


def respond(request: Request, answer: Answer) -> Response:
    """``answer`` for this request: a ``304`` when the client has it, Brotli or gzip when
    accepted."""
    headers = dict(answer.headers)
    vary = [v.strip() for v in headers.pop("vary", "").split(",") if v.strip()]
    if answer.gzipped is not None:
        vary.append("Accept-Encoding")
    if vary:
        headers["Vary"] = ", ".join(vary)
    headers["ETag"] = answer.etag
    headers["Cache-Control"] = f"public, max-age={answer.max_age}"
    if answer.status_code == 200 and _etag_matches(request, answer.etag):
        return Response(status_code=304, headers=headers)
    body = answer.body
    if answer.brotli is not None and _accepts(request, "br"):
        body = answer.brotli
        headers["Content-Encoding"] = "br"
    elif answer.gzipped is not None and _accepts(request, "gzip"):
        body = answer.gzipped
        headers["Content-Encoding"] = "gzip"
    return Response(
        body, status_code=answer.status_code, media_type=answer.media_type, headers=headers
    )


class AnswerCache:
    """At most ``size`` answers and ``max_bytes`` of them, least recently used out first;
    answers other than ``200`` are not kept (an unknown territory is rendered each time)."""

    def __init__(self, size: int = MAX_ANSWERS, max_bytes: int = MAX_BYTES) -> None:
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._items: OrderedDict[tuple[str, ...], Answer] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> Answer | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: tuple[str, ...], answer: Answer) -> None:
        if answer.status_code != 200:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= _weight(old)
            self._items[key] = answer
            self._bytes += _weight(answer)
            while len(self._items) > self._size or (
                self._bytes > self._max_bytes and len(self._items) > 1
            ):
                _key, dropped = self._items.popitem(last=False)
                self._bytes -= _weight(dropped)


def _weight(answer: Answer) -> int:
    return len(answer.body) + len(answer.gzipped or b"") + len(answer.brotli or b"")


def answer_cache(app: FastAPI) -> AnswerCache:
    cache: AnswerCache | None = getattr(app.state, "public_answers", None)
    if cache is None:
        cache = app.state.public_answers = AnswerCache()
    return cache


def request_key(request: Request, lang: str) -> tuple[str, ...]:
    """Everything a public answer depends on: path, the whole query string, language."""
    return (request.url.path, request.url.query, lang)


async def cached_page(
    request: Request,
    build: Callable[[Request, str], Response],
    *,
    max_age: int = PAGE_MAX_AGE,
    by_lang: bool = True,
    brotli_quality: int = PAGE_BROTLI,
) -> Response:
    """A public answer from memory, or built (in a worker thread) in the request's language and
    kept when it is a ``200``; errors are sent as built (not cached, not public). ``by_lang``
    false: a ``200`` is the same in every language (map data), kept once; ``brotli_quality``: how
    hard its Brotli copy is compressed (``DATA_BROTLI`` for map data)."""
    lang = request_lang(request)
    key = request_key(request, lang if by_lang else "*")
    cache = answer_cache(request.app)
    hit = cache.get(key)
    if hit is None:
        built = await run_in_threadpool(build, request, lang)
        if built.status_code != 200:
            return built
        hit = from_response(built, max_age, brotli_quality)
        cache.put(key, hit)
    return respond(request, hit)
