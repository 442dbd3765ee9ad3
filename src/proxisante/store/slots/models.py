"""Tables of the unscheduled-care slots (on the shared :class:`proxisante.store.base.Base`).

A schedule belongs to a registry territory and, when a professional owns it, to that
professional (``registry_professionals``); slots belong to one schedule for ever.

No personal data: a booked slot keeps only an opaque ``booking_ref`` given by the caller (e.g.
the SAS regulation file number). Times are naive UTC, as everywhere in the database.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from proxisante.store.base import Base

#: The namespace of a schedule without territory (published before 0006_slot_owners, commune in
#: no territory): only administrators see it, and the operator may adopt it.
UNOWNED = ""


class SlotScheduleRow(Base):
    __tablename__ = "slots_schedules"
    # Ids are scoped (0015_slot_id_scope): ``ns`` is the territory (``UNOWNED`` without one), so
    # two territories may use the same id, and neither learns nor blocks the other's.
    ns: Mapped[str] = mapped_column(String(64), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    provider_name: Mapped[str] = mapped_column(String(200))
    provider_kind: Mapped[str] = mapped_column(String(20))
    commune: Mapped[str] = mapped_column(String(10), index=True)
    identifier: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # The owner: the territory (always, for schedules published since 0006_slot_owners) and,
    # for a professional's agenda, the professional; without one, the coordination's.
    territory_id: Mapped[str | None] = mapped_column(
        ForeignKey("registry_territories.id"), nullable=True, index=True
    )
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_professionals.id"), nullable=True, index=True
    )
    # Fields of the SAS guide's bundles (0011_slot_sas_fields).
    address_line: Mapped[str | None] = mapped_column(String(200), nullable=True)
    postal_code: Mapped[str | None] = mapped_column(String(10), nullable=True)
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    specialty: Mapped[str | None] = mapped_column(String(10), nullable=True)
    organization: Mapped[str | None] = mapped_column(String(20), nullable=True)

    __table_args__ = (
        CheckConstraint("provider_kind IN ('practitioner', 'organization')", name="provider_kind"),
    )


class SlotRow(Base):
    __tablename__ = "slots_slots"
    ns: Mapped[str] = mapped_column(String(64), primary_key=True)  # the schedule's
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    schedule_id: Mapped[str] = mapped_column(String(64), index=True)
    commune: Mapped[str] = mapped_column(String(10), index=True)
    start_at: Mapped[datetime] = mapped_column(DateTime)
    end_at: Mapped[datetime] = mapped_column(DateTime)
    slot_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="free")
    booking_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    booked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (
        CheckConstraint("status IN ('free', 'busy')", name="status"),
        CheckConstraint("end_at > start_at", name="ordered"),
        Index("ix_slots_slots_status_start_at", "status", "start_at"),
        ForeignKeyConstraint(
            ["ns", "schedule_id"],
            ["slots_schedules.ns", "slots_schedules.id"],
            name="fk_slots_slots_ns_schedule_id_slots_schedules",
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
    )
