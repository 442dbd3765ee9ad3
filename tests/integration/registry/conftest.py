"""Fixtures of the registry's integration tests: real databases (SQLite file, PostgreSQL).

PostgreSQL tests create their own database ``proxisante_test_registry_<pid>`` on the server of
``PROXISANTE_TEST_PG`` (default 127.0.0.1:5432, see ``tests/conftest.py``) and drop it at the
end (other suites use the same server concurrently).
"""

from __future__ import annotations

import logging
import os
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from proxisante.accounts.passwords import hash_password
from proxisante.bootstrap.services import registry_service
from proxisante.config import Settings
from proxisante.registry.ports import CLI
from proxisante.registry.priority import assess_request
from proxisante.registry.service import RegistryService
from proxisante.registry.travel_provider import stored_points_estimate
from proxisante.store.accounts.users import create_user
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry import crud
from proxisante.store.registry.proposals import list_proposals
from proxisante.web.app import create_app
from tests.conftest import PG_ADMIN, pg_url

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; httpx is what the project declares.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2026, 6, 1, 9, 0, 0)
VICHY = [
    crud.CommuneRecord("03310", "Vichy", 3.4258, 46.1277),
    crud.CommuneRecord("03095", "Cusset", 3.4469, 46.1045),
    crud.CommuneRecord("03014", "Bellerive-sur-Allier", 3.3980, 46.1460),
]
MOULINS = [crud.CommuneRecord("03190", "Moulins", 3.3333, 46.5667)]

# Fictitious personal data of the test patients: none of it may ever reach a log
# (test_zz_no_personal_data_in_logs.py checks it, engines at DEBUG included).
TEST_PEOPLE = [
    ("Zéphirine", "Quelvennec", "06 12 34 56 78", "zephirine.quelvennec@example.org"),
    ("Anatole", "Brizardière", "06 98 76 54 32", "anatole.brizardiere@example.org"),
    ("Philomène", "Kergoustin", "07 11 22 33 44", "philomene.kergoustin@example.org"),
]


@pytest.fixture(autouse=True)
def log_at_info() -> Iterator[None]:
    """Registry tests run with the root logger at INFO, so more records are checked."""
    root = logging.getLogger()
    previous = root.level
    root.setLevel(logging.INFO)
    yield
    root.setLevel(previous)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    name = f"proxisante_test_registry_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_url(name, driver="postgresql+psycopg")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _reset_pg(url: str) -> None:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A freshly migrated database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
    else:
        url = request.getfixturevalue("pg_database")
        _reset_pg(url)
    upgrade(url)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


def service(s: Session, now: datetime = NOW) -> RegistryService:
    """The registry's use cases on this session, at a fixed time, with straight-line travel."""
    return registry_service(s, clock=lambda: now, travel=stored_points_estimate)


_CRITERIA = ("ald", "pregnant", "precarity", "lost_doctor", "disability", "reduced_mobility")


def add_patient(
    s: Session, territory: str, commune: str, i: int, *, now: datetime = NOW, **kw: object
) -> int:
    first, last, phone, email = TEST_PEOPLE[i % len(TEST_PEOPLE)]
    born = date(1950 + i % 50, 1 + i % 12, 1)
    criteria = {k: v for k, v in kw.items() if k in _CRITERIA}
    row = crud.register_patient(
        s,
        territory_id=territory,
        commune_code=commune,
        last_name=last,
        first_name=first,
        birth_date=born,
        phone=phone,
        email=email,
        now=now,
        priority=assess_request(birth_date=born, today=now.date(), **criteria),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )
    return row.id


# ---------------------------------------------------------------- the web app, seeded


@dataclass(frozen=True)
class Seed:
    users: dict[str, int]
    patient_t1: int
    patient_t2: int
    patient_helper: int
    proposal_pro: int
    proposal_other: int


def seed_web(factory: sessionmaker[Session]) -> Seed:
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t1", name="CPTS un", communes=VICHY, now=NOW)
        crud.create_territory(s, territory_id="t2", name="CPTS deux", communes=MOULINS, now=NOW)
        pro = crud.create_professional(
            s, territory_id="t1", display_name="Dr A", commune_code="03310"
        )
        pro2 = crud.create_professional(
            s, territory_id="t1", display_name="Dr B", commune_code="03095"
        )
        crud.declare_capacity(s, professional_id=pro.id, places=2, now=NOW)
        crud.declare_capacity(s, professional_id=pro2.id, places=0, now=NOW)
        pw = hash_password("correct horse battery")
        users = {}
        for name, role, terr, pid in [
            ("coord", "coordinator", "t1", None),
            ("coord2", "coordinator", "t2", None),
            ("pro", "professional", "t1", pro.id),
            ("pro2", "professional", "t1", pro2.id),
            ("helper", "helper", "t1", None),
            ("analyst", "analyst", "t1", None),
            ("admin", "admin", None, None),
        ]:
            users[name] = create_user(
                s,
                username=name,
                password_hash=pw,
                role=role,
                territory_id=terr,
                professional_id=pid,
                now=NOW,
                totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                if role in ("coordinator", "admin")
                else None,
            ).id
        p1 = add_patient(s, "t1", "03310", 0, registered_by=users["coord"])
        add_patient(s, "t1", "03014", 1, registered_by=users["coord"])
        ph = add_patient(s, "t1", "03095", 2, registered_by=users["helper"], channel="helper")
        p2 = add_patient(s, "t2", "03190", 0, registered_by=users["coord2"])
        service(s).run_matching(CLI, "t1")
        ids = sorted(p.id for p in list_proposals(s, territory_id="t1", status="proposed"))
    return Seed(users, p1, p2, ph, ids[0], ids[1])


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Seed]:
    path = tmp_path_factory.mktemp("web") / "template.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    eng = make_engine(url)
    seed = seed_web(make_session_factory(eng))
    eng.dispose()
    return path, seed


@dataclass
class Web:
    client: TestClient
    seed: Seed
    tokens: dict[str, str]
    factory: sessionmaker[Session]


@pytest.fixture
def web(web_template: tuple[Path, Seed], tmp_path: Path) -> Iterator[Web]:
    """A fresh copy of the seeded database behind the real app, with a token per user."""
    src, seed = web_template
    db = tmp_path / "web.db"
    shutil.copy(src, db)
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{db}")
    app = create_app(settings, secret_key="test-secret", clock=lambda: NOW)
    tokens = {name: app.state.tokens.issue(uid) for name, uid in seed.users.items()}
    with TestClient(app) as client:
        yield Web(client, seed, tokens, app.state.session_factory)
    app.state.engine.dispose()


@pytest.fixture
def web_pg(pg_database: str, tmp_path: Path) -> Iterator[Web]:
    """The same seeded app on a fresh PostgreSQL database."""
    _reset_pg(pg_database)
    upgrade(pg_database)
    eng = make_engine(pg_database)
    seed = seed_web(make_session_factory(eng))
    settings = Settings(home=tmp_path, database_url=pg_database)
    app = create_app(settings, engine=eng, secret_key="test-secret", clock=lambda: NOW)
    tokens = {name: app.state.tokens.issue(uid) for name, uid in seed.users.items()}
    with TestClient(app) as client:
        yield Web(client, seed, tokens, app.state.session_factory)
    eng.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def web_any(request: pytest.FixtureRequest) -> Web:
    """The seeded app on SQLite and on PostgreSQL."""
    web: Web = request.getfixturevalue("web" if request.param == "sqlite" else "web_pg")
    return web
