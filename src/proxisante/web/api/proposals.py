"""Capacity declarations and proposals: list, accept, decline (with cascade)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from proxisante.registry.contact import check_valid_until
from proxisante.store import registry_crud as crud
from proxisante.store import registry_proposals as props
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._convert import proposal_public
from proxisante.web.api.schemas import (
    CapacityDeclare,
    CapacityPublic,
    DecisionResult,
    ProposalPublic,
    ProposalStatusFilter,
)
from proxisante.web.deps import Db, Now, Principal, Travel, User, audit, require
from proxisante.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["proposals"], route_class=TransactionRoute)
Prid = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _pro_id(user: Principal) -> int:
    require(user, "professional")
    if user.professional_id is None:
        raise ApiError(403, "Ce compte n'est lié à aucun professionnel.")
    return user.professional_id


@router.get("/professionals/me/capacity", response_model=CapacityPublic)
def my_capacity(db: Db, user: User) -> CapacityPublic:
    pro = _pro_id(user)
    cap = crud.get_capacity(db, professional_id=pro)
    if cap is None:
        raise ApiError(404, "Aucune capacité déclarée : PUT /api/v1/professionals/me/capacity.")
    return CapacityPublic.model_validate(cap, from_attributes=True)


@router.put("/professionals/me/capacity", response_model=CapacityPublic)
def declare(body: CapacityDeclare, db: Db, user: User, now: Now, travel: Travel) -> CapacityPublic:
    """Declare places; live proposals beyond them are withdrawn, newest first, and cascaded."""
    pro = _pro_id(user)
    try:
        check_valid_until(body.valid_until, now.date())
    except ValueError as exc:
        raise ApiError(400, f"valid_until : {exc}.") from None
    cap = crud.declare_capacity(db, professional_id=pro, now=now, **body.model_dump())
    audit(
        db,
        user,
        now,
        "capacity.declare",
        territory_id=user.territory_id,
        detail=f"professional {pro} places {body.places}",
    )
    for done, nxt in props.withdraw_surplus(
        db, professional_id=pro, territory_id=user.territory_id or "", now=now, travel=travel
    ):
        audit(
            db,
            user,
            now,
            "proposal.withdraw",
            patient_id=done.patient_id,
            territory_id=user.territory_id,
            detail=f"proposal {done.id} next {nxt.id if nxt else None}",
        )
    db.commit()
    return CapacityPublic.model_validate(cap, from_attributes=True)


@router.get("/proposals", response_model=list[ProposalPublic])
def list_proposals(
    db: Db, user: User, now: Now, status: ProposalStatusFilter | None = None
) -> list[ProposalPublic]:
    require(user, "professional", "coordinator", "admin")
    if user.role == "professional":
        rows = props.list_proposals(db, professional_id=_pro_id(user), status=status)
        for r in rows:
            audit(
                db,
                user,
                now,
                "patient.proposal_read",
                patient_id=r.patient_id,
                territory_id=user.territory_id,
            )
        db.commit()
    elif user.role == "coordinator":
        rows = props.list_proposals(db, territory_id=user.territory_id or "", status=status)
    else:
        rows = props.list_proposals(db, status=status)
    return [proposal_public(r) for r in rows]


def _decide(
    pid: int, db: Db, user: Principal, now: Now, accept: bool, travel: Travel
) -> DecisionResult:
    pro = _pro_id(user)
    row = props.get_proposal(db, proposal_id=pid)
    if row is None or row.professional_id != pro:
        raise ApiError(404, f"Proposition {pid} introuvable.")
    try:
        if accept:
            done = props.accept_proposal(db, proposal_id=pid, professional_id=pro, now=now)
            nxt = None
        else:
            done, nxt = props.decline_proposal(
                db, proposal_id=pid, professional_id=pro, now=now, travel=travel
            )
    except Exception:
        db.rollback()
        raise
    action = "proposal.accept" if accept else "proposal.decline"
    audit(
        db,
        user,
        now,
        action,
        patient_id=done.patient_id,
        territory_id=user.territory_id,
        detail=f"proposal {pid}",
    )
    db.commit()
    return DecisionResult(
        proposal=proposal_public(done), next_proposal=proposal_public(nxt) if nxt else None
    )


@router.post("/proposals/{pid}/accept", response_model=DecisionResult)
def accept(pid: Prid, db: Db, user: User, now: Now, travel: Travel) -> DecisionResult:
    """Accept: attaches the patient and uses one place; 409 when no place is left."""
    return _decide(pid, db, user, now, True, travel)


@router.post("/proposals/{pid}/decline", response_model=DecisionResult)
def decline(pid: Prid, db: Db, user: User, now: Now, travel: Travel) -> DecisionResult:
    """Decline: the patient is offered at once to the next best professional."""
    return _decide(pid, db, user, now, False, travel)
