"""JSON API of the unscheduled-care slots: search within 48 h, publish, book, release, FHIR.

Every route needs a signed-in user and calls :class:`proxisante.slots.service.SlotService`,
which checks the caller's role and territory and writes the audit rows; a route only turns
JSON into values and errors into HTTP answers. Built by the app factory (``router``).

The known communes and the travel times come from ``app.state.slots_geography`` when set (tests),
else from the embedded bundle's communes and the app's one travel-time provider.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from proxisante.actor import Actor
from proxisante.bootstrap.services import slot_service
from proxisante.slots._errors import SlotsError
from proxisante.slots.fhir import to_bundle
from proxisante.slots.model import FoundSlot, Schedule, Slot, SlotDraft, SlotStatus, SlotType
from proxisante.slots.ports import SlotGeography
from proxisante.slots.service import SearchQuery, SlotService
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Principal, User, get_provider
from proxisante.web.errors import ApiError

CommuneCode = Annotated[str, Query(pattern=r"^[0-9][0-9AB][0-9]{2,3}$", examples=["03190"])]
SlotId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:-]{1,100}$")]


def get_geography(request: Request) -> SlotGeography:
    """The communes of the embedded bundle and the app's one travel-time provider (the one
    the registry and the public pages receive: one trip, one figure), made once per app."""
    from proxisante.territory import load_territory

    geo: SlotGeography | None = getattr(request.app.state, "slots_geography", None)
    if geo is None:
        communes = frozenset(str(c) for c in load_territory().communes.index)
        geo = SlotGeography(communes, get_provider(request))
        request.app.state.slots_geography = geo
    return geo


def service_for(request: Request, db: Session) -> SlotService:
    """The slot service on this request's session and the app's clock."""
    return slot_service(db, clock=request.app.state.clock)


def actor_of(user: Principal) -> Actor:
    return Actor(user.user_id, user.role, user.territory_id, user.professional_id)


Geography = Annotated[SlotGeography, Depends(get_geography)]


class ScheduleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$", examples=["msp-moulins"])
    provider_name: str = Field(
        min_length=1, max_length=200, pattern=r"^[^\x00-\x1f]+$", examples=["MSP de Moulins"]
    )
    provider_kind: str = Field(pattern="^(practitioner|organization)$")
    commune: str = Field(pattern=r"^[0-9][0-9AB][0-9]{2,3}$", examples=["03190"])
    identifier: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9._-]{1,32}$",
        description="RPPS (practitioner, 11 digits) or FINESS (organization) number",
    )
    address_line: str | None = Field(default=None, max_length=200, examples=["2 rue de Paris"])
    postal_code: str | None = Field(default=None, pattern=r"^[0-9]{4,5}$", examples=["03200"])
    city: str | None = Field(default=None, max_length=100, examples=["Vichy"])
    specialty: str | None = Field(
        default=None, pattern=r"^SM[0-9]{2}$", description="TRE-R38 code, e.g. SM54"
    )
    organization: str | None = Field(
        default=None,
        pattern=r"^(?:[0-9]{2}|2A|2B)[0-9]{7}$",
        description="FINESS number of the practitioner's organisation",
    )
    professional_id: int | None = Field(
        default=None,
        ge=1,
        le=2**31 - 1,
        description="le professionnel propriétaire (coordination seulement ; sinon l'agenda "
        "est celui de la coordination, ou le vôtre si vous êtes professionnel)",
    )


class SlotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9._:-]{1,100}$", examples=["msp-moulins-2027-05-03T09:00"])
    schedule_id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$")
    start: datetime = Field(description="avec fuseau horaire, ex. 2027-05-03T09:00:00+02:00")
    end: datetime
    slot_type: SlotType = SlotType.CONSULTATION


class PublishRequest(BaseModel):
    """At most 100 schedules and 5 000 slots per request (a French 422 names the cap)."""

    model_config = ConfigDict(extra="forbid")
    schedules: list[ScheduleCreate] = []
    slots: list[SlotCreate] = []


class BookingRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    booking_ref: str = Field(
        pattern=r"^[A-Za-z0-9._:-]{1,64}$",
        description="référence opaque (n° de dossier de régulation), jamais un nom",
        examples=["SAS03-2027-000123"],
    )


class SlotPublic(BaseModel):
    id: str
    schedule_id: str
    commune: str
    start: datetime
    end: datetime
    slot_type: SlotType
    status: SlotStatus


class SlotFound(SlotPublic):
    travel_min: float
    provider_name: str


def _public(s: Slot) -> SlotPublic:
    return SlotPublic(
        id=s.id,
        schedule_id=s.schedule_id,
        commune=s.commune,
        start=s.start,
        end=s.end,
        slot_type=s.slot_type,
        status=s.status,
    )


def _found(f: FoundSlot) -> SlotFound:
    return SlotFound(
        **_public(f.slot).model_dump(), travel_min=f.travel_min, provider_name=f.provider_name
    )


def http_error(exc: SlotsError) -> ApiError:
    return ApiError(exc.http_status, str(exc))


def create_router() -> APIRouter:
    """The ``/api/v1/slots`` router (every route needs a signed-in user)."""
    router = APIRouter(prefix="/api/v1/slots", tags=["slots"], route_class=TransactionRoute)
    _add_collection_routes(router)
    _add_fhir_routes(router)
    _add_slot_routes(router)  # after the fixed paths: "/{slot_id}" would shadow "/fhir"
    return router


def _add_collection_routes(router: APIRouter) -> None:
    """Search and publish."""

    @router.get("/search", response_model=list[SlotFound])
    def search(
        request: Request,
        db: Db,
        user: User,
        geo: Geography,
        commune: CommuneCode,
        slot_type: Annotated[SlotType | None, Query(alias="type")] = None,
        within_h: Annotated[float, Query(gt=0, le=168)] = 48,
        max_travel_min: Annotated[float | None, Query(gt=0, le=1440)] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> list[SlotFound]:
        """Nearest free slots of your territory from a patient's commune, starting within
        ``within_h`` hours (administrators: every territory)."""
        query = SearchQuery(commune, within_h, slot_type, max_travel_min, limit)
        try:
            found = service_for(request, db).search(actor_of(user), query, geo)
        except SlotsError as exc:
            raise http_error(exc) from exc
        return [_found(f) for f in found]

    @router.post("", status_code=201)
    def publish(request: Request, db: Db, user: User, body: PublishRequest) -> dict[str, int]:
        """Publish or change your schedules and their slots (booked slots are never
        overwritten; a slot never moves to another schedule)."""
        schedules = [Schedule(**s.model_dump()) for s in body.schedules]
        drafts = [SlotDraft(**s.model_dump()) for s in body.slots]
        try:
            done = service_for(request, db).publish(actor_of(user), schedules, drafts)
        except SlotsError as exc:
            db.rollback()
            raise http_error(exc) from exc
        db.commit()
        return {"schedules": done.schedules, "slots": done.slots}


def _add_fhir_routes(router: APIRouter) -> None:
    """FHIR export (plain and SAS profile) and import."""

    @router.get("/fhir")
    def export_fhir(
        request: Request,
        db: Db,
        user: User,
        within_h: Annotated[float, Query(gt=0, le=24 * 31)] = 48,
    ) -> JSONResponse:
        """Slots of your territory in the next ``within_h`` hours as a FHIR R4 Bundle."""
        try:
            schedules, slots = service_for(request, db).export(actor_of(user), within_h)
        except SlotsError as exc:
            raise http_error(exc) from exc
        return JSONResponse(to_bundle(schedules, slots), media_type="application/fhir+json")

    @router.get("/fhir-sas")
    def export_fhir_sas(
        request: Request,
        db: Db,
        user: User,
        within_h: Annotated[float, Query(gt=0, le=24 * 31)] = 48,
        case: Annotated[str, Query(pattern="^(indiv|cpts)$")] = "indiv",
        cpts_finess: Annotated[str | None, Query(pattern=r"^(?:[0-9]{2}|2A|2B)[0-9]{7}$")] = None,
        cpts_name: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
    ) -> JSONResponse:
        """Free slots of your territory in the next ``within_h`` hours as a bundle of the ANS
        SAS guide 1.2.0 (``case`` indiv or cpts; the CPTS case names the CPTS by its FINESS
        number and name). The ``X-Sas-Omitted`` header counts what the guide cannot carry."""
        from proxisante.errors import UserError
        from proxisante.slots.sas_export import Cpts, to_sas_bundle

        try:
            schedules, slots = service_for(request, db).export(actor_of(user), within_h)
            cpts = Cpts(cpts_finess or "", cpts_name or "") if case == "cpts" else None
            done = to_sas_bundle(
                schedules,
                slots,
                case=case,
                base_url=str(request.url.replace(query="")).rsplit("/", 1)[0] + "/fhir",
                cpts=cpts,
            )
        except SlotsError as exc:
            raise http_error(exc) from exc
        except UserError as exc:
            raise ApiError(exc.http_status, str(exc)) from exc
        return JSONResponse(
            done.bundle,
            media_type="application/fhir+json",
            headers={"X-Sas-Omitted": str(len(done.omitted))},
        )

    @router.post("/fhir", status_code=201)
    def import_fhir(
        request: Request, db: Db, user: User, bundle: Annotated[dict[str, Any], Body()]
    ) -> dict[str, int]:
        """Import a FHIR R4 Bundle of Schedule and Slot resources (as a publication)."""
        try:
            done = service_for(request, db).import_bundle(
                actor_of(user), bundle, source="bundle FHIR"
            )
        except SlotsError as exc:
            db.rollback()
            raise http_error(exc) from exc
        db.commit()
        return {"schedules": done.schedules, "slots": done.slots}


def _add_slot_routes(router: APIRouter) -> None:
    """One slot: read, book, release."""

    @router.get("/{slot_id}", response_model=SlotPublic)
    def get_one(
        request: Request,
        db: Db,
        user: User,
        slot_id: SlotId,
        territory: Annotated[
            str | None,
            Query(
                max_length=64,
                description="territoire du créneau, pour l'administration quand plusieurs "
                "territoires utilisent cet identifiant (les identifiants sont propres à chaque "
                "territoire)",
            ),
        ] = None,
    ) -> SlotPublic:
        try:
            return _public(service_for(request, db).get(actor_of(user), slot_id, territory))
        except SlotsError as exc:
            raise http_error(exc) from exc

    @router.post("/{slot_id}/book", response_model=SlotPublic)
    def book(
        request: Request, db: Db, user: User, slot_id: SlotId, body: BookingRequest
    ) -> SlotPublic:
        """Book a free slot of your territory (regulation, coordination); 409 when it was
        booked first by someone else."""
        try:
            slot = service_for(request, db).book(actor_of(user), slot_id, body.booking_ref)
        except SlotsError as exc:
            db.rollback()
            raise http_error(exc) from exc
        db.commit()
        return _public(slot)

    @router.post("/{slot_id}/release", response_model=SlotPublic)
    def release(
        request: Request, db: Db, user: User, slot_id: SlotId, body: BookingRequest
    ) -> SlotPublic:
        """Free a booked slot (with the reference used to book it)."""
        try:
            slot = service_for(request, db).release(actor_of(user), slot_id, body.booking_ref)
        except SlotsError as exc:
            db.rollback()
            raise http_error(exc) from exc
        db.commit()
        return _public(slot)


router = create_router()
