"""Dependencies of the routes: database session, clock, the logged-in principal, role checks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from proxisante.store.registry_audit import get_user, record_audit
from proxisante.store.registry_travel import TravelProvider
from proxisante.web.errors import ApiError, LoginRequiredError
from proxisante.web.security import Tokens

COOKIE = "ps_session"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user's id, role and scope (no personal data)."""

    user_id: int
    username: str
    role: str
    territory_id: str | None
    professional_id: int | None
    token: str

    def in_scope(self, territory_id: str) -> bool:
        return self.role == "admin" or self.territory_id == territory_id


def get_db(request: Request) -> Iterator[Session]:
    """A session; routes commit explicitly, anything uncommitted is rolled back."""
    with request.app.state.session_factory() as session:
        yield session


def get_now(request: Request) -> datetime:
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


def get_tokens(request: Request) -> Tokens:
    tokens: Tokens = request.app.state.tokens
    return tokens


def get_travel(request: Request) -> TravelProvider:
    travel: TravelProvider = request.app.state.travel
    return travel


Db = Annotated[Session, Depends(get_db)]
Travel = Annotated[TravelProvider, Depends(get_travel)]
Now = Annotated[datetime, Depends(get_now)]


def _token_from(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.cookies.get(COOKIE)


def optional_principal(request: Request, db: Db) -> Principal | None:
    token = _token_from(request)
    if not token:
        return None
    uid = get_tokens(request).read(token)
    if uid is None:
        return None
    user = get_user(db, user_id=uid)
    principal = None
    if user is not None and user.active:
        principal = Principal(
            user_id=user.id,
            username=user.username,
            role=user.role,
            territory_id=user.territory_id,
            professional_id=user.professional_id,
            token=token,
        )
    # End this read at once: the endpoint runs in another worker call (see web/_routing.py).
    db.rollback()
    return principal


def current_principal(
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> Principal:
    if principal is None:
        raise ApiError(
            401,
            "Authentication required: log in with POST /api/v1/auth/login and send the token "
            "as 'Authorization: Bearer TOKEN'.",
        )
    return principal


def page_principal(
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
            403, f"This action needs one of the roles {', '.join(roles)}; you are {principal.role}."
        )


def require_territory(principal: Principal, territory_id: str) -> None:
    """404 for a territory outside the principal's scope (its existence is not disclosed)."""
    if not principal.in_scope(territory_id):
        raise ApiError(404, f"Territory {territory_id!r} not found.")


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
