"""The coordinator's page: dashboard, territorial list, matching, registration; the helper's."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from proxisante.errors import UserError
from proxisante.registry.ports import NewPatient
from proxisante.registry.service import RegistryService
from proxisante.store.registry import crud
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service, actor
from proxisante.web.api.schemas import PatientCreate
from proxisante.web.api.territories import dashboard_data
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.errors import ApiError
from proxisante.web.pages._render import check_csrf, render

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


def _territory_of(db: Db, user: Principal, *roles: str) -> crud.TerritoryRow:
    if user.role not in roles or user.territory_id is None:
        raise ApiError(403, "Cette page est réservée à un autre rôle.")
    row = crud.get_territory(db, territory_id=user.territory_id)
    if row is None:
        raise ApiError(404, "Territoire introuvable.")
    return row


@router.get("/coordination")
def coordination(
    request: Request, db: Db, user: PageUser, service: Service, message: str = ""
) -> Response:
    territory = _territory_of(db, user, "coordinator")
    tid = territory.id
    dash = dashboard_data(db, tid, territory)
    communes = {c.code: c.name for c in crud.list_communes(db, territory_id=tid)}
    pros = {p.id: p.display_name for p in crud.list_professionals(db, territory_id=tid)}
    patients = service.list_patients(actor(user), tid, limit=200)
    db.commit()
    attachments = [
        {**a, "professional": pros.get(int(str(a["professional_id"])), "?")}
        for a in dash.recent_attachments
    ]
    return render(
        request,
        "coordination.html",
        user,
        fictitious=territory.fictitious,
        title="Coordination",
        territory=territory,
        dash=dash,
        patients=patients,
        communes=communes,
        attachments=attachments,
        message=message[:200],
        register_action="/coordination/patients",
    )


@router.post("/coordination/appariement")
def run(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request, user, csrf)
    territory = _territory_of(db, user, "coordinator")
    summary = service.run_matching(actor(user), territory.id)
    db.commit()
    msg = (
        f"Appariement terminé : {summary.n_proposals} proposition(s) envoyée(s) "
        f"pour {summary.n_waiting} patient(s) en attente."
    )
    return RedirectResponse(f"/coordination?message={msg}", status_code=303)


def _register(
    db: Db, user: Principal, service: RegistryService, form: dict[str, str], tid: str
) -> str:
    try:
        body = PatientCreate(
            commune_code=form.get("commune_code", ""),
            last_name=form.get("last_name", ""),
            first_name=form.get("first_name", ""),
            birth_date=date.fromisoformat(form.get("birth_date", "")),
            phone=form.get("phone") or None,
            ald=bool(form.get("ald")),
            pregnant=bool(form.get("pregnant")),
            reduced_mobility=bool(form.get("reduced_mobility")),
            consent=bool(form.get("consent")),
            channel="helper" if user.role == "helper" else "coordinator",
        )
    except (ValidationError, ValueError):
        return "Inscription refusée : vérifiez les champs (nom, date de naissance, consentement)."
    try:
        row = service.register_patient(actor(user), tid, NewPatient(**body.model_dump()))
    except UserError as exc:
        return f"Inscription refusée : {exc}"
    db.commit()
    return f"Patient n° {row.id} inscrit, priorité {row.priority_level}."


@router.post("/coordination/patients")
async def register(request: Request, db: Db, user: PageUser, service: Service) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    territory = _territory_of(db, user, "coordinator")
    msg = _register(db, user, service, form, territory.id)
    return RedirectResponse(f"/coordination?message={msg}", status_code=303)


@router.get("/aidant")
def helper(
    request: Request, db: Db, user: PageUser, service: Service, message: str = ""
) -> Response:
    territory = _territory_of(db, user, "helper")
    patients = service.list_patients(actor(user), territory.id, registered_by=user.user_id)
    db.commit()
    communes = {c.code: c.name for c in crud.list_communes(db, territory_id=territory.id)}
    return render(
        request,
        "helper.html",
        user,
        fictitious=territory.fictitious,
        title="Aidant",
        territory=territory,
        patients=patients,
        communes=communes,
        message=message[:200],
        register_action="/aidant/patients",
    )


@router.post("/aidant/patients")
async def helper_register(request: Request, db: Db, user: PageUser, service: Service) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    territory = _territory_of(db, user, "helper")
    msg = _register(db, user, service, form, territory.id)
    return RedirectResponse(f"/aidant?message={msg}", status_code=303)
