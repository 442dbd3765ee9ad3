"""50 concurrent bookings of one slot: exactly one succeeds (PostgreSQL, and SQLite too).

The PostgreSQL case creates its own database ``proxisante_test_slots_<pid>`` on the server at
127.0.0.1:5432 and drops it afterwards; tables come from ``Base.metadata.create_all``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine

from proxisante.slots import Schedule, Slot, SlotStatus, SlotType
from proxisante.slots import repository as repo
from proxisante.slots._errors import SlotUnavailableError
from proxisante.store.base import Base
from proxisante.store.db import make_engine, make_session_factory
from proxisante.store.slots_models import SlotRow, SlotScheduleRow
from tests.conftest import PG_ADMIN, pg_url

N = 50
NOW = datetime(2027, 5, 3, 6, 0, tzinfo=UTC)


@pytest.fixture(
    params=[pytest.param("postgres", marks=pytest.mark.postgres), pytest.param("sqlite")]
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'slots.db'}")
        name = None
    else:
        name = f"proxisante_test_slots_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        eng = make_engine(pg_url(name), pool_size=N, max_overflow=5)
    Base.metadata.create_all(eng, tables=[SlotScheduleRow.__table__, SlotRow.__table__])
    yield eng
    eng.dispose()
    if name is not None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_fifty_concurrent_bookings_exactly_one_succeeds(engine: Engine) -> None:
    factory = make_session_factory(engine)
    start = NOW + timedelta(hours=3)
    with factory() as db:
        repo.publish(
            db,
            schedules=[Schedule("msp", "MSP fictive", "organization", "03190")],
            slots=[
                Slot("only", "msp", "03190", start, start + timedelta(minutes=15), SlotType.VISIT)
            ],
            now=NOW,
        )
        db.commit()
    barrier = threading.Barrier(N)

    def attempt(k: int) -> str:
        barrier.wait()
        with factory() as db:
            try:
                repo.book_slot(db, slot_id="only", booking_ref=f"SAS-{k}", now=NOW)
                db.commit()
                return f"SAS-{k}"
            except SlotUnavailableError:
                db.rollback()
                return ""

    with ThreadPoolExecutor(max_workers=N) as pool:
        results = list(pool.map(attempt, range(N)))
    winners = [r for r in results if r]
    assert len(winners) == 1, results
    with factory() as db:
        slot = repo.get_slot(db, slot_id="only")
    assert slot.status is SlotStatus.BUSY and slot.booking_ref == winners[0]
