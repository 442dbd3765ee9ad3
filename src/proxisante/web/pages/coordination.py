"""The coordinator's page: dashboard, territorial list, matching, registration; the helper's."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.registry import views
from proxisante.registry.ports import NewPatient, PatientRecord
from proxisante.registry.service import RegistryService
from proxisante.store.registry import crud
from proxisante.store.registry.repository import SqlRegistryReader
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service, actor
from proxisante.web.api.schemas import PatientCreate
from proxisante.web.deps import Db, PageUser, Principal
from proxisante.web.errors import ApiError
from proxisante.web.pages._commune import resolve_local_commune
from proxisante.web.pages._pagination import Pagination, paginate
from proxisante.web.pages._render import check_csrf, render
from proxisante.web.pages.flash import flash_text, flash_url

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


def _territory_of(db: Db, user: Principal, *roles: str) -> crud.TerritoryRow:
    if user.role not in roles or user.territory_id is None:
        raise ApiError(403, _("Cette page est réservée à un autre rôle."))
    row = crud.get_territory(db, territory_id=user.territory_id)
    if row is None:
        raise ApiError(404, _("Territoire introuvable."))
    return row


class RegistrationRefusedError(Exception):
    """A registration refused: the page comes back (400) with the message and the values."""

    def __init__(self, message: str, commune_error: str = "") -> None:
        super().__init__(message)
        self.commune_error = commune_error


def _communes(db: Db, territory_id: str) -> dict[str, str]:
    return {c.code: c.name for c in crud.list_communes(db, territory_id=territory_id)}


def _patients_page(
    service: RegistryService,
    user: Principal,
    tid: str,
    page: str | None,
    registered_by: int | None = None,
) -> tuple[Pagination, Sequence[PatientRecord]]:
    """The asked page of the territory's list (of one helper's registrations when
    ``registered_by`` is set) and its patients, each an audited read."""
    pages = paginate(page, service.count_patients(tid, registered_by=registered_by))
    patients = service.list_patients(
        actor(user), tid, registered_by=registered_by, limit=pages.size, offset=pages.offset
    )
    return pages, patients


def _coordination_page(
    request: Request,
    db: Db,
    user: Principal,
    service: RegistryService,
    refused: RegistrationRefusedError | None = None,
    form: dict[str, str] | None = None,
    page: str | None = None,
) -> Response:
    territory = _territory_of(db, user, "coordinator")
    tid = territory.id
    dash = views.dashboard(SqlRegistryReader(db), territory)
    pros = {p.id: p.display_name for p in crud.list_professionals(db, territory_id=tid)}
    pages, patients = _patients_page(service, user, tid, page)
    db.commit()
    attachments = [
        (a, pros.get(a.professional_id, "?") if a.professional_id else "?")
        for a in dash.recent_attachments
    ]
    response = render(
        request,
        "coordination.html",
        user,
        fictitious=territory.fictitious,
        title=_("Coordination"),
        territory=territory,
        dash=dash,
        patients=patients,
        pages=pages,
        communes=_communes(db, tid),
        attachments=attachments,
        message=flash_text(request),
        register_action="/coordination/patients",
        **_refusal(refused, form),
    )
    if refused is not None:
        response.status_code = 400
    return response


def _refusal(
    refused: RegistrationRefusedError | None, form: dict[str, str] | None
) -> dict[str, object]:
    if refused is None:
        return {}
    kept = {k: v for k, v in (form or {}).items() if k != "csrf"}
    return {"error": str(refused), "reg_form": kept, "reg_commune_error": refused.commune_error}


@router.get("/coordination")
def coordination(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    page: str | None = None,
) -> Response:
    return _coordination_page(request, db, user, service, page=page)


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
    url = flash_url(
        "/coordination",
        "matching-done",
        proposals=summary.n_proposals,
        waiting=summary.n_waiting,
    )
    return RedirectResponse(url, status_code=303)


def _register(
    db: Db, user: Principal, service: RegistryService, form: dict[str, str], tid: str
) -> dict[str, int | str]:
    """Register the patient of ``form``; the confirmation's parameters, or
    :class:`RegistrationRefusedError`."""
    typed = form.get("commune") or form.get("commune_code", "")
    try:
        commune = resolve_local_commune(typed, _communes(db, tid))
    except UserError as exc:
        raise RegistrationRefusedError(
            _("Inscription refusée : {reason}").format(reason=exc), str(exc)
        ) from None
    try:
        body = PatientCreate(
            commune_code=commune,
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
        raise RegistrationRefusedError(
            _("Inscription refusée : vérifiez les champs (nom, date de naissance, consentement).")
        ) from None
    try:
        row = service.register_patient(actor(user), tid, NewPatient(**body.model_dump()))
    except UserError as exc:
        db.rollback()
        raise RegistrationRefusedError(
            _("Inscription refusée : {reason}").format(reason=exc)
        ) from None
    db.commit()
    return {"id": row.id, "level": row.priority_level}


@router.post("/coordination/patients")
async def register(request: Request, db: Db, user: PageUser, service: Service) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    territory = _territory_of(db, user, "coordinator")
    try:
        done = _register(db, user, service, form, territory.id)
    except RegistrationRefusedError as refused:
        return _coordination_page(request, db, user, service, refused=refused, form=form)
    return RedirectResponse(flash_url("/coordination", "patient-registered", **done), 303)


def _helper_page(
    request: Request,
    db: Db,
    user: Principal,
    service: RegistryService,
    refused: RegistrationRefusedError | None = None,
    form: dict[str, str] | None = None,
    page: str | None = None,
) -> Response:
    territory = _territory_of(db, user, "helper")
    pages, patients = _patients_page(service, user, territory.id, page, user.user_id)
    db.commit()
    response = render(
        request,
        "helper.html",
        user,
        fictitious=territory.fictitious,
        title=_("Aidant"),
        territory=territory,
        patients=patients,
        pages=pages,
        communes=_communes(db, territory.id),
        message=flash_text(request),
        register_action="/aidant/patients",
        **_refusal(refused, form),
    )
    if refused is not None:
        response.status_code = 400
    return response


@router.get("/aidant")
def helper(
    request: Request,
    db: Db,
    user: PageUser,
    service: Service,
    page: str | None = None,
) -> Response:
    return _helper_page(request, db, user, service, page=page)


@router.post("/aidant/patients")
async def helper_register(request: Request, db: Db, user: PageUser, service: Service) -> Response:
    form = {k: str(v) for k, v in (await request.form()).items()}
    check_csrf(request, user, form.get("csrf"))
    territory = _territory_of(db, user, "helper")
    try:
        done = _register(db, user, service, form, territory.id)
    except RegistrationRefusedError as refused:
        return _helper_page(request, db, user, service, refused=refused, form=form)
    return RedirectResponse(flash_url("/aidant", "patient-registered", **done), 303)
