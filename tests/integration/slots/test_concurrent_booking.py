"""50 concurrent bookings of one slot: exactly one succeeds (PostgreSQL, and SQLite too).

The PostgreSQL case creates its own database ``proxisante_test_slots_<pid>`` on the test
server (``PROXISANTE_TEST_PG``) and drops it afterwards; tables come from the migrations. The
bookings go through the slot service, as the API's do.
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
from sqlalchemy.orm import Session

from proxisante.actor import Actor
from proxisante.slots import Schedule, SlotStatus, SlotType
from proxisante.slots._errors import SlotUnavailableError
from proxisante.slots.model import SlotDraft
from proxisante.slots.service import SlotService
from proxisante.store.db import make_engine, make_session_factory
from proxisante.store.migrate import upgrade
from proxisante.store.registry import crud
from proxisante.store.slots import SqlSlotAudit, SqlSlotRepository
from tests.conftest import PG_ADMIN, pg_url

N = 50
NOW = datetime(2027, 5, 3, 6, 0, tzinfo=UTC)


@pytest.fixture(
    params=[pytest.param("postgres", marks=pytest.mark.postgres), pytest.param("sqlite")]
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'slots.db'}"
        upgrade(url)
        eng = make_engine(url)
        name = None
    else:
        name = f"proxisante_test_slots_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = pg_url(name)
        upgrade(url)
        eng = make_engine(url, pool_size=N, max_overflow=5)
    yield eng
    eng.dispose()
    if name is not None:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_fifty_concurrent_bookings_exactly_one_succeeds(engine: Engine) -> None:
    factory = make_session_factory(engine)
    start = NOW + timedelta(hours=3)
    commune = crud.CommuneRecord("03190", "Moulins", 3.3333, 46.5667)
    with factory() as db:
        crud.create_territory(db, territory_id="t", name="CPTS", communes=[commune], now=NOW)
        _service(db).publish(
            Actor.operator("t"),
            [Schedule("msp", "MSP fictive", "organization", "03190")],
            [SlotDraft("only", "msp", start, start + timedelta(minutes=15), SlotType.VISIT)],
        )
        db.commit()
    barrier = threading.Barrier(N)

    def attempt(k: int) -> str:
        barrier.wait()
        with factory() as db:
            try:
                _service(db).book(Actor(k, "regulator", "t"), "only", f"SAS-{k}")
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
        slot = SqlSlotRepository(db).slots(["only"], territory_id="t")["only"]
    assert slot.status is SlotStatus.BUSY and slot.booking_ref == winners[0]


def _service(db: Session) -> SlotService:
    return SlotService(SqlSlotRepository(db), SqlSlotAudit(db), lambda: NOW)
