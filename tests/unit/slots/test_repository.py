from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from proxisante.slots import Schedule, Slot, SlotStatus, SlotType, great_circle_travel_time
from proxisante.slots import repository as repo
from proxisante.slots._errors import (
    InvalidSlotError,
    SlotNotFoundError,
    SlotReleaseError,
    SlotUnavailableError,
)

NOW = datetime(2027, 5, 3, 6, 0, tzinfo=UTC)
POINTS = {"03190": (3.3326, 46.5661), "03321": (3.3553, 46.5647), "03310": (3.4260, 46.1279)}
SCHEDULES = [
    Schedule("msp-moulins", "MSP de Moulins (fictive)", "organization", "03190"),
    Schedule("dr-vichy", "Dr Fictif V", "practitioner", "03310"),
]


def _slots() -> list[Slot]:
    out = []
    for k in range(4):
        start = NOW + timedelta(hours=2 + 20 * k)
        sched, commune = SCHEDULES[k % 2].id, SCHEDULES[k % 2].commune
        out.append(
            Slot(
                f"s{k}", sched, commune, start, start + timedelta(minutes=15), SlotType.CONSULTATION
            )
        )
    return out


def _publish(factory: sessionmaker[Session]) -> None:
    with factory() as db:
        assert repo.publish(db, schedules=SCHEDULES, slots=_slots(), now=NOW) == 4
        db.commit()


def test_publish_search_book_release(factory: sessionmaker[Session]) -> None:
    _publish(factory)
    tt = great_circle_travel_time(POINTS)
    with factory() as db:
        found = repo.search_nearest(db, from_commune="03321", now=NOW, travel_time=tt)
        assert [m.slot.id for m in found] == ["s0", "s2", "s1"]  # s3 is 62 h away
        booked = repo.book_slot(db, slot_id="s0", booking_ref="SAS-1", now=NOW)
        db.commit()
        assert booked.status is SlotStatus.BUSY and booked.start == NOW + timedelta(hours=2)
    with factory() as db:
        with pytest.raises(SlotUnavailableError, match="déjà réservé"):
            repo.book_slot(db, slot_id="s0", booking_ref="SAS-2", now=NOW)
        with pytest.raises(SlotReleaseError):
            repo.release_slot(db, slot_id="s0", booking_ref="SAS-2")
        assert [
            m.slot.id
            for m in repo.search_nearest(db, from_commune="03321", now=NOW, travel_time=tt)
        ] == ["s2", "s1"]
        assert repo.release_slot(db, slot_id="s0", booking_ref="SAS-1").status is SlotStatus.FREE
        db.commit()


def test_errors(factory: sessionmaker[Session]) -> None:
    _publish(factory)
    with factory() as db:
        with pytest.raises(SlotNotFoundError):
            repo.book_slot(db, slot_id="nope", booking_ref="R", now=NOW)
        with pytest.raises(SlotUnavailableError, match="déjà commencé"):
            repo.book_slot(db, slot_id="s0", booking_ref="R", now=NOW + timedelta(hours=3))
        bad = Slot("x", "unknown", "03190", NOW, NOW + timedelta(hours=1), SlotType.VISIT)
        with pytest.raises(InvalidSlotError, match="agenda 'unknown' inconnu"):
            repo.publish(db, schedules=[], slots=[bad], now=NOW)


def test_republishing_never_overwrites_a_booking(factory: sessionmaker[Session]) -> None:
    _publish(factory)
    with factory() as db:
        repo.book_slot(db, slot_id="s1", booking_ref="SAS-9", now=NOW)
        db.commit()
    with factory() as db:
        assert repo.publish(db, schedules=[], slots=_slots(), now=NOW) == 3
        db.commit()
        assert repo.get_slot(db, slot_id="s1").booking_ref == "SAS-9"
