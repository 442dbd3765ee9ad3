"""Administration: users (with their TOTP secret shown once) and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request

from proxisante.accounts import service as accounts
from proxisante.store.accounts.users import list_users
from proxisante.store.audit import list_audit
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.schemas import AuditPublic, UserCreate, UserPublic
from proxisante.web.deps import Db, Now, User, get_accounts, require

router = APIRouter(prefix="/api/v1", tags=["admin"], route_class=TransactionRoute)


@router.get("/users", response_model=list[UserPublic])
def users(db: Db, user: User) -> list[UserPublic]:
    require(user, "admin")
    return [
        UserPublic(
            id=u.id,
            username=u.username,
            role=u.role,
            territory_id=u.territory_id,
            professional_id=u.professional_id,
        )
        for u in list_users(db)
    ]


@router.post("/users", response_model=UserPublic, status_code=201)
def add_user(body: UserCreate, request: Request, user: User, now: Now) -> UserPublic:
    """Create an account (:func:`proxisante.accounts.service.create_user`: every check, its
    audit row, a TOTP secret shown once for coordinators and administrators)."""
    require(user, "admin")
    created = accounts.create_user(
        get_accounts(request),
        accounts.UserRequest(
            username=body.username,
            password=body.password,
            role=body.role,
            territory_id=body.territory_id,
            professional_id=body.professional_id,
        ),
        now,
        actor=user.account(),
    )
    row = created.account
    return UserPublic(
        id=row.id,
        username=row.username,
        role=row.role,
        territory_id=row.territory_id,
        professional_id=row.professional_id,
        totp_secret=created.totp_secret,
    )


@router.get("/audit", response_model=list[AuditPublic])
def audit_log(db: Db, user: User) -> list[AuditPublic]:
    require(user, "admin")
    return [AuditPublic.model_validate(a, from_attributes=True) for a in list_audit(db)]
