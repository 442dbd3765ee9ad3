"""Capacity declarations and proposals: list, accept, decline (with cascade).

Thin: each route checks the role, calls the registry service (which audits) and commits.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from proxisante.i18n import _
from proxisante.registry.ports import CapacityDeclaration
from proxisante.store.registry import crud
from proxisante.store.registry import proposals as props
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._convert import proposal_public
from proxisante.web.api._service import Service, actor
from proxisante.web.api.schemas import (
    CapacityDeclare,
    CapacityPublic,
    DecisionResult,
    ProposalPublic,
    ProposalStatusFilter,
)
from proxisante.web.deps import Db, Principal, User, require
from proxisante.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["proposals"], route_class=TransactionRoute)
Prid = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _pro_id(user: Principal) -> int:
    require(user, "professional")
    if user.professional_id is None:
        raise ApiError(403, _("Ce compte n'est lié à aucun professionnel."))
    return user.professional_id


@router.get("/professionals/me/capacity", response_model=CapacityPublic)
def my_capacity(db: Db, user: User) -> CapacityPublic:
    pro = _pro_id(user)
    cap = crud.get_capacity(db, professional_id=pro)
    if cap is None:
        raise ApiError(404, _("Aucune capacité déclarée : PUT /api/v1/professionals/me/capacity."))
    return CapacityPublic.model_validate(cap, from_attributes=True)


@router.put("/professionals/me/capacity", response_model=CapacityPublic)
def declare(body: CapacityDeclare, db: Db, user: User, service: Service) -> CapacityPublic:
    """Declare places; live proposals beyond them are withdrawn, newest first, and cascaded."""
    change = service.declare_capacity(
        actor(user),
        _pro_id(user),
        CapacityDeclaration(**{**body.model_dump(), "area": tuple(body.area)}),
    )
    db.commit()
    return CapacityPublic.model_validate(change.capacity, from_attributes=True)


@router.get("/proposals", response_model=list[ProposalPublic])
def list_proposals(
    db: Db, user: User, service: Service, status: ProposalStatusFilter | None = None
) -> list[ProposalPublic]:
    require(user, "professional", "coordinator", "admin")
    if user.role == "professional":
        rows = service.proposals_for_professional(actor(user), _pro_id(user), status=status)
        db.commit()
    elif user.role == "coordinator":
        rows = props.list_proposals(db, territory_id=user.territory_id or "", status=status)
    else:
        rows = props.list_proposals(db, status=status)
    return [proposal_public(r) for r in rows]


@router.post("/proposals/{pid}/accept", response_model=DecisionResult)
def accept(pid: Prid, db: Db, user: User, service: Service) -> DecisionResult:
    """Accept: attaches the patient and uses one place; 409 when no place is left."""
    done = service.accept(actor(user), pid, _pro_id(user))
    db.commit()
    return DecisionResult(proposal=proposal_public(done.proposal))


@router.post("/proposals/{pid}/decline", response_model=DecisionResult)
def decline(pid: Prid, db: Db, user: User, service: Service) -> DecisionResult:
    """Decline: the patient is offered at once to the next best professional."""
    done = service.decline(actor(user), pid, _pro_id(user))
    db.commit()
    nxt = done.next_proposal
    return DecisionResult(
        proposal=proposal_public(done.proposal), next_proposal=proposal_public(nxt) if nxt else None
    )
