"""Self-registration, public (no login): ``POST /api/v1/inscriptions`` registers a request and
answers its tracking code once; ``POST /api/v1/inscriptions/suivi`` answers the status for a code
and a birth date (POST: the code never appears in an address or an access log).

``POST /api/v1/inscriptions/code-perdu`` sends a new code to the contact of the request (names,
birth date and that contact typed): the answer is the same whether a request was found or not.

Abuse limits per client address, with the login throttle's machinery (counted in the database,
before the work): 6 registrations an hour (then the address waits an hour), 10 lookups in 15
minutes (then locked, longer at each repeat; a lookup that finds a request does not give its
attempt back, so guesses between good lookups still count), 5 code recoveries an hour. Forms
posted from another site's page are refused (:func:`~proxisante.web.security.cross_site_form`). A
helper (*aidant*) logged in registers with their account (``registered_by``); anyone may also
tick ``on_behalf`` (channel "helper").
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Request
from pydantic import Field

from proxisante.accounts.policy import Limit
from proxisante.actor import Actor
from proxisante.i18n import N_, _, ngettext
from proxisante.registry.selfreg import CodeRecovery, Registered, RequestStatus, SelfRegistration
from proxisante.registry.service import PUBLIC
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._service import Service
from proxisante.web.api.schemas import RequestModel
from proxisante.web.deps import Db, get_tokens, optional_principal
from proxisante.web.errors import ApiError
from proxisante.web.public.search import exact_commune
from proxisante.web.security import CSRF_HEADER, client_address, refuse_cross_site

router = APIRouter(prefix="/api/v1", tags=["inscriptions"], route_class=TransactionRoute)

REGISTER_LIMIT = Limit(max_failures=6, window=timedelta(hours=1), lock=timedelta(hours=1))
LOOKUP_LIMIT = Limit(
    max_failures=10, window=timedelta(minutes=15), lock=timedelta(minutes=15), escalate=True
)
RECOVER_LIMIT = Limit(max_failures=5, window=timedelta(hours=1), lock=timedelta(hours=1))

Short = Annotated[str, Field(max_length=200)]


class SelfRegistrationIn(RequestModel):
    commune: Short = Field(examples=["Vichy"], description="nom de la commune (ou code INSEE)")
    last_name: Short
    first_name: Short
    birth_date: Annotated[str, Field(max_length=20, examples=["14/07/1956"])]
    consent: bool = False
    phone: Short = ""
    email: Short = ""
    ald: bool = False
    pregnant: bool = False
    precarity: Annotated[str, Field(max_length=20)] = "none"
    lost_doctor: Annotated[str, Field(max_length=20)] = "none"
    disability: bool = False
    reduced_mobility: bool = False
    language: Annotated[str, Field(max_length=10)] = ""
    on_behalf: bool = False


class RegisteredOut(RequestModel):
    code: str
    status: str
    label: str
    level: str
    sent: bool = False  # the code was also sent to the e-mail address (else the phone) given


class RecoveryIn(RequestModel):
    last_name: Short
    first_name: Short
    birth_date: Annotated[str, Field(max_length=20, examples=["14/07/1956"])]
    contact: Short = Field(description="courriel ou téléphone donné lors de l'inscription")


class RecoveryOut(RequestModel):
    message: str


class StatusIn(RequestModel):
    code: Annotated[str, Field(max_length=40)]
    birth_date: Annotated[str, Field(max_length=20)]


class StatusOut(RequestModel):
    status: str
    label: str
    registered_at: datetime
    level: str
    # attached: doctor_found (a médecin traitant), team_follow_up (IPA / Asalée), professional_found
    outcome: str | None = None


def throttle(request: Request, kind: str, limit: Limit) -> None:
    """Count one attempt for the client address; 429 when the address is locked."""
    now = request.app.state.clock()
    key = f"{kind}:{(client_address(request) or 'inconnue')[:100]}"
    until = request.app.state.accounts.reserve_attempt([(key, limit)], now)
    if until is not None:
        minutes = max(1, -(-int((until - now).total_seconds()) // 60))
        raise ApiError(
            429,
            ngettext(
                "Trop de demandes depuis cette adresse : réessayez dans {minutes} minute "
                "(limite contre les abus ; la CPTS peut aussi vous inscrire par téléphone).",
                "Trop de demandes depuis cette adresse : réessayez dans {minutes} minutes "
                "(limite contre les abus ; la CPTS peut aussi vous inscrire par téléphone).",
                minutes,
            ).format(minutes=minutes),
        )


def public_actor(request: Request, *, form_post: bool) -> Actor:
    """A logged-in helper acts with their account; anyone else is the public.

    The session cookie is ``SameSite=Strict`` (another site's form cannot send it); an API call
    authenticated by the cookie must also carry the CSRF header, as everywhere in the API.
    """
    p = optional_principal(request)
    if p is None or p.role != "helper":
        return PUBLIC
    if (
        not form_post
        and p.via_cookie
        and not get_tokens(request).check_csrf(p.token, request.headers.get(CSRF_HEADER))
    ):
        return PUBLIC
    return Actor(user_id=p.user_id, role="helper", territory_id=p.territory_id)


def register(service: Service, actor: Actor, form: SelfRegistration, db: Db) -> Registered:
    done = service.self_register(actor, form)
    db.commit()
    return done


def status(service: Service, code: str, birth_date: str, db: Db) -> RequestStatus:
    found = service.request_status(PUBLIC, code, birth_date)
    db.commit()
    return found


@router.post("/inscriptions", response_model=RegisteredOut, status_code=201)
def self_register(
    body: SelfRegistrationIn, request: Request, db: Db, service: Service
) -> RegisteredOut:
    """Register a request (consent required). The tracking code is answered once only (and
    sent to the e-mail address, else the phone, given). 409 when a request is already open for
    the same person (names, birth date, commune)."""
    refuse_cross_site(request)
    throttle(request, "inscription", REGISTER_LIMIT)
    done = register(
        service,
        public_actor(request, form_post=False),
        SelfRegistration(**(body.model_dump() | {"commune": exact_commune(body.commune)})),
        db,
    )
    return RegisteredOut(
        code=done.code, status="waiting", label=_("en attente"), level=done.level, sent=done.sent
    )


@router.post("/inscriptions/suivi", response_model=StatusOut)
def request_status(body: StatusIn, request: Request, db: Db, service: Service) -> StatusOut:
    """Status of a request, for its tracking code and birth date (404 if either is wrong)."""
    throttle(request, "suivi", LOOKUP_LIMIT)
    found = status(service, body.code, body.birth_date, db)
    return StatusOut(
        status=found.status,
        label=_(found.label),
        registered_at=found.registered_at,
        level=found.level,
        outcome=found.outcome,
    )


RECOVERY_ANSWER = N_(
    "Si une demande correspond à ces informations, un nouveau code de suivi vient d'être envoyé "
    "au courriel ou au téléphone donné lors de l'inscription ; l'ancien code ne fonctionne plus. "
    "Rien n'arrive ? Vérifiez l'orthographe et le contact, ou appelez la CPTS."
)


def recover(service: Service, request: Request, form: CodeRecovery, db: Db) -> str:
    """Throttle (every attempt counts: the answer never says whether a request was found),
    then send a new code if one matches; the answer, the same either way."""
    refuse_cross_site(request)
    throttle(request, "code-perdu", RECOVER_LIMIT)
    service.recover_code(PUBLIC, form)
    db.commit()
    return _(RECOVERY_ANSWER)


@router.post("/inscriptions/code-perdu", response_model=RecoveryOut)
def recover_code(body: RecoveryIn, request: Request, db: Db, service: Service) -> RecoveryOut:
    """A new tracking code, sent to the registered contact of the request with these names,
    birth date and contact; the same answer whether a request was found or not."""
    return RecoveryOut(message=recover(service, request, CodeRecovery(**body.model_dump()), db))
