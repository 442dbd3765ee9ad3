"""The FastAPI application factory.

``create_app(settings, root=...)`` builds the app on what the composition root built
(:func:`proxisante.bootstrap.bootstrap`: the engine, the session factory, the clock, the
travel-time provider); without a root it asks for one, with the engine, clock and travel-time
provider given (tests pass their own). Other features plug in with ``extra_routers=[...]``
(one line each).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from proxisante import __version__
from proxisante.access.port import TravelTimeProvider
from proxisante.accounts.errors import AccountError, TooManyAttemptsError
from proxisante.bootstrap import Root, bootstrap
from proxisante.bootstrap.clock import utc_now
from proxisante.config import Settings
from proxisante.registry.travel_provider import TravelProvider, stored_points_estimate
from proxisante.store.accounts.repository import SqlAccountStore
from proxisante.store.db import is_postgres
from proxisante.web import public
from proxisante.web.api import (
    admin,
    auth,
    inscriptions,
    patients,
    planning,
    projects,
    proposals,
    rights,
    rota,
    slots,
    territories,
)
from proxisante.web.background import install_ticker
from proxisante.web.docs import ASSETS_URL, install_docs
from proxisante.web.errors import error_body, install_error_handlers
from proxisante.web.heavy import HeavyLimiter
from proxisante.web.input_guard import EDGE_GUARD, install_input_guard
from proxisante.web.lang import RequestLanguage
from proxisante.web.limits import RequestSizeLimit
from proxisante.web.ops import RequestMetrics
from proxisante.web.ops import router as ops_router
from proxisante.web.pages import routes as pages
from proxisante.web.pages import slots as slots_page
from proxisante.web.pages.error_page import html_error
from proxisante.web.security import Tokens

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def create_app(
    settings: Settings,
    *,
    root: Root | None = None,
    engine: Engine | None = None,
    extra_routers: Sequence[APIRouter] = (),
    secret_key: str | None = None,
    clock: Callable[[], datetime] = utc_now,
    demo: dict[str, object] | None = None,
    travel: TravelProvider = stored_points_estimate,
    provider: TravelTimeProvider | None = None,
    background: bool = False,
) -> FastAPI:
    """Build the web app.

    Parameters
    ----------
    settings: where the database is (``settings.database_url``) and the language.
    root: what the composition root built (``serve``); without it, one is built here
        (:func:`~proxisante.bootstrap.bootstrap`) from ``engine``, ``clock``, ``travel`` and
        ``provider``.
    engine: an engine to use instead of one built from the settings (without ``root``).
    extra_routers: more routers (e.g. the unscheduled-care slots) included as they are.
    secret_key: keys the CSRF tokens instead of the database's own secret (tests only; sessions
        themselves are server-side, in the database, and need no key).
    clock: the current time (tests pass a fixed or moving clock; without ``root``).
    demo: when set, the pages show a "fictitious data" banner and these demo logins.
    travel: travel times of a territory's communes for the matching and the cascade (without
        ``root``: the estimate on the stored town-hall points by default; ``serve``'s root has
        the registry's view of its one provider).
    provider: the app's one travel-time provider, used by every public page and API route that
        shows minutes (without ``root`` or ``provider``, the composition root builds the
        bundle's ``estimate``).
    background: run the periodic task (expiry, cascade, outbox; ``serve`` sets it, see
        :mod:`proxisante.web.background`) and compute the national map at start-up, in a
        thread (otherwise it is computed on its first request; either way it is then cached
        on disk under ``settings.home``).
    """
    app = _App(
        title="ProxiSanté",
        version=__version__,
        description=(
            "Registre territorial des patients sans médecin traitant, propositions aux "
            "professionnels qui ont de la place, tableau de bord de la CPTS."
        ),
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        dependencies=[EDGE_GUARD],  # bounded integers, no NUL: every route, before its own
    )
    if root is None:
        root = bootstrap(settings, engine=engine, clock=clock, provider=provider, travel=travel)
    app.state.root = root
    app.state.engine = root.engine
    app.state.session_factory = root.session_factory
    app.state.accounts = SqlAccountStore(root.session_factory)
    app.state.tokens = Tokens(app.state.accounts, root.clock, secret_key)
    app.state.clock = root.clock
    app.state.settings = settings
    app.state.demo = demo
    app.state.travel = root.travel  # the registry's (registry.travel_provider)
    app.state.provider = root.provider  # the one provider (web.deps.get_provider)
    app.state.heavy = HeavyLimiter.from_settings(settings)
    install_error_handlers(app, html_error)
    _install_account_errors(app)
    install_docs(app)
    install_input_guard(app)
    app.add_middleware(RequestSizeLimit)
    app.add_middleware(RequestLanguage)  # outermost: every message in the asked language
    app.add_middleware(RequestMetrics)  # counts every answer, errors and refusals included
    app.router.on_startup.append(functools.partial(_limit_threads, app.state.engine))
    app.router.on_startup.append(app.state.tokens.load)
    if background:
        install_ticker(app)
    public.install(app, warm_up=background)  # public pages first: "/" is the territory search
    for router in (
        auth.router,
        territories.router,
        patients.router,
        inscriptions.router,
        proposals.router,
        admin.router,
        projects.router,
        planning.router,
        pages.router,
        slots.router,
        slots_page.router,
        rota.router,
        rota.feed_router,
        rights.router,
        ops_router,
        *extra_routers,
    ):
        app.include_router(router)
    return app


SQLITE_THREADS = 8
SERVER_DB_THREADS = 16


async def _limit_threads(engine: Engine) -> None:
    """Fewer threads for the sync routes than anyio's 40: the routes are short and mostly
    Python, so extra threads only queue for the GIL; and on SQLite (one writer at a time) a
    thread holding the write lock was starved of the GIL by the others, holding every other
    writer past the busy timeout under saturation (500s in benchmarks/api_load.py)."""
    import anyio.to_thread

    limiter = anyio.to_thread.current_default_thread_limiter()
    limiter.total_tokens = SERVER_DB_THREADS if is_postgres(engine) else SQLITE_THREADS


_SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"content-security-policy", CSP.encode("latin-1")),
)
_PUBLIC_DATA = (ASSETS_URL, "/static/", "/donnees/")


class SecurityHeaders:
    """ASGI middleware: the security headers on every answer (kept when a route set its own),
    and ``Cache-Control: no-store`` except on public data. A plain ASGI middleware, not
    ``@app.middleware("http")``, whose per-request task and body stream cost more CPU than a
    short request itself (benchmarks/api_cpu.py)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        public_data = str(scope.get("path", "")).startswith(_PUBLIC_DATA)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {k.lower(): v for k, v in headers}
                headers += [(k, v) for k, v in _SECURITY_HEADERS if k not in present]
                public = present.get(b"cache-control", b"").startswith(b"public")
                if not public and not public_data:
                    # Pages and API answers may carry personal data or a session: never cached,
                    # unless the route declares its answer public (web/public/answers.py: the
                    # same for everyone).
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _App(FastAPI):
    """The app with :class:`SecurityHeaders` outside every other layer, Starlette's own error
    middleware included: the answers of the middlewares (400 NUL, 413 size) and the 500 of an
    internal error carry the headers too, not only the routes' answers."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


def _install_account_errors(app: FastAPI) -> None:
    @app.exception_handler(AccountError)
    async def _account(_request: Request, exc: AccountError) -> Response:
        headers = (
            {"Retry-After": str(exc.retry_after_s)}
            if isinstance(exc, TooManyAttemptsError)
            else None
        )
        return JSONResponse(
            error_body(exc.http_status, str(exc), exc.code),
            status_code=exc.http_status,
            headers=headers,
        )
