"""Dependencies of the routes: database session, clock, the logged-in principal, role checks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from proxisante.access.port import TravelTimeProvider
from proxisante.accounts import service as accounts
from proxisante.accounts.model import Account
from proxisante.i18n import _
from proxisante.store.accounts.repository import SqlAccountStore
from proxisante.store.audit import record_audit
from proxisante.web.errors import ApiError, LoginRequiredError
from proxisante.web.security import COOKIE, CSRF_HEADER, Tokens

__all__ = ["COOKIE", "Principal"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user's id, role and scope (no personal data)."""

    user_id: int
    username: str
    role: str
    territory_id: str | None
    professional_id: int | None
    token: str
    via_cookie: bool = False

    def account(self) -> Account:
        return Account(
            id=self.user_id,
            username=self.username,
            role=self.role,
            territory_id=self.territory_id,
            professional_id=self.professional_id,
            active=True,
        )

    def in_scope(self, territory_id: str) -> bool:
        return self.role == "admin" or self.territory_id == territory_id


# The dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in
# the thread pool, and that hop costs more CPU than most requests' own work
# (benchmarks/api_cpu.py). Those that read the database stay plain functions.


async def get_db(request: Request) -> AsyncIterator[Session]:
    """A session; routes commit explicitly, anything uncommitted is rolled back.

    Opening a session connects to nothing (the connection is taken at its first query, in the
    endpoint's thread), and the endpoint has already ended its transaction when the session is
    closed here (web/_routing.py): closing only hands the connection back to the pool.
    """
    with request.app.state.session_factory() as session:
        yield session


async def get_now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def get_tokens(request: Request) -> Tokens:
    tokens: Tokens = request.app.state.tokens
    return tokens


def get_accounts(request: Request) -> SqlAccountStore:
    store: SqlAccountStore = request.app.state.accounts
    return store


def get_provider(request: Request) -> TravelTimeProvider:
    """The app's one travel-time provider (built at startup, see :func:`proxisante.web.app.
    create_app`): every route that shows minutes uses it."""
    provider: TravelTimeProvider = request.app.state.provider
    return provider


Db = Annotated[Session, Depends(get_db)]
Provider = Annotated[TravelTimeProvider, Depends(get_provider)]
Now = Annotated[datetime, Depends(get_now)]


def _token_from(request: Request) -> tuple[str | None, bool]:
    """The session token and whether it came from the cookie (not a bearer header)."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip(), False
    return request.cookies.get(COOKIE), True


def optional_principal(request: Request) -> Principal | None:
    """The logged-in user of a live server-side session of *this* database, or ``None``.

    The lookup runs in its own short transaction (see web/_routing.py for why nothing may stay
    open between the dependency and the endpoint).
    """
    token, via_cookie = _token_from(request)
    if not token:
        return None
    clock: Callable[[], datetime] = request.app.state.clock
    account = accounts.session_account(get_accounts(request), token, clock())
    if account is None:
        return None
    return Principal(
        user_id=account.id,
        username=account.username,
        role=account.role,
        territory_id=account.territory_id,
        professional_id=account.professional_id,
        token=token,
        via_cookie=via_cookie,
    )


async def current_principal(
    request: Request,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    """The API's caller; a write authenticated by the session cookie also needs the CSRF
    token in the ``X-CSRF-Token`` header (a bearer token cannot be sent by another site)."""
    if principal is None:
        raise ApiError(
            401,
            _(
                "Authentification requise : connectez-vous avec POST /api/v1/auth/login et "
                "envoyez le jeton dans l'en-tête 'Authorization: Bearer JETON'."
            ),
        )
    csrf = request.headers.get(CSRF_HEADER)
    tokens: Tokens = request.app.state.tokens
    if (
        principal.via_cookie
        and request.method not in SAFE_METHODS
        # The CSRF key is read from the database: in the thread pool, off the event loop.
        and not await run_in_threadpool(tokens.check_csrf, principal.token, csrf)
    ):
        raise ApiError(
            403,
            _(
                "Jeton CSRF manquant ou invalide : une écriture authentifiée par le cookie de "
                "session doit envoyer l'en-tête {header} (valeur du cookie ps_csrf), ou "
                "utiliser 'Authorization: Bearer JETON'."
            ).format(header=CSRF_HEADER),
            code="csrf_failed",
        )
    return principal


async def page_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise LoginRequiredError()
    return principal


User = Annotated[Principal, Depends(current_principal)]
PageUser = Annotated[Principal, Depends(page_principal)]


def require(principal: Principal, *roles: str) -> None:
    """403 unless the principal has one of ``roles``."""
    if principal.role not in roles:
        raise ApiError(
            403,
            _("Cette action demande l'un des rôles {roles} ; vous êtes {role}.").format(
                roles=", ".join(roles), role=principal.role
            ),
        )


def require_territory(principal: Principal, territory_id: str) -> None:
    """404 for a territory outside the principal's scope (its existence is not disclosed)."""
    if not principal.in_scope(territory_id):
        raise ApiError(
            404, _("Territoire {territory_id} introuvable.").format(territory_id=repr(territory_id))
        )


def audit(
    db: Session,
    principal: Principal | None,
    now: datetime,
    action: str,
    *,
    patient_id: int | None = None,
    territory_id: str | None = None,
    detail: str = "",
) -> None:
    record_audit(
        db,
        at=now,
        user_id=principal.user_id if principal else None,
        role=principal.role if principal else None,
        action=action,
        patient_id=patient_id,
        territory_id=territory_id,
        detail=detail,
    )
