"""The workbench API behind the real app, on SQLite and PostgreSQL, with the seeded registry
(``coord`` coordinates t1 = Vichy, Cusset, Bellerive; ``coord2`` t2 = Moulins)."""

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

from proxisante.config import Settings
from proxisante.store.db import make_engine, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry.models import AuditRow
from proxisante.store.workbench import WorkbenchScenarioRow
from proxisante.web.app import create_app
from tests.conftest import PG_ADMIN, pg_url
from tests.integration.slots.conftest import seed_registry

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2027, 4, 20, 6, 0)
ROLES = ["anon", "coord", "coord2", "pro", "pro2", "reg", "reg2", "helper", "analyst", "admin"]
VICHY_CA = "200071363"  # CA Vichy Communauté: holds t1's communes, not t2's (Moulins)
CHANGES = [
    {"kind": "gp_leave", "commune": "03310", "amount": 2},
    {"kind": "structure_opens", "commune": "03095", "amount": 3, "structure": "msp"},
]


@dataclass
class Env:
    app: FastAPI
    client: TestClient
    factory: sessionmaker[Session]
    tokens: dict[str, str]

    def headers(self, who: str) -> dict[str, str]:
        return {} if who == "anon" else {"Authorization": f"Bearer {self.tokens[who]}"}

    def call(self, who: str, method: str, path: str, body: Any = None) -> Any:
        return self.client.request(method, path, json=body, headers=self.headers(who))

    def reset(self) -> int:
        """No saved scenario and no audit but one scenario saved by ``analyst``: its id."""
        with transaction(self.factory) as s:
            s.execute(delete(WorkbenchScenarioRow))
            s.execute(delete(AuditRow))
        r = self.call(
            "analyst",
            "POST",
            f"/api/v1/planning/territories/{VICHY_CA}/scenarios",
            {"name": "Départs à Vichy", "changes": CHANGES},
        )
        assert r.status_code == 201, r.text
        return int(r.json()["id"])

    def audit(self) -> list[AuditRow]:
        with self.factory() as s:
            return list(s.scalars(select(AuditRow).order_by(AuditRow.id)))


def _pg_url() -> Iterator[str]:
    name = f"proxisante_test_workbench_{os.getpid()}"
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
    home = tmp_path_factory.mktemp("workbench")
    pg = _pg_url() if request.param == "postgres" else None
    url = next(pg) if pg is not None else f"sqlite:///{home / 'wb.db'}"
    upgrade(url)
    engine = make_engine(url)
    from proxisante.store.db import make_session_factory

    users, _pros = seed_registry(make_session_factory(engine))
    app = create_app(
        Settings(home=Path(home), database_url=url),
        engine=engine,
        secret_key="workbench-test-secret",
        clock=lambda: NOW,
    )
    tokens = {name: app.state.tokens.issue(uid) for name, uid in users.items()}
    with TestClient(app) as client:
        yield Env(app, client, app.state.session_factory, tokens)
    engine.dispose()
    if pg is not None:
        next(pg, None)
