"""JSON API of the published on-call rota: publish, read, unavailability, swaps, calendar feed.

Every route but the feed needs a signed-in user and calls
:class:`proxisante.rota.service.RotaService`, which checks the caller's role and territory and
writes the audit rows; a route only turns JSON into values and answers the typed,
English-keyed models of :mod:`proxisante.rota.schemas` (its ``response_model``). Errors are the
service's :class:`~proxisante.errors.UserError` subclasses, answered by the app's handler (404
for another territory's rota or an unknown shift, 409 for a swap that breaks a hard rule,
naming it, or that raises the sector's spread above the warning threshold without
``confirm``, 422 for a published rota that breaks one). The feed ``GET /rota/feed/{token}.ics``
is public: the secret token is the key (revocable). The pages (:mod:`proxisante.web.pages.rota`)
import the helpers here; this module imports no page.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from pydantic import AliasChoices, BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from proxisante.actor import Actor
from proxisante.bootstrap.services import rota_service
from proxisante.rota.model import Assignment
from proxisante.rota.schemas import (
    FeedOut,
    RotaOut,
    RotaSummaryOut,
    SwapOut,
    SwapOutcomeOut,
    SwapPreviewOut,
    UnavailabilityOut,
)
from proxisante.rota.service import RotaService
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Principal, User

Ident = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:/-]{1,120}$")]
DoctorId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
TerritoryId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
RotaId = Annotated[int, Path(ge=1, le=2**31 - 1)]
SwapId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def service_for(request: Request, db: Session) -> RotaService:
    return rota_service(db, clock=request.app.state.clock)


def base_url(request: Request) -> str:
    """The site's address, for the links of the e-mails (``http://host``, no final slash)."""
    return str(request.base_url).rstrip("/")


def actor_of(user: Principal) -> Actor:
    return Actor(user.user_id, user.role, user.territory_id, user.professional_id)


class AssignmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shift_id: Ident
    doctor_id: DoctorId


class PublishRequest(BaseModel):
    """The YAML description (as ``proxisante rota solve`` reads it) and, optionally, the
    assignments of a rota solved elsewhere (else it is solved here); ``doctors`` (formerly
    ``medecins``) links a doctor of the description to a professional account; with
    ``link_by_name`` the others are linked to the professional bearing their exact name."""

    model_config = ConfigDict(extra="forbid")
    description: str = Field(min_length=1, max_length=500_000)
    label: str = Field(default="", max_length=200, pattern=r"^[^\x00-\x1f]*$")
    assignments: list[AssignmentIn] | None = Field(default=None, max_length=20_000)
    doctors: dict[DoctorId, Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default={}, validation_alias=AliasChoices("doctors", "medecins")
    )
    link_by_name: bool = False
    time_limit_s: float = Field(default=30.0, gt=0, le=120)


class UnavailabilityRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: date
    end: date
    doctor_id: DoctorId | None = None


class SwapRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shift_id: Ident
    to_doctor: DoctorId
    in_return: Ident | None = None
    from_doctor: DoctorId | None = Field(default=None, description="coordination seulement")
    confirm: bool = Field(
        default=False,
        description="envoyer malgré l'alerte d'équité (voir POST …/swaps/preview)",
    )


class AnswerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    by: DoctorId | None = Field(default=None, description="coordination seulement")


class FeedRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    doctor_id: DoctorId | None = None


def feed_url(request: Request, token: str) -> str:
    return str(request.url_for("rota_feed", token=token))


def create_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1/rota", tags=["rota"], route_class=TransactionRoute)

    @router.get("")
    def list_rotas(request: Request, db: Db, user: User) -> list[RotaSummaryOut]:
        """The rotas of your territory (administrators: every one)."""
        found = service_for(request, db).rotas(actor_of(user))
        return [RotaSummaryOut.of(r) for r in found]

    @router.post("/territories/{territory_id}", status_code=201)
    def publish(
        request: Request, db: Db, user: User, territory_id: TerritoryId, body: PublishRequest
    ) -> RotaOut:
        """Publish a solved rota for your territory (coordination)."""
        given = (
            None
            if body.assignments is None
            else [Assignment(a.shift_id, a.doctor_id) for a in body.assignments]
        )
        service = service_for(request, db)
        rota_id = service.publish(
            actor_of(user),
            territory_id,
            body.description,
            assignments=given,
            doctors=body.doctors,
            label=body.label,
            time_limit_s=body.time_limit_s,
            link_by_name=body.link_by_name,
        )
        db.commit()
        return RotaOut.of(service.view(actor_of(user), rota_id))

    @router.get("/{rota_id}")
    def get_rota(request: Request, db: Db, user: User, rota_id: RotaId) -> RotaOut:
        """The whole rota, its holders and the fairness of each sector."""
        return RotaOut.of(service_for(request, db).view(actor_of(user), rota_id))

    @router.get("/{rota_id}/me")
    def my_shifts(request: Request, db: Db, user: User, rota_id: RotaId) -> RotaOut:
        """Your shifts on this rota."""
        view = service_for(request, db).view(actor_of(user), rota_id)
        return RotaOut.of(view, mine_only=True)

    @router.post("/{rota_id}/unavailability", status_code=201)
    def unavailable(
        request: Request, db: Db, user: User, rota_id: RotaId, body: UnavailabilityRequest
    ) -> UnavailabilityOut:
        """Declare days you cannot be on call (from today to the day after the rota's last
        day); answers the shifts you hold then (to swap)."""
        clashes = service_for(request, db).declare_unavailable(
            actor_of(user), rota_id, body.start, body.end, doctor=body.doctor_id
        )
        db.commit()
        return UnavailabilityOut(shifts_to_swap=[s.id for s in clashes])

    _add_swap_routes(router)
    _add_feed_routes(router)
    return router


