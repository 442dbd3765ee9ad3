"""The slot routes behind the real app, on SQLite and PostgreSQL, with two territories.

Territory ``t1`` (Vichy, Cusset, Bellerive) and ``t2`` (Moulins); users of every role, two
regulators (one per territory). Schedules: ``msp-t1`` (a structure of t1, the coordination's),
``dr-a`` (professional ``pro``'s, t1), ``msp-t2`` (t2). ``Env.reset()`` puts the slots and the
audit table back to that state, so that each request of a matrix starts from the same data.
PostgreSQL: database ``proxisante_test_slots_web_<pid>`` on the test server
(``PROXISANTE_TEST_PG``), dropped at the end.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.accounts.passwords import hash_password
from proxisante.config import Settings
from proxisante.slots.model import Schedule, Slot, SlotType
from proxisante.slots.ports import SlotGeography
from proxisante.store.accounts.users import create_user
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow
from proxisante.store.slots import SlotRow, SlotScheduleRow, SqlSlotRepository
from proxisante.web.app import create_app
from tests.conftest import PG_ADMIN, pg_url
from tests.travel import GreatCircleTravel

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2027, 5, 3, 6, 0)  # naive UTC, as the app's clock gives it
NOW_UTC = NOW.replace(tzinfo=UTC)
POINTS = {
    "03310": (3.4258, 46.1277),
    "03095": (3.4469, 46.1045),
    "03014": (3.3980, 46.1460),
    "03190": (3.3333, 46.5667),
    "03321": (3.3553, 46.5647),
}
GEOGRAPHY = SlotGeography(frozenset(POINTS), GreatCircleTravel(POINTS))
ROLES = ["anon", "coord", "coord2", "pro", "pro2", "reg", "reg2", "helper", "analyst", "admin"]


@dataclass
class Env:
    app: FastAPI
    client: TestClient
    factory: sessionmaker[Session]
    tokens: dict[str, str]
    professionals: dict[str, int]

    def headers(self, who: str) -> dict[str, str]:
        return {} if who == "anon" else {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, who: str, method: str, path: str, body: Any = None) -> Any:
        return self.client.request(method, path, json=body, headers=self.headers(who))

    def reset(self) -> None:
        """Slots and audit rows back to the seed."""
        with transaction(self.factory) as s:
            s.execute(delete(SlotRow))
            s.execute(delete(SlotScheduleRow))
            s.execute(delete(AuditRow))
            seed_slots(s, self.professionals["pro"])

    def audit(self) -> list[AuditRow]:
        with self.factory() as s:
            return list(s.scalars(select(AuditRow).order_by(AuditRow.id)))

    def count_slots(self) -> int:
        with self.factory() as s:
            return int(s.scalar(select(func.count()).select_from(SlotRow)) or 0)


def at(hours: float) -> datetime:
    return NOW_UTC + timedelta(hours=hours)


def seed_slots(s: Session, pro_id: int) -> None:
    repo = SqlSlotRepository(s)
    for sc in [
        Schedule("msp-t1", "MSP de Vichy (fictive)", "organization", "03310", None, "t1"),
        Schedule("dr-a", "Dr A (fictif)", "practitioner", "03095", None, "t1", pro_id),
        Schedule("msp-t2", "MSP de Moulins (fictive)", "organization", "03190", None, "t2"),
    ]:
        repo.save_schedule(sc, now=NOW_UTC)
    quarter = timedelta(minutes=15)
    for sid, sched, commune, start, terr in [
        ("t1-free", "msp-t1", "03310", at(4), "t1"),
        ("t1-booked", "msp-t1", "03310", at(5), "t1"),
        ("a-free", "dr-a", "03095", at(6), "t1"),
        ("t2-free", "msp-t2", "03190", at(4), "t2"),
    ]:
        kind = SlotType.CONSULTATION
        repo.save_slot(Slot(sid, sched, commune, start, start + quarter, kind, territory_id=terr))
    booked = repo.book(territory_id="t1", slot_id="t1-booked", booking_ref="SAS-0", now=NOW_UTC)
    assert booked is not None


def seed_registry(factory: sessionmaker[Session]) -> tuple[dict[str, int], dict[str, int]]:
    vichy = [
        crud.CommuneRecord("03310", "Vichy", 3.4258, 46.1277),
        crud.CommuneRecord("03095", "Cusset", 3.4469, 46.1045),
        crud.CommuneRecord("03014", "Bellerive-sur-Allier", 3.3980, 46.1460),
    ]
    moulins = [crud.CommuneRecord("03190", "Moulins", 3.3333, 46.5667)]
    pw = hash_password("correct horse battery")
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t1", name="CPTS un", communes=vichy, now=NOW)
        crud.create_territory(s, territory_id="t2", name="CPTS deux", communes=moulins, now=NOW)
        pros = {
            name: crud.create_professional(
                s, territory_id=terr, display_name=f"Dr {name}", commune_code=commune
            ).id
            for name, terr, commune in [("pro", "t1", "03095"), ("pro2", "t1", "03310")]
        }
        users = {}
        for name, role, terr in [
            ("coord", "coordinator", "t1"),
            ("coord2", "coordinator", "t2"),
            ("pro", "professional", "t1"),
            ("pro2", "professional", "t1"),
            ("reg", "regulator", "t1"),
            ("reg2", "regulator", "t2"),
            ("helper", "helper", "t1"),
            ("analyst", "analyst", "t1"),
            ("admin", "admin", None),
        ]:
            users[name] = create_user(
                s,
                username=name,
                password_hash=pw,
                role=role,
                territory_id=terr,
                professional_id=pros.get(name),
                now=NOW,
            ).id
    return users, pros


def _pg_url() -> Iterator[str]:
    name = f"proxisante_test_slots_web_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_url(name, driver="postgresql+psycopg")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def env(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """The seeded app on SQLite and on PostgreSQL (one database per module and kind)."""
    home = tmp_path_factory.mktemp("slots-web")
    pg = _pg_url() if request.param == "postgres" else None
    url = next(pg) if pg is not None else f"sqlite:///{home / 'slots.db'}"
    upgrade(url)
    engine = make_engine(url)
    users, pros = seed_registry(make_session_factory(engine))
    app = create_app(
        Settings(home=Path(home), database_url=url),
        engine=engine,
        secret_key="slots-test-secret",
        clock=lambda: NOW,
    )
    app.state.slots_geography = GEOGRAPHY
    tokens = {name: app.state.tokens.issue(uid) for name, uid in users.items()}
    with TestClient(app) as client:
        e = Env(app, client, app.state.session_factory, tokens, pros)
        e.reset()
        yield e
    engine.dispose()
    if pg is not None:
        next(pg, None)
