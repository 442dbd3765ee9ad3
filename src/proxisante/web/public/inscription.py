"""Public pages of self-registration: ``/inscription`` (the form, then the tracking code shown
once) and ``/inscription/suivi`` (status for a code and a birth date). They call the same use
cases and abuse limits as the API (:mod:`proxisante.web.api.inscriptions`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from proxisante.errors import UserError
from proxisante.i18n import N_, _, format_date, use_lang
from proxisante.registry.form import language_options, lost_doctor_options, precarity_options
from proxisante.registry.selfreg import SelfRegistration
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service
from proxisante.web.api.inscriptions import (
    LOOKUP_LIMIT,
    REGISTER_LIMIT,
    lookup_succeeded,
    public_actor,
    register,
    status,
    throttle,
)
from proxisante.web.deps import Db
from proxisante.web.errors import ApiError
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.search import exact_commune

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

TITLE = N_("Trouver un médecin traitant : s’inscrire")
STATUS_TITLE = N_("Suivre ma demande")
Field200 = Annotated[str, Field(max_length=200)]


class RegistrationForm(BaseModel):
    commune: Field200 = ""
    last_name: Field200 = ""
    first_name: Field200 = ""
    birth_date: Annotated[str, Field(max_length=20)] = ""
    consent: str = ""
    phone: Field200 = ""
    email: Field200 = ""
    ald: str = ""
    pregnant: str = ""
    precarity: Annotated[str, Field(max_length=20)] = "none"
    lost_doctor: Annotated[str, Field(max_length=20)] = "none"
    disability: str = ""
    reduced_mobility: str = ""
    language: Annotated[str, Field(max_length=10)] = ""
    on_behalf: str = ""

    def to_domain(self) -> SelfRegistration:
        data: dict[str, Any] = self.model_dump()
        for flag in ("consent", "ald", "pregnant", "disability", "reduced_mobility", "on_behalf"):
            data[flag] = bool(data[flag])
        return SelfRegistration(**data)


def _options() -> dict[str, Any]:
    return {
        "precarity_options": precarity_options(),
        "lost_options": lost_doctor_options(),
        "languages": language_options(),
    }


def _form_page(request: Request, form: RegistrationForm, error: str | None, code: int) -> Any:
    with use_lang(request_lang(request)):
        ctx = _options()
    return render_public(request, "inscription.j2", TITLE, code, form=form, error=error, **ctx)


@router.get("/inscription", response_class=HTMLResponse)
def registration_page(request: Request) -> HTMLResponse:
    return _form_page(request, RegistrationForm(), None, 200)


@router.post("/inscription", response_class=HTMLResponse)
def registration_submit(
    request: Request,
    db: Db,
    service: Service,
    form: Annotated[RegistrationForm, Form()],
) -> HTMLResponse:
    with use_lang(request_lang(request)):
        try:
            throttle(request, "inscription", REGISTER_LIMIT)
            typed = form.model_copy(update={"commune": exact_commune(form.commune)})
            done = register(service, public_actor(request, form_post=True), typed.to_domain(), db)
        except UserError as exc:
            return _form_page(request, form, str(exc), exc.http_status)
        except ApiError as exc:
            return _form_page(request, form, str(exc.detail), exc.status_code)
    return render_public(request, "inscription_code.j2", TITLE, 201, code=done.code)


@router.get("/inscription/suivi", response_class=HTMLResponse)
def status_page(request: Request) -> HTMLResponse:
    return render_public(request, "inscription_suivi.j2", STATUS_TITLE, found=None, error=None)


@router.post("/inscription/suivi", response_class=HTMLResponse)
def status_submit(
    request: Request,
    db: Db,
    service: Service,
    code: Annotated[str, Form(max_length=40)] = "",
    birth_date: Annotated[str, Form(max_length=20)] = "",
) -> HTMLResponse:
    with use_lang(request_lang(request)):
        try:
            throttle(request, "suivi", LOOKUP_LIMIT)
            found = status(service, code, birth_date, db)
            lookup_succeeded(request)
        except UserError as exc:
            return render_public(
                request, "inscription_suivi.j2", STATUS_TITLE, exc.http_status,
                found=None, error=str(exc), code=code,
            )  # fmt: skip
        except ApiError as exc:
            return render_public(
                request, "inscription_suivi.j2", STATUS_TITLE, exc.status_code,
                found=None, error=str(exc.detail), code=code,
            )  # fmt: skip
        label = _(found.label)
        day = format_date(found.registered_at.date())
    return render_public(
        request, "inscription_suivi.j2", STATUS_TITLE, found=found, label=label, day=day,
        error=None,
    )  # fmt: skip


@router.get("/api/public/inscription/communes")
def commune_suggestions(
    service: Service, q: Annotated[str, Query(max_length=100)] = ""
) -> dict[str, list[dict[str, str]]]:
    """Names of the communes covered by the registry (for the form's suggestions)."""
    return {
        "results": [
            {"name": name, "label": f"{name} ({code})"}
            for code, name in service.covered_communes(q)
        ]
    }
