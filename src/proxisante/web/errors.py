"""One JSON error shape for every API error: ``{"error": {"status", "code", "message"}}``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from proxisante.errors import UserError
from proxisante.registry._errors import CapacityExhaustedError, ProposalStateError

log = logging.getLogger("proxisante.web")

_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_request",
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


def error_body(status: int, message: str, code: str | None = None) -> dict[str, object]:
    return {
        "error": {"status": status, "code": code or _CODES.get(status, "error"), "message": message}
    }


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequiredError)
    async def _login(_request: Request, _exc: LoginRequiredError) -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        code = getattr(exc, "code", None)
        return JSONResponse(
            error_body(exc.status_code, str(exc.detail), code),
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        # Field locations and messages only: never echo the submitted values (personal data).
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return JSONResponse(error_body(422, f"Invalid request: {problems}"), status_code=422)

    @app.exception_handler(UserError)
    async def _user(_request: Request, exc: UserError) -> Response:
        status = 409 if isinstance(exc, ProposalStateError | CapacityExhaustedError) else 400
        return JSONResponse(error_body(status, str(exc)), status_code=status)

    @app.exception_handler(Exception)
    async def _internal(_request: Request, exc: Exception) -> Response:
        log.error("internal error: %s", type(exc).__name__)
        return JSONResponse(
            error_body(500, "Internal error (a bug): please report it."), status_code=500
        )
