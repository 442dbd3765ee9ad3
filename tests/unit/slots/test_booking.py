from datetime import UTC, datetime, timedelta

import pytest

from proxisante.errors import UserError
from proxisante.slots import Slot, SlotStatus, SlotType, book, release
from proxisante.slots._errors import SlotReleaseError, SlotUnavailableError

NOW = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)
SLOT = Slot(
    "s1", "sch", "03190", NOW + timedelta(hours=1), NOW + timedelta(hours=2), SlotType.CONSULTATION
)


def test_book_then_release() -> None:
    booked = book(SLOT, booking_ref="SAS-1", now=NOW)
    assert booked.status is SlotStatus.BUSY and booked.booking_ref == "SAS-1"
    with pytest.raises(SlotUnavailableError, match="déjà réservé"):
        book(booked, booking_ref="SAS-2", now=NOW)
    with pytest.raises(SlotReleaseError):
        release(booked, booking_ref="SAS-2")
    assert release(booked, booking_ref="SAS-1") == SLOT


def test_cannot_book_a_started_slot() -> None:
    with pytest.raises(SlotUnavailableError, match="déjà commencé") as info:
        book(SLOT, booking_ref="SAS-1", now=NOW + timedelta(hours=1))
    assert isinstance(info.value, UserError)
