"""The professional's page: declare capacity, accept or decline proposals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from proxisante.errors import UserError
from proxisante.store import registry_crud as crud
from proxisante.store import registry_proposals as props
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now, PageUser, Principal, audit
from proxisante.web.errors import ApiError
from proxisante.web.pages._render import check_csrf, render

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


def _pro(user: Principal) -> int:
    if user.role != "professional" or user.professional_id is None:
        raise ApiError(403, "Cette page est réservée aux professionnels de santé.")
    return user.professional_id


@router.get("/professionnel")
def page(request: Request, db: Db, user: PageUser, now: Now, message: str = "") -> Response:
    pid = _pro(user)
    pro = crud.get_professional(db, professional_id=pid)
    assert pro is not None
    territory = crud.get_territory(db, territory_id=pro.territory_id)
    communes = {c.code: c.name for c in crud.list_communes(db, territory_id=pro.territory_id)}
    items = []
    for p in props.list_proposals(db, professional_id=pid, limit=100):
        patient = crud.get_patient(db, patient_id=p.patient_id)
        if patient is None or patient.status == "erased":
            continue
        # Identity only for open or accepted proposals: a declined patient is not theirs.
        if p.status in ("proposed", "accepted"):
            audit(
                db,
                user,
                now,
                "patient.proposal_read",
                patient_id=p.patient_id,
                territory_id=pro.territory_id,
            )
            name = f"{patient.first_name or ''} {patient.last_name or ''}".strip()
            age: object = crud.age_on(patient.birth_date, now.date()) if patient.birth_date else ""
        else:
            name, age = "—", ""
        items.append(
            {
                "p": p,
                "name": name,
                "age": age,
                "commune": communes.get(patient.commune_code, patient.commune_code),
            }
        )
    db.commit()
    return render(
        request,
        "professional.html",
        user,
        fictitious=bool(territory and territory.fictitious),
        title="Professionnel",
        pro=pro,
        cap=crud.get_capacity(db, professional_id=pid),
        proposals=items,
        message=message[:200],
    )


@router.post("/professionnel/capacite")
def declare(
    request: Request,
    db: Db,
    user: PageUser,
    now: Now,
    places: Annotated[int, Form(ge=0, le=2000)],
    csrf: Annotated[str, Form()] = "",
    home_visits: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, user, csrf)
    pid = _pro(user)
    crud.declare_capacity(
        db, professional_id=pid, places=places, now=now, home_visits=bool(home_visits)
    )
    audit(
        db,
        user,
        now,
        "capacity.declare",
        territory_id=user.territory_id,
        detail=f"professional {pid} places {places}",
    )
    for done, nxt in props.withdraw_surplus(
        db,
        professional_id=pid,
        territory_id=user.territory_id or "",
        now=now,
        travel=request.app.state.travel,
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
    return RedirectResponse("/professionnel?message=Capacité enregistrée.", status_code=303)


def _decide(
    request: Request, db: Db, user: Principal, now: Now, prop_id: int, csrf: str, accept: bool
) -> Response:
    check_csrf(request, user, csrf)
    pid = _pro(user)
    try:
        if accept:
            done = props.accept_proposal(db, proposal_id=prop_id, professional_id=pid, now=now)
            msg = "Proposition acceptée : le patient vous est rattaché."
        else:
            done, _ = props.decline_proposal(
                db,
                proposal_id=prop_id,
                professional_id=pid,
                now=now,
                travel=request.app.state.travel,
            )
            msg = "Proposition refusée : elle passe au professionnel suivant."
        audit(
            db,
            user,
            now,
            "proposal.accept" if accept else "proposal.decline",
            patient_id=done.patient_id,
            territory_id=user.territory_id,
            detail=f"proposal {prop_id}",
        )
        db.commit()
    except UserError:
        db.rollback()
        msg = "Cette proposition n'est plus ouverte ou vous n'avez plus de place."
    return RedirectResponse(f"/professionnel?message={msg}", status_code=303)


@router.post("/professionnel/propositions/{prop_id}/accepter")
def accept(
    request: Request,
    db: Db,
    user: PageUser,
    now: Now,
    prop_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    return _decide(request, db, user, now, prop_id, csrf, accept=True)


@router.post("/professionnel/propositions/{prop_id}/refuser")
def decline(
    request: Request,
    db: Db,
    user: PageUser,
    now: Now,
    prop_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    return _decide(request, db, user, now, prop_id, csrf, accept=False)
