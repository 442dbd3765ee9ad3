"""Public pages of self-registration. They call the same use cases and abuse limits as the API
(:mod:`proxisante.web.api.inscriptions`).

- ``/inscription``: step 1, the commune only. A commune that no CPTS of the registry covers gets
  where to turn instead (the CPAM in France, the cantonal channels in Valais) before any health
  question; a covered one opens step 2, the form (one definition of the criteria:
  :mod:`proxisante.registry.form`). Errors: a summary at the top (links to the fields) and each
  field marked (DSFR ``fr-input-group--error``, ``aria-describedby``).
- then the tracking code, shown once, printable, and sent to the e-mail address (else the phone)
  given, through the outbox;
- ``/inscription/suivi``: status for a code and a birth date, what happens next and the typical
  wait (calculé from the registry);
- ``/inscription/code-perdu``: a new code sent to the registered contact (never shown here),
  the same answer whether a request was found or not.

Forms posted from another site's page are refused (403).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from proxisante.errors import UserError
from proxisante.i18n import N_, _, format_date, ngettext, use_lang
from proxisante.registry.coverage import alternatives
from proxisante.registry.form import (
    flag_options,
    language_options,
    lost_doctor_options,
    precarity_options,
)
from proxisante.registry.selfreg import (
    AlreadyRegisteredError,
    CodeRecovery,
    SelfRegistration,
    SelfRegistrationError,
    resolve_commune,
)
from proxisante.registry.service import RegistryService
from proxisante.territory import load_territory
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service
from proxisante.web.api.inscriptions import (
    LOOKUP_LIMIT,
    REGISTER_LIMIT,
    public_actor,
    recover,
    register,
    status,
    throttle,
)
from proxisante.web.deps import Db
from proxisante.web.errors import ApiError
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.search import exact_commune
from proxisante.web.security import refuse_cross_site

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

TITLE = N_("Trouver un médecin traitant : s’inscrire")
STATUS_TITLE = N_("Suivre ma demande")
RECOVER_TITLE = N_("Code de suivi perdu")
Field200 = Annotated[str, Field(max_length=200)]
_NAME_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$")

# The label of each field, in the order of the page (the error summary follows it).
FIELD_LABELS = {
    "commune": N_("Commune de résidence"),
    "last_name": N_("Nom"),
    "first_name": N_("Prénom"),
    "birth_date": N_("Date de naissance"),
    "email": N_("Courriel"),
    "phone": N_("Téléphone"),
    "contact": N_("Courriel ou téléphone donné lors de l’inscription"),
    "precarity": N_("C2S ou AME"),
    "lost_doctor": N_("Médecin traitant perdu"),
    "language": N_("Langue de consultation"),
    "consent": N_("Consentement"),
}

# What happens next, for each status of a request (French sources).
NEXT_STEPS = {
    "waiting": N_(
        "Votre demande est dans la liste de la CPTS, par ordre de priorité. Quand un médecin "
        "du territoire déclare des places, la coordination la lui propose ; vous êtes prévenu "
        "par courriel ou SMS si vous avez donné un contact. Vous n’avez rien à faire d’ici là."
    ),
    "proposed": N_(
        "Votre demande a été proposée à un professionnel de santé, qui a quelques jours pour "
        "répondre. S’il accepte, son cabinet vous contacte pour un premier rendez-vous ; sinon, "
        "elle passe d’elle-même à un autre professionnel."
    ),
    "attached": N_(
        "Un professionnel a accepté. Son cabinet vous contacte pour un premier rendez-vous ; "
        "vous pourrez alors le déclarer comme médecin traitant auprès de l’Assurance maladie."
    ),
    "withdrawn": N_(
        "Cette demande est close. Pour chercher de nouveau un médecin traitant, inscrivez-vous "
        "de nouveau."
    ),
}


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


class RecoveryForm(BaseModel):
    last_name: Field200 = ""
    first_name: Field200 = ""
    birth_date: Annotated[str, Field(max_length=20)] = ""
    contact: Field200 = ""


def _errors(exc: Exception) -> tuple[str, dict[str, str]]:
    """The general message and the message of each field (an error without fields: general)."""
    if isinstance(exc, SelfRegistrationError) and exc.fields:
        return _("La demande n’a pas été enregistrée : corrigez les champs signalés."), dict(
            exc.fields
        )
    if isinstance(exc, ApiError):
        return str(exc.detail), {}
    return str(exc), {}


def _summary(errors: dict[str, str]) -> list[tuple[str, str, str]]:
    """(field, label, message) of each error, in the order of the fields on the page."""
    order = list(FIELD_LABELS)
    keys = sorted(errors, key=lambda k: order.index(k) if k in order else len(order))
    return [(k, _(FIELD_LABELS.get(k, k)), errors[k]) for k in keys]


# ------------------------------------------------------------------------ step 1: the commune


def _covered(service: RegistryService, typed: str) -> tuple[str, str] | None:
    """(commune code, its name) when a CPTS of the registry covers the commune typed."""
    communes = service.repo.all_communes()
    try:
        _tid, code = resolve_commune(exact_commune(typed), communes)
    except ValueError:
        return None
    return code, next(name for _t, c, name in communes if c == code)


def _commune_step(
    request: Request, service: RegistryService, typed: str, code: str
) -> HTMLResponse:
    """Covered: the form. Not covered: where to turn. Ambiguous or unknown: choices or error."""
    text = (code or typed).strip()
    named = _NAME_CODE.match(text)
    if named and not code:  # « Name (code) », as the suggestions write it
        code = named.group("code").strip()
    covered = _covered(service, text) if text else None
    if covered is not None:
        return _form_page(request, RegistrationForm(commune=covered[1]), None, {}, 200)
    terr = load_territory()
    found = terr.find(text, levels={"commune"}) if text else None
    place = found.only() if found is not None else None
    if place is None and code and code in terr.communes.index:
        place = next((h for h in terr.find(code, levels={"commune"}).exact if h.code == code), None)
    if place is not None:
        return _not_covered(request, terr, place.code)
    choices = [
        {"code": h.code, "name": h.name, "where": h.parent_name, "country": h.country}
        for h in (found.hits if found is not None else ())[:8]
    ]
    error = None
    if not choices:
        error = (
            _("Indiquez votre commune.")
            if not text
            else _(
                "commune « {v} » inconnue : attendu le nom d’une commune, son code postal ou son "
                "code (p. ex. « Vichy » ou 03200)"
            ).format(v=text[:60])
        )
    return render_public(
        request, "inscription_commune.j2", TITLE, 400 if text and error else 200,
        typed=typed, error=error if text else None, choices=choices,
    )  # fmt: skip


def _not_covered(request: Request, terr: Any, code: str) -> HTMLResponse:
    row = terr.communes.loc[code]
    country = str(row["country"])
    if country == "CH":
        area_code = str(row["canton"])
        canton = area_code.split(":", 1)[-1]
        area = terr.name_of(area_code)
    else:  # « Paris (75) », « Allier (03) »: the département's name and number
        area_code = str(row["departement"])
        canton = None
        area = f"{terr.name_of(area_code)} ({area_code.split(':', 1)[-1]})"
    with use_lang(request_lang(request)):
        options = [
            {
                "key": a.key,
                "title": _(a.title).format(area=area),
                "text": _(a.text).format(area=area),
                "number": a.number,
                "link": a.link,
                "link_label": _(a.link_label) if a.link_label else None,
                "source": a.source,
            }
            for a in alternatives(country, canton)
        ]
    return render_public(
        request, "inscription_hors.j2", TITLE, 200,
        commune={"code": code, "name": terr.name_of(code), "area": area, "country": country},
        options=options,
    )  # fmt: skip


# ------------------------------------------------------------------------ step 2: the form


def _form_page(
    request: Request,
    form: RegistrationForm,
    error: str | None,
    errors: dict[str, str],
    code: int,
) -> HTMLResponse:
    with use_lang(request_lang(request)):
        ctx = {
            "precarity_options": precarity_options(),
            "lost_options": lost_doctor_options(),
            "languages": language_options(),
            "flags": flag_options(),
            "summary": _summary(errors),
        }
    return render_public(
        request, "inscription.j2", TITLE, code, form=form, error=error, errors=errors, **ctx
    )


@router.get("/inscription", response_class=HTMLResponse)
def registration_page(
    request: Request,
    service: Service,
    commune: Annotated[str, Query(max_length=100)] = "",
    code: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    if not commune.strip() and not code.strip():
        return render_public(
            request, "inscription_commune.j2", TITLE, typed="", error=None, choices=[]
        )
    with use_lang(request_lang(request)):
        return _commune_step(request, service, commune, code)


@router.post("/inscription", response_class=HTMLResponse)
def registration_submit(
    request: Request,
    db: Db,
    service: Service,
    form: Annotated[RegistrationForm, Form()],
) -> HTMLResponse:
    with use_lang(request_lang(request)):
        try:
            refuse_cross_site(request)
            throttle(request, "inscription", REGISTER_LIMIT)
            typed = form.model_copy(update={"commune": exact_commune(form.commune)})
            done = register(service, public_actor(request, form_post=True), typed.to_domain(), db)
        except AlreadyRegisteredError as exc:
            return render_public(
                request, "inscription_deja.j2", TITLE, exc.http_status, message=str(exc)
            )
        except (UserError, ApiError) as exc:
            message, errors = _errors(exc)
            status_code = exc.http_status if isinstance(exc, UserError) else exc.status_code
            return _form_page(request, form, message, errors, status_code)
    return render_public(
        request, "inscription_code.j2", TITLE, 201, code=done.code, sent=done.sent,
        email=bool(form.email.strip()), follow_url=f"{request.base_url}inscription/suivi",
    )  # fmt: skip


# ------------------------------------------------------------------------ status


def _wait_text(service: RegistryService, territory_id: str | None) -> str | None:
    wait = service.typical_wait(territory_id) if territory_id else None
    if wait is None:
        return None
    return ngettext(
        "Attente habituelle sur ce territoire : environ {days} jour entre l’inscription et "
        "l’acceptation par un médecin (médiane calculée sur {n} demandes abouties des douze "
        "derniers mois, registre ProxiSanté).",
        "Attente habituelle sur ce territoire : environ {days} jours entre l’inscription et "
        "l’acceptation par un médecin (médiane calculée sur {n} demandes abouties des douze "
        "derniers mois, registre ProxiSanté).",
        wait.days,
    ).format(days=wait.days, n=wait.n)


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
            refuse_cross_site(request)
            throttle(request, "suivi", LOOKUP_LIMIT)
            found = status(service, code, birth_date, db)
        except (UserError, ApiError) as exc:
            status_code = exc.http_status if isinstance(exc, UserError) else exc.status_code
            return render_public(
                request, "inscription_suivi.j2", STATUS_TITLE, status_code,
                found=None, error=_errors(exc)[0], code=code,
            )  # fmt: skip
        label = _(found.label)
        day = format_date(found.registered_at.date())
        next_step = _(NEXT_STEPS.get(found.status, NEXT_STEPS["waiting"]))
        wait = _wait_text(service, found.territory_id) if found.status == "waiting" else None
    return render_public(
        request, "inscription_suivi.j2", STATUS_TITLE, found=found, label=label, day=day,
        next_step=next_step, wait=wait, error=None,
    )  # fmt: skip


# ------------------------------------------------------------------------ lost code


@router.get("/inscription/code-perdu", response_class=HTMLResponse)
def recovery_page(request: Request) -> HTMLResponse:
    return render_public(
        request, "inscription_code_perdu.j2", RECOVER_TITLE, form=RecoveryForm(), errors={},
        summary=[], error=None, answer=None,
    )  # fmt: skip


@router.post("/inscription/code-perdu", response_class=HTMLResponse)
def recovery_submit(
    request: Request, db: Db, service: Service, form: Annotated[RecoveryForm, Form()]
) -> HTMLResponse:
    with use_lang(request_lang(request)):
        try:
            answer = recover(service, request, CodeRecovery(**form.model_dump()), db)
        except (UserError, ApiError) as exc:
            status_code = exc.http_status if isinstance(exc, UserError) else exc.status_code
            message, errors = _errors(exc)
            if errors:
                message = _("Aucun code n’a été envoyé : corrigez les champs signalés.")
            return render_public(
                request, "inscription_code_perdu.j2", RECOVER_TITLE, status_code, form=form,
                errors=errors, summary=_summary(errors), error=message, answer=None,
            )  # fmt: skip
    return render_public(
        request, "inscription_code_perdu.j2", RECOVER_TITLE, form=RecoveryForm(), errors={},
        summary=[], error=None, answer=answer,
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
