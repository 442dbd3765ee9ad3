"""Database access for the slots: small keyword-only functions that routes and commands call.

Functions do not commit; the caller owns the transaction. Booking is one conditional
``UPDATE … WHERE status = 'free'``: under concurrency exactly one booking of a slot succeeds
(PostgreSQL re-checks the condition after the row lock; SQLite serialises writers).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from proxisante.slots._errors import (
    InvalidSlotError,
    SlotNotFoundError,
    SlotReleaseError,
    SlotUnavailableError,
)
from proxisante.slots.model import Schedule, Slot, SlotMatch, SlotStatus, SlotType
from proxisante.slots.search import DEFAULT_WITHIN_H, find_nearest_free_slots
from proxisante.slots.travel import TravelTime
from proxisante.store.slots_models import SlotRow, SlotScheduleRow


def _naive_utc(t: datetime) -> datetime:
    if t.tzinfo is None:
        return t
    return t.astimezone(UTC).replace(tzinfo=None)


def _aware(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC)


def _slot(row: SlotRow) -> Slot:
    return Slot(
        id=row.id,
        schedule_id=row.schedule_id,
        commune=row.commune,
        start=_aware(row.start_at),
        end=_aware(row.end_at),
        slot_type=SlotType(row.slot_type),
        status=SlotStatus(row.status),
        booking_ref=row.booking_ref,
    )


def _schedule(row: SlotScheduleRow) -> Schedule:
    return Schedule(
        id=row.id,
        provider_name=row.provider_name,
        provider_kind=row.provider_kind,
        commune=row.commune,
        identifier=row.identifier,
    )


def publish(
    session: Session,
    *,
    schedules: Sequence[Schedule],
    slots: Sequence[Slot],
    now: datetime,
) -> int:
    """Add or update schedules and add slots; already known slots are updated unless booked.

    Returns the number of slots written. Raises :class:`InvalidSlotError` (nothing written)
    when a slot names an unknown schedule or ends before it starts.
    """
    known = {s.id for s in schedules} | set(
        session.scalars(
            select(SlotScheduleRow.id).where(SlotScheduleRow.id.in_({s.schedule_id for s in slots}))
        )
    )
    problems = [
        f"créneau {s.id} : agenda {s.schedule_id!r} inconnu"
        for s in slots
        if s.schedule_id not in known
    ] + [f"créneau {s.id} : la fin précède le début" for s in slots if s.end <= s.start]
    if problems:
        raise InvalidSlotError("publication", problems)
    for sc in schedules:
        row = session.get(SlotScheduleRow, sc.id)
        if row is None:
            row = SlotScheduleRow(id=sc.id, created_at=_naive_utc(now))
            session.add(row)
        row.provider_name = sc.provider_name
        row.provider_kind = sc.provider_kind
        row.commune = sc.commune
        row.identifier = sc.identifier
    session.flush()
    written = 0
    for s in slots:
        slot_row = session.get(SlotRow, s.id)
        if slot_row is not None and slot_row.status == SlotStatus.BUSY.value:
            continue  # never overwrite a booking from a feed
        if slot_row is None:
            slot_row = SlotRow(id=s.id)
            session.add(slot_row)
        slot_row.schedule_id = s.schedule_id
        slot_row.commune = s.commune
        slot_row.start_at = _naive_utc(s.start)
        slot_row.end_at = _naive_utc(s.end)
        slot_row.slot_type = s.slot_type.value
        slot_row.status = s.status.value
        slot_row.booking_ref = None
        written += 1
    session.flush()
    return written


def get_slot(session: Session, *, slot_id: str) -> Slot:
    row = session.get(SlotRow, slot_id)
    if row is None:
        raise SlotNotFoundError(slot_id)
    return _slot(row)


def list_slots(
    session: Session,
    *,
    start: datetime,
    end: datetime,
    status: SlotStatus | None = None,
    slot_type: SlotType | None = None,
) -> list[Slot]:
    """Slots starting in ``[start, end]``, in time order."""
    q = select(SlotRow).where(
        SlotRow.start_at >= _naive_utc(start), SlotRow.start_at <= _naive_utc(end)
    )
    if status is not None:
        q = q.where(SlotRow.status == status.value)
    if slot_type is not None:
        q = q.where(SlotRow.slot_type == slot_type.value)
    return [_slot(r) for r in session.scalars(q.order_by(SlotRow.start_at, SlotRow.id))]


def list_schedules(session: Session, *, ids: Sequence[str] | None = None) -> list[Schedule]:
    q = select(SlotScheduleRow).order_by(SlotScheduleRow.id)
    if ids is not None:
        q = q.where(SlotScheduleRow.id.in_(ids))
    return [_schedule(r) for r in session.scalars(q)]


def search_nearest(
    session: Session,
    *,
    from_commune: str,
    now: datetime,
    travel_time: TravelTime,
    within_h: float = DEFAULT_WITHIN_H,
    slot_type: SlotType | None = None,
    max_travel_min: float | None = None,
    limit: int = 10,
) -> list[SlotMatch]:
    """The nearest free slots within ``within_h`` hours of ``now``."""
    now = _aware(_naive_utc(now))
    free = list_slots(
        session,
        start=now,
        end=now + timedelta(hours=within_h),
        status=SlotStatus.FREE,
        slot_type=slot_type,
    )
    return find_nearest_free_slots(
        free,
        from_commune=from_commune,
        now=now,
        travel_time=travel_time,
        within_h=within_h,
        slot_type=slot_type,
        max_travel_min=max_travel_min,
        limit=limit,
    )


def book_slot(session: Session, *, slot_id: str, booking_ref: str, now: datetime) -> Slot:
    """Book a free slot that has not started, in one conditional UPDATE.

    Raises :class:`SlotUnavailableError` when someone else booked it first (or it started),
    :class:`SlotNotFoundError` when it does not exist.
    """
    at = _naive_utc(now)
    result = session.execute(
        update(SlotRow)
        .where(SlotRow.id == slot_id, SlotRow.status == "free", SlotRow.start_at > at)
        .values(status="busy", booking_ref=booking_ref, booked_at=at)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        row = session.get(SlotRow, slot_id)
        if row is None:
            raise SlotNotFoundError(slot_id)
        reason = "déjà réservé" if row.status == "busy" else "déjà commencé"
        raise SlotUnavailableError(slot_id, reason)
    session.expire_all()
    return get_slot(session, slot_id=slot_id)


def release_slot(session: Session, *, slot_id: str, booking_ref: str) -> Slot:
    """Free a booked slot; only its own booking reference releases it."""
    result = session.execute(
        update(SlotRow)
        .where(SlotRow.id == slot_id, SlotRow.status == "busy", SlotRow.booking_ref == booking_ref)
        .values(status="free", booking_ref=None, booked_at=None)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        if session.get(SlotRow, slot_id) is None:
            raise SlotNotFoundError(slot_id)
        raise SlotReleaseError(slot_id)
    session.expire_all()
    return get_slot(session, slot_id=slot_id)
