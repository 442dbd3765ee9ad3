"""One JSON error shape for every API error: ``{"error": {"status", "code", "message"}}``.

Messages are in French. Bad input is a 4xx whatever layer finds it: pydantic (422), a
:class:`UserError` (its ``http_status``: 400, 404, 409), the database refusing a value (400,
e.g. a NUL character on PostgreSQL, a number beyond 64 bits on SQLite) or a unique constraint
hit by a concurrent request (409).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from proxisante.errors import UserError
from proxisante.i18n import N_, _, use_lang
from proxisante.web.lang import scope_lang

log = logging.getLogger("proxisante.web")

NUL_MESSAGE = "caractère NUL"

_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_request",
    413: "payload_too_large",
    429: "too_many_requests",
    500: "internal_error",
}


class ApiError(StarletteHTTPException):
    """An HTTP error with a machine code and a message for people."""

    def __init__(self, status_code: int, message: str, code: str | None = None) -> None:
        super().__init__(status_code=status_code, detail=message)
        self.code = code or _CODES.get(status_code, "error")


class LoginRequiredError(Exception):
    """Raised by page dependencies when nobody is logged in."""


def framework_message(exc: StarletteHTTPException) -> str:
    """A French message (through the catalogues) for an error raised by FastAPI or Starlette
    themselves, whose own texts are English (e.g. a body too deeply nested to be parsed)."""
    if exc.status_code == 400:
        return _(
            "Requête invalide : le corps de la requête n'a pas pu être lu "
            "(JSON mal formé ou trop profondément imbriqué)."
        )
    if exc.status_code == 404:
        return _("Ressource introuvable : vérifiez l'adresse.")
    if exc.status_code == 405:
        return _("Méthode HTTP non autorisée pour cette adresse.")
    return str(exc.detail)


def error_body(status: int, message: str, code: str | None = None) -> dict[str, object]:
    return {
        "error": {"status": status, "code": code or _CODES.get(status, "error"), "message": message}
    }


# The page answering an error for a browser (status, message), or None for the JSON body.
HtmlError = Callable[[Request, int, str], Response | None]


def _no_page(_request: Request, _status: int, _message: str) -> Response | None:
    return None


def install_error_handlers(app: FastAPI, html_error: HtmlError = _no_page) -> None:
    """The JSON error body for every error; ``html_error`` may answer a page instead (the
    operators' pages give a browser a 403/404 page, see ``web/pages/error_page.py``)."""

    @app.exception_handler(LoginRequiredError)
    async def _login(_request: Request, _exc: LoginRequiredError) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = getattr(exc, "code", None)
        message = str(exc.detail) if isinstance(exc, ApiError) else framework_message(exc)
        page = html_error(request, exc.status_code, message)
        if page is not None:
            return page
        return JSONResponse(
            error_body(exc.status_code, message, code),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        # Field locations and messages only: never echo the submitted values (personal data).
        errors = exc.errors()
        nul = any(NUL_MESSAGE in str(e.get("msg", "")) for e in errors)
        status = 400 if nul else 422  # a NUL character is refused as on PostgreSQL: 400
        return JSONResponse(
            error_body(
                status,
                _("Requête invalide : {problems}").format(problems=validation_problems(errors)),
            ),
            status_code=status,
        )

    @app.exception_handler(UserError)
    async def _user(request: Request, exc: UserError) -> Response:
        status = exc.http_status if 400 <= exc.http_status < 500 else 400
        page = html_error(request, status, str(exc))
        if page is not None:
            return page
        return JSONResponse(error_body(status, str(exc)), status_code=status)

    @app.exception_handler(DataError)
    async def _data(_request: Request, exc: DataError) -> Response:
        # Last resort: the database refused a value that validation let through.
        log.warning("value refused by the database: %s", type(exc.orig).__name__)
        return JSONResponse(
            error_body(
                400,
                _(
                    "Valeur refusée par la base de données (caractère NUL, nombre ou texte hors "
                    "limites) : corrigez la saisie."
                ),
            ),
            status_code=400,
        )

    @app.exception_handler(OverflowError)
    async def _overflow(_request: Request, exc: OverflowError) -> Response:
        # Last resort behind the edge guard (web/input_guard.py), e.g. a float too large for an
        # integer field: SQLite's driver cannot bind an integer beyond 64 bits.
        log.warning("number out of range: %s", type(exc).__name__)
        return JSONResponse(
            error_body(
                400,
                _(
                    "Nombre hors limites : une valeur numérique de la requête est trop grande "
                    "pour être enregistrée ; corrigez la saisie."
                ),
            ),
            status_code=400,
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(_request: Request, exc: IntegrityError) -> Response:
        log.warning("integrity conflict: %s", type(exc.orig).__name__)
        return JSONResponse(
            error_body(
                409,
                _(
                    "Conflit : cet enregistrement existe déjà ou vient d'être modifié par une "
                    "autre requête (p. ex. un nom d'utilisateur pris) ; rien n'a été écrit."
                ),
            ),
            status_code=409,
        )

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> Response:
        # Runs outside the language middleware (Starlette's outermost layer): asks again.
        log.error("internal error: %s", type(exc).__name__)
        with use_lang(scope_lang(request.scope)):
            message = _("Erreur interne (un bogue) : merci de la signaler.")
        return JSONResponse(error_body(500, message), status_code=500)


_MESSAGES = {
    "missing": N_("champ obligatoire"),
    "extra_forbidden": N_("champ inconnu"),
    "string_pattern_mismatch": N_("format invalide"),
    "string_too_short": N_("texte trop court"),
    "string_too_long": N_("texte trop long"),
    "string_type": N_("texte attendu"),
    "int_parsing": N_("nombre entier attendu"),
    "int_type": N_("nombre entier attendu"),
    "int_from_float": N_("nombre entier attendu"),
    "float_parsing": N_("nombre attendu"),
    "bool_parsing": N_("booléen attendu (true ou false)"),
    "bool_type": N_("booléen attendu (true ou false)"),
    "greater_than_equal": N_("valeur trop petite"),
    "less_than_equal": N_("valeur trop grande"),
    "date_parsing": N_("date attendue AAAA-MM-JJ"),
    "date_from_datetime_parsing": N_("date attendue AAAA-MM-JJ"),
    "date_type": N_("date attendue AAAA-MM-JJ"),
    "literal_error": N_("valeur hors de la liste permise"),
    "enum": N_("valeur hors de la liste permise"),
    "json_invalid": N_("JSON invalide"),
    "list_type": N_("liste attendue"),
    "too_long": N_("liste trop longue"),
    "too_short": N_("liste trop courte"),
    "model_attributes_type": N_("objet JSON attendu"),
    "dict_type": N_("objet JSON attendu"),
    "value_error": "",
}


def validation_problems(errors: Sequence[Any]) -> str:
    """``champ : problème`` for each error, in French, without the submitted values."""
    out = []
    for e in errors:
        where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or _("(corps)")
        kind = str(e.get("type", ""))
        msg = str(e.get("msg", ""))
        if kind == "value_error":
            text = msg.removeprefix("Value error, ")
        elif kind in _MESSAGES:
            text = _(_MESSAGES[kind])
            ctx = e.get("ctx") or {}
            if "expected" in ctx:
                text += " " + _("(attendu : {expected})").format(
                    expected=str(ctx["expected"]).replace(" or ", " " + _("ou") + " ")
                )
            elif "ge" in ctx or "le" in ctx:
                text += " " + _("(limite : {limit})").format(limit=ctx.get("ge", ctx.get("le")))
        else:
            text = msg
        out.append(_("{where} : {problem}").format(where=where, problem=text))
    return " ; ".join(out[:20])
