"""JSON API of the unscheduled-care slots: search within 48 h, publish, book, release, FHIR.

Built by :func:`create_router` so that the app passes its travel-time function and, for the
write routes, its role checks. Wiring in the app factory (one line)::

    create_app(settings, extra_routers=[slots_api.create_router(
        write_dependencies=[Depends(slots_api.writer_roles)]), slots_pages.create_router()])

Routes use the app's database session (``app.state.session_factory``) and clock
(``app.state.clock``, naive UTC) through :mod:`proxisante.web.deps`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from proxisante.slots import repository as repo
from proxisante.slots._errors import (
    InvalidSlotError,
    SlotNotFoundError,
    SlotReleaseError,
    SlotsError,
    SlotUnavailableError,
)
from proxisante.slots.fhir import from_bundle, to_bundle
from proxisante.slots.model import Schedule, Slot, SlotMatch, SlotStatus, SlotType
from proxisante.slots.travel import TravelTime
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now, User, require
from proxisante.web.errors import ApiError

CommuneCode = Annotated[str, Query(pattern=r"^[0-9][0-9AB][0-9]{2,3}$", examples=["03190"])]


@lru_cache(maxsize=1)
def default_travel_time() -> TravelTime:
    """The access engine's default travel-time provider (the one the registry receives)."""
    from proxisante.access.port import bundle_provider
    from proxisante.slots.travel import provider_travel_time

    return provider_travel_time(bundle_provider())


def writer_roles(user: User) -> None:
    """Publishing and booking: coordinators, professionals and administrators."""
    require(user, "coordinator", "professional", "admin")


class ScheduleCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9._-]{1,64}$", examples=["msp-moulins"])
    provider_name: str = Field(min_length=1, max_length=200, examples=["MSP de Moulins"])
    provider_kind: str = Field(pattern="^(practitioner|organization)$")
    commune: str = Field(pattern=r"^[0-9][0-9AB][0-9]{2,3}$", examples=["03190"])
    identifier: str | None = Field(default=None, max_length=32)


class SlotCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[A-Za-z0-9._:-]{1,100}$", examples=["msp-moulins-2027-05-03T09:00"])
    schedule_id: str
    start: datetime = Field(description="avec fuseau horaire, ex. 2027-05-03T09:00:00+02:00")
    end: datetime
    slot_type: SlotType = SlotType.CONSULTATION


class PublishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schedules: list[ScheduleCreate] = []
    slots: list[SlotCreate] = Field(max_length=5000)


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


def _http(exc: SlotsError) -> ApiError:
    if isinstance(exc, SlotNotFoundError):
        return ApiError(404, str(exc))
    if isinstance(exc, SlotUnavailableError | SlotReleaseError):
        return ApiError(409, str(exc))
    return ApiError(400, str(exc))


def _aware(now: datetime) -> datetime:
    return now if now.tzinfo else now.replace(tzinfo=UTC)


def search_results(
    db: Db, now: datetime, travel_time: TravelTime, *, commune: str, **kw: Any
) -> list[SlotFound]:
    """Search and join the provider names (shared with the pages)."""
    matches: list[SlotMatch] = repo.search_nearest(
        db, from_commune=commune, now=_aware(now), travel_time=travel_time, **kw
    )
    names = {
        s.id: s.provider_name
        for s in repo.list_schedules(db, ids=sorted({m.slot.schedule_id for m in matches}))
    }
    return [
        SlotFound(
            **_public(m.slot).model_dump(),
            travel_min=m.travel_min,
            provider_name=names.get(m.slot.schedule_id, ""),
        )
        for m in matches
    ]


