"""The professional's page: declare capacity, accept or decline proposals."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import RedirectResponse, Response

from proxisante.errors import InternalError, UserError
from proxisante.i18n import _
from proxisante.registry.ports import CapacityDeclaration
from proxisante.registry.priority import age_on
from proxisante.registry.service import RegistryService
from proxisante.store.registry import crud
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service, actor
from proxisante.web.deps import Db, Now, PageUser, Principal
from proxisante.web.errors import ApiError
from proxisante.web.pages._render import check_csrf, render
from proxisante.web.pages.flash import flash_text, flash_url

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


def rota_notices(request: Request, db: Db, user: Principal) -> list[object]:
    """Swaps of the rota waiting for this doctor's answer (their notification here)."""
    from proxisante.web.api.rota import actor_of, service_for

    return list(service_for(request, db).incoming(actor_of(user)))


def _pro(user: Principal) -> int:
    if user.role != "professional" or user.professional_id is None:
        raise ApiError(403, _("Cette page est réservée aux professionnels de santé."))
    return user.professional_id


@router.get("/professionnel")
def page(request: Request, db: Db, user: PageUser, now: Now, service: Service) -> Response:
    pid = _pro(user)
    pro = crud.get_professional(db, professional_id=pid)
    if pro is None:  # the session's account names a professional that exists
        raise InternalError(
            _("compte lié au professionnel {pid}, qui n'existe pas").format(pid=pid)
        )
    territory = crud.get_territory(db, territory_id=pro.territory_id)
    communes = {c.code: c.name for c in crud.list_communes(db, territory_id=pro.territory_id)}
    items = []
    for p in service.proposals_for_professional(actor(user), pid, limit=100):
        patient = crud.get_patient(db, patient_id=p.patient_id)
        if patient is None or patient.status == "erased":
            continue
        # Identity only for open or accepted proposals (the service audited those reads):
        # a declined patient is not theirs.
        if p.status in ("proposed", "accepted"):
            name = f"{patient.first_name or ''} {patient.last_name or ''}".strip()
            age: object = age_on(patient.birth_date, now.date()) if patient.birth_date else ""
            reasons = patient.priority_reasons
        else:
            name, age, reasons = "—", "", ""
        items.append(
            {
                "p": p,
                "name": name,
                "age": age,
                "reasons": reasons,
                "commune": communes.get(patient.commune_code, patient.commune_code),
            }
        )
    db.commit()
    return render(
        request,
        "professional.html",
        user,
        fictitious=bool(territory and territory.fictitious),
        title=_("Professionnel de santé"),
        pro=pro,
        cap=crud.get_capacity(db, professional_id=pid),
        proposals=items,
        rota_incoming=rota_notices(request, db, user),
        message=flash_text(request),
    )


@router.post("/professionnel/capacite")
def declare(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    places: Annotated[int, Form(ge=0, le=2000)],
    csrf: Annotated[str, Form()] = "",
    home_visits: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, user, csrf)
    declaration = CapacityDeclaration(places=places, home_visits=bool(home_visits))
    service.declare_capacity(actor(user), _pro(user), declaration)
    db.commit()
    return RedirectResponse(flash_url("/professionnel", "capacity-saved"), status_code=303)


def _decide(
    request: Request,
    db: Db,
    user: Principal,
    service: RegistryService,
    prop_id: int,
    csrf: str,
    accept: bool,
) -> Response:
    check_csrf(request, user, csrf)
    pid = _pro(user)
    try:
        if accept:
            service.accept(actor(user), prop_id, pid)
            key = "proposal-accepted"
        else:
            service.decline(actor(user), prop_id, pid)
            key = "proposal-declined"
        db.commit()
    except UserError:
        db.rollback()
        key = "proposal-closed"
    return RedirectResponse(flash_url("/professionnel", key), status_code=303)


@router.post("/professionnel/propositions/{prop_id}/accepter")
def accept(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    prop_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    return _decide(request, db, user, service, prop_id, csrf, accept=True)


@router.post("/professionnel/propositions/{prop_id}/refuser")
def decline(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    prop_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    return _decide(request, db, user, service, prop_id, csrf, accept=False)
