"""``/api/v1/portail/contenus``: coordinators and administrators manage the installation
portal's content (validated, audited); anyone may list it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request
from pydantic import Field

from proxisante.errors import NotFoundError, UserError
from proxisante.portal.model import ItemDraft, ItemKind
from proxisante.portal.service import PortalForbiddenError
from proxisante.store.registry import crud
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.schemas import RequestModel
from proxisante.web.deps import Db, Principal, User
from proxisante.web.errors import ApiError
from proxisante.web.public.installation import portal_service

router = APIRouter(prefix="/api/v1", tags=["portail"], route_class=TransactionRoute)


class ItemBody(RequestModel):
    kind: ItemKind = Field(examples=["stage"])
    commune: str = Field(max_length=20, examples=["03190"])
    title: str = Field(max_length=200, examples=["Stage de médecine générale, MSP de Moulins"])
    body: str = Field("", max_length=4000)
    url: str = Field("", max_length=500, examples=["https://www.ars.sante.fr/"])
    valid_until: date | None = Field(None, examples=["2027-12-31"])
    contact: str = Field("", max_length=300)
    places: int | None = Field(None, ge=0, le=1000)
    supervisor: str = Field("", max_length=200)

    def draft(self) -> ItemDraft:
        return ItemDraft(
            self.kind,
            self.commune,
            self.title,
            self.body,
            self.url,
            self.valid_until,
            self.contact,
            self.places,
            self.supervisor,
        )


def manager_scope(db: Db, user: Principal) -> frozenset[str] | None:
    """The communes whose content ``user`` may manage: those of a coordinator's territory
    (none without one); every commune (None) for an administrator."""
    if user.role != "coordinator":
        return None
    if user.territory_id is None:
        return frozenset()
    return frozenset(c.code for c in crud.list_communes(db, territory_id=user.territory_id))


def _http(exc: UserError) -> ApiError:
    if isinstance(exc, PortalForbiddenError):
        return ApiError(403, str(exc))
    if isinstance(exc, NotFoundError):
        return ApiError(404, str(exc))
    return ApiError(400, str(exc))


@router.post("/portail/contenus", status_code=201)
def add_item(request: Request, body: ItemBody, db: Db, user: User) -> dict[str, int]:
    try:
        item_id = portal_service(request, db).add(
            user.user_id, user.role, body.draft(), manager_scope(db, user)
        )
    except UserError as exc:
        raise _http(exc) from None
    db.commit()
    return {"id": item_id}


@router.delete("/portail/contenus/{item_id}", status_code=204)
def remove_item(request: Request, item_id: Annotated[int, Path(ge=1)], db: Db, user: User) -> None:
    try:
        portal_service(request, db).remove(
            user.user_id, user.role, item_id, manager_scope(db, user)
        )
    except UserError as exc:
        raise _http(exc) from None
    db.commit()


@router.put("/portail/contenus/{item_id}", status_code=204)
def update_item(
    request: Request, item_id: Annotated[int, Path(ge=1)], body: ItemBody, db: Db, user: User
) -> None:
    """Replace an item's content (its kind stays); same checks and audit as the creation."""
    try:
        portal_service(request, db).update(
            user.user_id, user.role, item_id, body.draft(), manager_scope(db, user)
        )
    except UserError as exc:
        raise _http(exc) from None
    db.commit()
