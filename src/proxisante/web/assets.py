"""Static assets: fingerprinted names for templates, pre-compressed copies, cache lifetimes.

``scripts/build_assets.py`` (run by ``make setup``) writes ``static/dist/``: every asset under a
name carrying a hash of its content, with ``.br`` and ``.gz`` copies of the text files, and a
``manifest.json``. Templates write ``{{ asset("css/public.css") }}`` and get the hashed URL (or
the plain ``/static/…`` one when the assets were not built). :class:`Assets` serves them: the
Brotli or gzip copy when the browser accepts it, and a one-year ``immutable`` lifetime on hashed
names (a change makes a new name); other files an hour.
"""

from __future__ import annotations

import json
import mimetypes
import os
from functools import lru_cache
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
STATIC_URL = "/static"
DIST = "dist"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=3600"
_ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


@lru_cache(maxsize=1)
def _manifest() -> dict[str, str]:
    try:
        text = (STATIC_DIR / DIST / "manifest.json").read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    data: dict[str, str] = json.loads(text)
    return data


def asset(path: str) -> str:
    """The URL of the static file ``path`` (relative to ``static/``), fingerprinted if built."""
    hashed = _manifest().get(path)
    if hashed is None:
        return f"{STATIC_URL}/{path}"
    return f"{STATIC_URL}/{DIST}/{hashed}"


def _accepted(scope: Scope) -> set[str]:
    header = Headers(scope=scope).get("accept-encoding", "")
    out = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip()
        if q.startswith("q=") and q[2:].strip() in ("0", "0.0", "0.00", "0.000"):
            continue
        if name:
            out.add(name.strip().lower())
    return out


class Assets(StaticFiles):
    """``StaticFiles`` that sends pre-compressed copies and sets cache lifetimes."""

    def file_response(
        self,
        full_path: os.PathLike[str] | str,
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        path = str(full_path)
        media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type.endswith(("javascript", "json", "xml")):
            media_type += "; charset=utf-8"
        served, encoding = path, None
        accepted = _accepted(scope)
        for name, suffix in _ENCODINGS:
            if name in accepted and os.path.isfile(path + suffix):
                served, encoding = path + suffix, name
                stat_result = os.stat(served)
                break
        rel = os.path.relpath(path, str(self.directory))
        cache = IMMUTABLE if rel.startswith(DIST + os.sep) else SHORT
        headers = {"cache-control": cache, "vary": "Accept-Encoding"}
        if encoding is not None:
            headers["content-encoding"] = encoding
        response = FileResponse(
            served,
            status_code=status_code,
            stat_result=stat_result,
            media_type=media_type,
            headers=headers,
        )
        if self.is_not_modified(response.headers, Headers(scope=scope)):
            return NotModifiedResponse(response.headers)
        return response
