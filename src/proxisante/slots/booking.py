"""Booking and release of a slot, as pure functions on values (the database does the same
with a conditional update, see :mod:`proxisante.slots.repository`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from proxisante.i18n import _
from proxisante.slots._errors import SlotReleaseError, SlotUnavailableError
from proxisante.slots.model import Slot, SlotStatus


def book(slot: Slot, *, booking_ref: str, now: datetime) -> Slot:
    """The slot booked under ``booking_ref``; refused when busy or already started."""
    if slot.status is not SlotStatus.FREE:
        raise SlotUnavailableError(slot.id, _("déjà réservé"))
    if slot.start <= now:
        raise SlotUnavailableError(
            slot.id, _("déjà commencé ({start} UTC)").format(start=f"{slot.start:%Y-%m-%d %H:%M}")
        )
    return replace(slot, status=SlotStatus.BUSY, booking_ref=booking_ref)


def release(slot: Slot, *, booking_ref: str) -> Slot:
    """The slot free again; only the booking's own reference releases it."""
    if slot.status is not SlotStatus.BUSY or slot.booking_ref != booking_ref:
        raise SlotReleaseError(slot.id)
    return replace(slot, status=SlotStatus.FREE, booking_ref=None)
