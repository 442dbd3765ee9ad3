"""A SQLite database with the slot tables, and a bare FastAPI app mounting the slot routers."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from proxisante.slots.travel import great_circle_travel_time
from proxisante.store.base import Base
from proxisante.store.db import make_engine, make_session_factory
from proxisante.store.slots_models import SlotRow, SlotScheduleRow
from proxisante.web.api import slots as slots_api
from proxisante.web.pages import slots as slots_pages

with warnings.catch_warnings():
    # Starlette prefers httpx2 for its test client; httpx is what the project declares.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2027, 5, 3, 6, 0)  # naive UTC, as the app's clock gives it
POINTS = {"03190": (3.3326, 46.5661), "03321": (3.3553, 46.5647), "03310": (3.4260, 46.1279)}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(f"sqlite:///{tmp_path / 'slots.db'}")
    Base.metadata.create_all(eng, tables=[SlotScheduleRow.__table__, SlotRow.__table__])
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def client(factory: sessionmaker[Session]) -> Iterator[TestClient]:
    app = FastAPI()
    app.state.session_factory = factory
    app.state.clock = lambda: NOW
    tt = great_circle_travel_time(POINTS)
    app.include_router(slots_api.create_router(travel_time=tt))
    app.include_router(slots_pages.create_router(travel_time=tt))
    with TestClient(app) as c:
        yield c


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
