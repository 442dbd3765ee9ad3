"""The rota routes behind the real app, on SQLite and PostgreSQL, with two territories.

Territory ``t1`` has a published rota (sector S1, nights of 1–6 May 2027, FICTITIOUS doctors
D1, D2, D3; D1 is professional ``pro``, D2 is ``pro2``), territory ``t2`` none. ``Env.reset()``
puts the rota, its swaps, unavailabilities, feeds and the audit table back to that state.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.actor import Actor
from proxisante.config import Settings
from proxisante.rota.model import Assignment
from proxisante.rota.service import RotaService
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry.models import AuditRow
from proxisante.store.rota import RotaRow, SqlRotaAudit, SqlRotaRepository
from proxisante.web.app import create_app
from tests.conftest import PG_ADMIN, pg_url
from tests.integration.slots.conftest import seed_registry

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2027, 4, 20, 6, 0)  # naive UTC, as the app's clock gives it
ROLES = ["anon", "coord", "coord2", "pro", "pro2", "reg", "reg2", "helper", "analyst", "admin"]

DESCRIPTION = """\
# FICTITIOUS doctors; real communes of the Allier.
period: {start: 2027-05-01, end: 2027-05-06}
country: FR
bridge_days: false
rules: {min_gap_hours: 12, rest_after_night_hours: 24}
shift_types:
  - {code: nuit, label: Nuit, start: "20:00", end: "08:00", weight: 2, night: true,
     days: [weekday, saturday, sunday, holiday, bridge]}
sectors:
  - {code: S1, name: Vichy, communes: ["03310", "03095"]}
doctors:
  - {id: D1, name: Dr Fictif A, sector: S1}
  - {id: D2, name: Dr Fictif B, sector: S1}
  - {id: D3, name: Dr Fictif C, sector: S1}
"""


def night(day: int) -> str:
    return f"S1/2027-05-{day:02d}/nuit"


# D1: 1, 3, 6; D2: 2, 4; D3: 5 — every rest of 24 h after a night respected.
ASSIGNMENTS = [
    Assignment(night(d), who)
    for d, who in [(1, "D1"), (2, "D2"), (3, "D1"), (4, "D2"), (5, "D3"), (6, "D1")]
]


@dataclass
class Env:
    app: FastAPI
    client: TestClient
    factory: sessionmaker[Session]
    tokens: dict[str, str]
    professionals: dict[str, int]
    url: str
    rota_id: int = 0

    def headers(self, who: str) -> dict[str, str]:
        return {} if who == "anon" else {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, who: str, method: str, path: str, body: Any = None) -> Any:
        return self.client.request(method, path, json=body, headers=self.headers(who))

    def reset(self) -> None:
        with transaction(self.factory) as s:
            s.execute(delete(RotaRow))
            s.execute(delete(AuditRow))
        self.rota_id = publish_seed(self.factory, self.professionals)

    def audit(self) -> list[AuditRow]:
        with self.factory() as s:
            return list(s.scalars(select(AuditRow).order_by(AuditRow.id)))

    def holders(self) -> dict[str, str]:
        body = self.call("coord", "GET", f"/api/v1/rota/{self.rota_id}").json()
        return {g["id"]: g["doctor_id"] for g in body["shifts"]}


def publish_seed(factory: sessionmaker[Session], pros: dict[str, int]) -> int:
    with transaction(factory) as s:
        service = RotaService(SqlRotaRepository(s), SqlRotaAudit(s), lambda: NOW)
        return service.publish(
            Actor.operator("t1"),
            "t1",
            DESCRIPTION,
            assignments=ASSIGNMENTS,
            doctors={"D1": pros["pro"], "D2": pros["pro2"]},
            label="mai 2027",
        )


def _pg_url() -> Iterator[str]:
    name = f"proxisante_test_rota_web_{os.getpid()}"
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
    home = tmp_path_factory.mktemp("rota-web")
    pg = _pg_url() if request.param == "postgres" else None
    url = next(pg) if pg is not None else f"sqlite:///{home / 'rota.db'}"
    upgrade(url)
    engine = make_engine(url)
    users, pros = seed_registry(make_session_factory(engine))
    app = create_app(
        Settings(home=Path(home), database_url=url),
        engine=engine,
        secret_key="rota-test-secret",
        clock=lambda: NOW,
    )
    tokens = {name: app.state.tokens.issue(uid) for name, uid in users.items()}
    with TestClient(app) as client:
        e = Env(app, client, app.state.session_factory, tokens, pros, url)
        e.reset()
        yield e
    engine.dispose()
    if pg is not None:
        next(pg, None)