def create_router(
    *,
    travel_time: TravelTime | None = None,
    write_dependencies: Sequence[Any] = (),
) -> APIRouter:
    """The ``/api/v1/slots`` router; ``write_dependencies`` guard publish, book, release and
    FHIR import (e.g. ``[Depends(writer_roles)]``)."""
    router = APIRouter(prefix="/api/v1/slots", tags=["slots"], route_class=TransactionRoute)
    writes = list(write_dependencies)

    def tt() -> TravelTime:
        return travel_time or default_travel_time()

    @router.get("/search", response_model=list[SlotFound])
    def search(
        db: Db,
        now: Now,
        commune: CommuneCode,
        slot_type: Annotated[SlotType | None, Query(alias="type")] = None,
        within_h: Annotated[float, Query(gt=0, le=168)] = 48,
        max_travel_min: Annotated[float | None, Query(gt=0)] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 10,
    ) -> list[SlotFound]:
        """Nearest free slots from a patient's commune, starting within ``within_h`` hours."""
        return search_results(
            db,
            now,
            tt(),
            commune=commune,
            within_h=within_h,
            slot_type=slot_type,
            max_travel_min=max_travel_min,
            limit=limit,
        )

    @router.post("", dependencies=writes, status_code=201)
    def publish(db: Db, now: Now, body: PublishRequest) -> dict[str, int]:
        """Publish schedules and their slots (booked slots are never overwritten)."""
        schedules = [Schedule(**s.model_dump()) for s in body.schedules]
        by_schedule = {s.id: s.commune for s in schedules} | {
            s.id: s.commune
            for s in repo.list_schedules(db, ids=sorted({x.schedule_id for x in body.slots}))
        }
        problems = [
            f"slots.{i}.start : attendu une heure avec fuseau (ex. 2027-05-03T09:00:00+02:00)"
            for i, s in enumerate(body.slots)
            if s.start.tzinfo is None or s.end.tzinfo is None
        ]
        if problems:
            raise _http(InvalidSlotError("publication", problems))
        slots = [
            Slot(
                id=s.id,
                schedule_id=s.schedule_id,
                commune=by_schedule.get(s.schedule_id, ""),
                start=s.start.astimezone(UTC),
                end=s.end.astimezone(UTC),
                slot_type=s.slot_type,
            )
            for s in body.slots
        ]
        try:
            written = repo.publish(db, schedules=schedules, slots=slots, now=_aware(now))
        except SlotsError as exc:
            db.rollback()
            raise _http(exc) from exc
        db.commit()
        return {"schedules": len(schedules), "slots": written}

    @router.get("/fhir")
    def export_fhir(
        db: Db,
        now: Now,
        within_h: Annotated[float, Query(gt=0, le=24 * 31)] = 48,
    ) -> JSONResponse:
        """Slots of the next ``within_h`` hours as a FHIR R4 searchset Bundle."""
        start = _aware(now)
        slots = repo.list_slots(db, start=start, end=start + timedelta(hours=within_h))
        schedules = repo.list_schedules(db, ids=sorted({s.schedule_id for s in slots}))
        return JSONResponse(to_bundle(schedules, slots), media_type="application/fhir+json")

    @router.post("/fhir", dependencies=writes, status_code=201)
    def import_fhir(db: Db, now: Now, bundle: Annotated[dict[str, Any], Body()]) -> dict[str, int]:
        """Import a FHIR R4 Bundle of Schedule and Slot resources."""
        try:
            schedules, slots = from_bundle(bundle, source="bundle FHIR")
            written = repo.publish(db, schedules=schedules, slots=slots, now=_aware(now))
        except SlotsError as exc:
            db.rollback()
            raise _http(exc) from exc
        db.commit()
        return {"schedules": len(schedules), "slots": written}

    @router.get("/{slot_id}", response_model=SlotPublic)
    def get_one(db: Db, slot_id: str) -> SlotPublic:
        try:
            return _public(repo.get_slot(db, slot_id=slot_id))
        except SlotsError as exc:
            raise _http(exc) from exc

    @router.post("/{slot_id}/book", response_model=SlotPublic, dependencies=writes)
    def book(db: Db, now: Now, slot_id: str, body: BookingRequest) -> SlotPublic:
        """Book a free slot; 409 when it was booked first by someone else."""
        try:
            slot = repo.book_slot(db, slot_id=slot_id, booking_ref=body.booking_ref, now=now)
        except SlotsError as exc:
            db.rollback()
            raise _http(exc) from exc
        db.commit()
        return _public(slot)

    @router.post("/{slot_id}/release", response_model=SlotPublic, dependencies=writes)
    def release(db: Db, slot_id: str, body: BookingRequest) -> SlotPublic:
        """Free a booked slot (with the reference used to book it)."""
        try:
            slot = repo.release_slot(db, slot_id=slot_id, booking_ref=body.booking_ref)
        except SlotsError as exc:
            db.rollback()
            raise _http(exc) from exc
        db.commit()
        return _public(slot)

    return router
