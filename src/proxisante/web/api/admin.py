"""Administration: users (with their TOTP secret shown once) and the audit log."""

from __future__ import annotations

from fastapi import APIRouter, Request

from proxisante.accounts import service as accounts
from proxisante.i18n import _
from proxisante.store.accounts.users import get_user_by_username, list_users
from proxisante.store.audit import list_audit
from proxisante.store.registry import crud
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.schemas import AuditPublic, UserCreate, UserPublic
from proxisante.web.deps import Db, Now, User, get_accounts, require
from proxisante.web.errors import ApiError

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
def add_user(body: UserCreate, request: Request, db: Db, user: User, now: Now) -> UserPublic:
    require(user, "admin")
    if get_user_by_username(db, username=body.username) is not None:
        raise ApiError(
            409, _("Le nom d'utilisateur {username} est pris.").format(username=repr(body.username))
        )
    if body.role != "admin" and body.territory_id is None:
        raise ApiError(
            400, _("Un compte {role} a besoin d'un 'territory_id'.").format(role=body.role)
        )
    if (
        body.territory_id is not None
        and crud.get_territory(db, territory_id=body.territory_id) is None
    ):
        raise ApiError(
            400,
            _("Territoire inconnu : {territory_id}.").format(territory_id=repr(body.territory_id)),
        )
    if body.role == "professional":
        pro = (
            crud.get_professional(db, professional_id=body.professional_id)
            if body.professional_id
            else None
        )
        if pro is None or pro.territory_id != body.territory_id:
            raise ApiError(
                400,
                _(
                    "Le compte d'un professionnel a besoin du 'professional_id' d'un "
                    "professionnel du même territoire."
                ),
            )
    db.rollback()  # end the checks' read before the accounts service's own transaction
    created = accounts.create_user(  # hashes, adds a TOTP secret when needed, audits
        get_accounts(request),
        accounts.UserRequest(
            username=body.username,
            password=body.password,
            role=body.role,
            territory_id=body.territory_id,
            professional_id=body.professional_id if body.role == "professional" else None,
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