def _add_swap_routes(router: APIRouter) -> None:
    """The swaps of a rota: list, preview, propose, accept, refuse."""

    @router.get("/{rota_id}/swaps")
    def list_swaps(request: Request, db: Db, user: User, rota_id: RotaId) -> list[SwapOut]:
        return [SwapOut.of(s) for s in service_for(request, db).swaps(actor_of(user), rota_id)]

    @router.post("/{rota_id}/swaps/preview")
    def preview(
        request: Request, db: Db, user: User, rota_id: RotaId, body: SwapRequest
    ) -> SwapPreviewOut:
        """What a swap would do to its sector's fairness, before it is sent (nothing stored);
        refused like the swap itself (404, 409 naming the rule)."""
        plan = service_for(request, db).preview(
            actor_of(user),
            rota_id,
            shift_id=body.shift_id,
            to_doctor=body.to_doctor,
            in_return=body.in_return,
            from_doctor=body.from_doctor,
        )
        return SwapPreviewOut.of(plan)

    @router.post("/{rota_id}/swaps", status_code=201)
    def propose(
        request: Request, db: Db, user: User, rota_id: RotaId, body: SwapRequest
    ) -> SwapOutcomeOut:
        """Propose a swap; refused (409, the rule named) when it would break a hard rule, or
        when it raises the sector's load spread above the warning threshold without
        ``confirm``; the colleague is told (page badge, and e-mail when the rota has it)."""
        done = service_for(request, db).propose(
            actor_of(user),
            rota_id,
            shift_id=body.shift_id,
            to_doctor=body.to_doctor,
            in_return=body.in_return,
            from_doctor=body.from_doctor,
            confirm=body.confirm,
            base_url=base_url(request),
        )
        db.commit()
        return SwapOutcomeOut.of(done)

    @router.post("/{rota_id}/swaps/{swap_id}/accept")
    def accept(
        request: Request,
        db: Db,
        user: User,
        rota_id: RotaId,
        swap_id: SwapId,
        body: AnswerRequest | None = None,
    ) -> SwapOutcomeOut:
        """Accept a swap proposed to you (the hard rules are checked again)."""
        done = service_for(request, db).accept(
            actor_of(user),
            rota_id,
            swap_id,
            by=body.by if body else None,
            base_url=base_url(request),
        )
        db.commit()
        return SwapOutcomeOut.of(done)

    @router.post("/{rota_id}/swaps/{swap_id}/refuse")
    def refuse(
        request: Request,
        db: Db,
        user: User,
        rota_id: RotaId,
        swap_id: SwapId,
        body: AnswerRequest | None = None,
    ) -> SwapOut:
        done = service_for(request, db).refuse(
            actor_of(user),
            rota_id,
            swap_id,
            by=body.by if body else None,
            base_url=base_url(request),
        )
        db.commit()
        return SwapOut.of(done)


def _add_feed_routes(router: APIRouter) -> None:
    """A doctor's calendar subscription: a new secret URL, or revoked."""

    @router.post("/{rota_id}/feed", status_code=201)
    def renew_feed(
        request: Request, db: Db, user: User, rota_id: RotaId, body: FeedRequest | None = None
    ) -> FeedOut:
        """A new secret calendar URL (the previous one stops working)."""
        token = service_for(request, db).renew_feed(
            actor_of(user), rota_id, doctor=body.doctor_id if body else None
        )
        db.commit()
        return FeedOut(url=feed_url(request, token))

    @router.delete("/{rota_id}/feed", status_code=204)
    def revoke_feed(
        request: Request, db: Db, user: User, rota_id: RotaId, doctor_id: str | None = None
    ) -> Response:
        service_for(request, db).revoke_feed(actor_of(user), rota_id, doctor=doctor_id)
        db.commit()
        return Response(status_code=204)


def create_feed_router() -> APIRouter:
    router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

    @router.get("/rota/feed/{token}.ics", name="rota_feed")
    def feed(
        request: Request, db: Db, token: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{20,100}$")]
    ) -> Response:
        data = service_for(request, db).feed(token)
        return Response(data, media_type="text/calendar; charset=utf-8")

    return router


router = create_router()
feed_router = create_feed_router()
