"""The edge of every request: inputs every database stores alike, or a French 4xx naming them.

- :class:`NulGuard` (ASGI middleware): a NUL character in the path or the query string is a 400.
  PostgreSQL refuses NUL in text, SQLite stores it, and no legitimate URL carries one.
- :func:`edge_guard` (a dependency of every route, before the route's own): an integer path,
  query or form parameter outside 64 bits (SQLite's ``INTEGER``, PostgreSQL's ``BIGINT``) is a
  422 naming it; a NUL character in any form field or JSON body (strings and keys) is a 400
  naming the field; a JSON integer outside 64 bits a 422. The route's own validation (pydantic)
  answers everything else.
"""

from __future__ import annotations

import json
import re
from types import UnionType
from typing import Any, Union, get_args, get_origin
from urllib.parse import unquote_to_bytes

from fastapi import Depends, Request, params
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.types import ASGIApp, Receive, Scope, Send

from proxisante.i18n import _, format_number
from proxisante.web.errors import ApiError, error_body


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


# ---------------------------------------------------------------- the edge of every route

#: The integers every database stores (SQLite's INTEGER, PostgreSQL's BIGINT): a path, query,
#: form or JSON integer outside is refused here, naming the parameter, before any handler.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
_INT = TypeAdapter(int)
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# A JSON body is parsed again only when it may hold a NUL (``\u0000``) or a long integer.
_SUSPECT_JSON = re.compile(rb"\\u0000|\d{19}|\d[eE]\+?\d")


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    if get_origin(annotation) in (Union, UnionType, list, tuple, set, frozenset):
        return any(_is_int(arg) for arg in get_args(annotation))
    return False


def _int_params(route: APIRoute) -> list[tuple[str, str]]:
    """``(location, name)`` of the route's integer path, query and form parameters, its
    dependencies' included (computed once per route)."""
    cached: list[tuple[str, str]] | None = getattr(route, "_int_params", None)
    if cached is not None:
        return cached
    found: list[tuple[str, str]] = []
    stack = [route.dependant]
    while stack:
        dependant = stack.pop()
        for where, fields in (("path", dependant.path_params), ("query", dependant.query_params)):
            found += [(where, f.alias) for f in fields if _is_int(f.field_info.annotation)]
        found += [
            ("body", f.alias)
            for f in dependant.body_params
            if isinstance(f.field_info, params.Form) and _is_int(f.field_info.annotation)
        ]
        stack.extend(dependant.dependencies)
    route._int_params = found  # type: ignore[attr-defined]
    return found


def _parsed_int(raw: str) -> int | None:
    """The integer pydantic would read from this text, or None when it reads none."""
    try:
        return _INT.validate_python(raw)
    except ValidationError:
        return None


def out_of_range_message(where: str) -> str:
    return _(
        "Requête invalide : {where} : nombre entier hors limites (attendu entre {low} et {high})."
    ).format(where=where, low=format_number(INT64_MIN), high=format_number(INT64_MAX))


def nul_message(where: str) -> str:
    return _(
        "Requête invalide : {where} : caractère NUL (\\0) interdit ; retirez-le de la saisie."
    ).format(where=where)


def _check_value(where: str, value: object) -> None:
    """Raise the 4xx for a NUL character or an integer outside 64 bits, anywhere in a value."""
    stack: list[tuple[str, object]] = [(where, value)]
    while stack:
        at, item = stack.pop()
        if isinstance(item, str) and "\x00" in item:
            raise ApiError(400, nul_message(at))
        if isinstance(item, int) and not isinstance(item, bool):
            if not INT64_MIN <= item <= INT64_MAX:
                raise ApiError(422, out_of_range_message(at), "invalid_request")
        elif isinstance(item, dict):
            for key, sub in item.items():
                if isinstance(key, str) and "\x00" in key:
                    raise ApiError(400, nul_message(at))
                stack.append((f"{at}.{key}", sub))
        elif isinstance(item, list):
            stack.extend((f"{at}[{i}]", sub) for i, sub in enumerate(item))


async def edge_guard(request: Request) -> None:
    """A global dependency, run before every route's own parameters and dependencies: integers
    of the path and query within 64 bits, and no NUL character in a form field or a JSON body,
    each refused with a French 4xx naming the input (the same on SQLite and PostgreSQL)."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    form = await request.form() if content_type in _FORM_TYPES else None
    for where, name in _int_params(route):
        if where == "path":
            raws = [request.path_params[name]] if name in request.path_params else []
        elif where == "query":
            raws = request.query_params.getlist(name)
        else:
            raws = form.getlist(name) if form is not None else []
        for raw in raws:
            # text as sent, or already an int (a Starlette ``{x:int}`` path convertor)
            number = (
                raw if isinstance(raw, int) else _parsed_int(raw) if isinstance(raw, str) else None
            )
            if number is not None and not INT64_MIN <= number <= INT64_MAX:
                raise ApiError(422, out_of_range_message(f"{where}.{name}"), "invalid_request")
    if form is not None:  # parsed once: the route's Form fields read the same, kept, form
        for key, value in form.multi_items():
            if "\x00" in key:
                raise ApiError(400, nul_message("body"))
            if isinstance(value, str):
                _check_value(f"body.{key}", value)
    elif route.body_field is not None and "json" in content_type:
        body = await request.body()  # already read by the route
        if _SUSPECT_JSON.search(body):
            try:
                data = json.loads(body)
            except (ValueError, RecursionError):
                return  # the route's own parsing has answered or answers the 4xx
            _check_value("body", data)


#: Passed to ``FastAPI(dependencies=...)``: every route, its dependencies' included, runs it first.
EDGE_GUARD = Depends(edge_guard)
