"""The slot repository and audit log on SQLAlchemy (implementing :mod:`proxisante.slots.ports`).

Nothing here commits; the caller owns the transaction. Booking is one conditional
``UPDATE … WHERE status = 'free'``: under concurrency exactly one booking of a slot succeeds
(PostgreSQL re-checks the condition after the row lock; SQLite serialises writers).
Times are naive UTC in the database, timezone-aware UTC outside.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from proxisante.slots.model import Schedule, Slot, SlotStatus, SlotType, namespace
from proxisante.slots.ports import SlotEvent
from proxisante.store.audit import record_audit
from proxisante.store.registry.models import ProfessionalRow, TerritoryCommuneRow, TerritoryRow
from proxisante.store.slots.models import SlotRow, SlotScheduleRow

_CHUNK = 500  # ids per IN (…) query


SAS_FIELDS = ("address_line", "postal_code", "city", "specialty", "organization")


def _naive_utc(t: datetime) -> datetime:
    return t if t.tzinfo is None else t.astimezone(UTC).replace(tzinfo=None)


def _slot(row: SlotRow) -> Slot:
    return Slot(
        id=row.id,
        schedule_id=row.schedule_id,
        commune=row.commune,
        start=row.start_at.replace(tzinfo=UTC),
        end=row.end_at.replace(tzinfo=UTC),
        slot_type=SlotType(row.slot_type),
        status=SlotStatus(row.status),
        booking_ref=row.booking_ref,
        territory_id=row.ns or None,
    )


def _schedule(row: SlotScheduleRow) -> Schedule:
    return Schedule(
        id=row.id,
        provider_name=row.provider_name,
        provider_kind=row.provider_kind,
        commune=row.commune,
        identifier=row.identifier,
        territory_id=row.territory_id,
        professional_id=row.professional_id,
        address_line=row.address_line,
        postal_code=row.postal_code,
        city=row.city,
        specialty=row.specialty,
        organization=row.organization,
    )


def _chunks(ids: Collection[str]) -> list[list[str]]:
    unique = sorted(set(ids))
    return [unique[i : i + _CHUNK] for i in range(0, len(unique), _CHUNK)]


class SqlSlotRepository:
    """Schedules and slots in the database of ``session``."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def schedules(self, ids: Collection[str], *, territory_id: str | None) -> dict[str, Schedule]:
        out: dict[str, Schedule] = {}
        ns = namespace(territory_id)
        for part in _chunks(ids):
            q = select(SlotScheduleRow).where(
                SlotScheduleRow.ns == ns, SlotScheduleRow.id.in_(part)
            )
            out.update((r.id, _schedule(r)) for r in self.session.scalars(q))
        return out

    def schedules_of(self, slots: Collection[Slot]) -> dict[tuple[str | None, str], Schedule]:
        out: dict[tuple[str | None, str], Schedule] = {}
        by_ns: dict[str | None, set[str]] = {}
        for s in slots:
            by_ns.setdefault(s.territory_id, set()).add(s.schedule_id)
        for territory, ids in by_ns.items():
            got = self.schedules(ids, territory_id=territory)
            out.update(((territory, k), v) for k, v in got.items())
        return out

    def slots(self, ids: Collection[str], *, territory_id: str | None) -> dict[str, Slot]:
        out: dict[str, Slot] = {}
        ns = namespace(territory_id)
        for part in _chunks(ids):
            q = select(SlotRow).where(SlotRow.ns == ns, SlotRow.id.in_(part))
            out.update((r.id, _slot(r)) for r in self.session.scalars(q))
        return out

    def slots_anywhere(self, slot_id: str) -> list[Slot]:
        q = select(SlotRow).where(SlotRow.id == slot_id).order_by(SlotRow.ns)
        return [_slot(r) for r in self.session.scalars(q)]

    def adopt(self, schedule_id: str, *, territory_id: str) -> bool:
        ns = namespace(territory_id)
        row = self.session.get(SlotScheduleRow, (namespace(None), schedule_id))
        if row is None or self.session.get(SlotScheduleRow, (ns, schedule_id)) is not None:
            return False
        taken = select(SlotRow.id).where(SlotRow.ns == ns)
        clash = select(SlotRow.id).where(
            SlotRow.ns == namespace(None),
            SlotRow.schedule_id == schedule_id,
            SlotRow.id.in_(taken),
        )
        if self.session.scalars(clash.limit(1)).first() is not None:
            return False
        # The slots follow through the foreign key's ON UPDATE CASCADE.
        row.ns = ns
        row.territory_id = territory_id
        self.session.flush()
        self.session.expire_all()
        return True

    def save_schedule(self, schedule: Schedule, *, now: datetime) -> None:
        ns = namespace(schedule.territory_id)
        row = self.session.get(SlotScheduleRow, (ns, schedule.id))
        if row is None:
            row = SlotScheduleRow(ns=ns, id=schedule.id, created_at=_naive_utc(now))
            self.session.add(row)
        row.provider_name = schedule.provider_name
        row.provider_kind = schedule.provider_kind
        row.commune = schedule.commune
        row.identifier = schedule.identifier
        row.territory_id = schedule.territory_id
        row.professional_id = schedule.professional_id
        for name in SAS_FIELDS:
            setattr(row, name, getattr(schedule, name))
        self.session.flush()

    def save_slot(self, slot: Slot) -> bool:
        ns = namespace(slot.territory_id)
        row = self.session.get(SlotRow, (ns, slot.id))
        if row is not None and row.status == SlotStatus.BUSY.value:
            return False  # never overwrite a booking from a feed
        if row is None:
            row = SlotRow(ns=ns, id=slot.id, schedule_id=slot.schedule_id)
            self.session.add(row)
        row.commune = slot.commune
        row.start_at = _naive_utc(slot.start)
        row.end_at = _naive_utc(slot.end)
        row.slot_type = slot.slot_type.value
        row.status = slot.status.value
        row.booking_ref = None
        self.session.flush()
        return True

    def list_slots(
        self,
        *,
        start: datetime,
        end: datetime,
        territory_id: str | None,
        status: SlotStatus | None = None,
        slot_type: SlotType | None = None,
    ) -> list[Slot]:
        q = select(SlotRow).where(
            SlotRow.start_at >= _naive_utc(start), SlotRow.start_at <= _naive_utc(end)
        )
        if territory_id is not None:
            q = q.where(SlotRow.ns == namespace(territory_id))
        if status is not None:
            q = q.where(SlotRow.status == status.value)
        if slot_type is not None:
            q = q.where(SlotRow.slot_type == slot_type.value)
        return [
            _slot(r)
            for r in self.session.scalars(q.order_by(SlotRow.start_at, SlotRow.ns, SlotRow.id))
        ]

    def _changed(self, ns: str, slot_id: str, rowcount: int) -> Slot | None:
        if rowcount != 1:
            return None
        self.session.expire_all()
        row = self.session.get(SlotRow, (ns, slot_id))
        return _slot(row) if row is not None else None

    def book(
        self, *, territory_id: str | None, slot_id: str, booking_ref: str, now: datetime
    ) -> Slot | None:
        at = _naive_utc(now)
        ns = namespace(territory_id)
        result = self.session.execute(
            update(SlotRow)
            .where(
                SlotRow.ns == ns,
                SlotRow.id == slot_id,
                SlotRow.status == "free",
                SlotRow.start_at > at,
            )
            .values(status="busy", booking_ref=booking_ref, booked_at=at)
            .execution_options(synchronize_session=False)
        )
        return self._changed(ns, slot_id, result.rowcount)  # type: ignore[attr-defined]

    def release(self, *, territory_id: str | None, slot_id: str, booking_ref: str) -> Slot | None:
        ns = namespace(territory_id)
        result = self.session.execute(
            update(SlotRow)
            .where(
                SlotRow.ns == ns,
                SlotRow.id == slot_id,
                SlotRow.status == "busy",
                SlotRow.booking_ref == booking_ref,
            )
            .values(status="free", booking_ref=None, booked_at=None)
            .execution_options(synchronize_session=False)
        )
        return self._changed(ns, slot_id, result.rowcount)  # type: ignore[attr-defined]

    def territory_communes(self, territory_id: str) -> frozenset[str] | None:
        if self.session.get(TerritoryRow, territory_id) is None:
            return None
        q = select(TerritoryCommuneRow.code).where(TerritoryCommuneRow.territory_id == territory_id)
        return frozenset(self.session.scalars(q))

    def professional_territory(self, professional_id: int) -> str | None:
        if not 0 < professional_id < 2**31:  # beyond PostgreSQL's integer: unknown
            return None
        row = self.session.get(ProfessionalRow, professional_id)
        return row.territory_id if row is not None else None


class SqlSlotAudit:
    """Slot events as rows of the registry's audit table (identifiers only)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, event: SlotEvent) -> None:
        record_audit(
            self.session,
            at=_naive_utc(event.at),
            user_id=event.user_id,
            role=event.role,
            action=event.action,
            territory_id=event.territory_id,
            detail=event.detail,
        )
