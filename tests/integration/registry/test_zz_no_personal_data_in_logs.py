"""No patient's personal data in any log record, at any level, engines at DEBUG included.

Self-contained: each test installs its own handler on the root logger, puts the root logger
and SQLAlchemy's engine and pool loggers at DEBUG, runs its own flows (login, patient create /
read / list / export / erase, matching, proposals, pages, refusals, a database error) and
asserts on what it captured. It does not depend on test order or on a session hook. A control
test shows the same handler catches a leak: a plain SQLAlchemy engine (not the app's) logs
whole rows at DEBUG.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pyotp
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.exc import IntegrityError

from proxisante.store.db import transaction
from proxisante.store.registry.models import PatientRow

from .conftest import NOW, TEST_PEOPLE, Web  # type: ignore[import-not-found]

# Fictitious personal data created by the flows below (none of it may reach a log).
PERSON = {
    "last_name": "Pouliquen-Ermengarde",
    "first_name": "Théodorine",
    "phone": "06 55 44 33 21",
    "email": "theodorine.pouliquen@example.org",
}
FORBIDDEN = [*PERSON.values(), *(v for person in TEST_PEOPLE for v in person)]
LOGGERS = ["", "sqlalchemy.engine", "sqlalchemy.pool", "sqlalchemy.orm", "proxisante"]


class Capture(logging.Handler):
    """Keeps every record fully formatted (message, arguments, exception and traceback)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        try:
            self.lines.append(self.format(record))
        except Exception:  # a broken log call must still be inspected
            self.lines.append(f"{record.msg!s} {record.args!r}")

    def leaks(self) -> list[tuple[str, str]]:
        return [(v, line[:200]) for line in self.lines for v in FORBIDDEN if v in line]


@pytest.fixture
def capture() -> Iterator[Capture]:
    handler = Capture()
    saved = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        yield handler
    finally:
        logging.getLogger().removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def _flows(web: Web) -> None:
    """Every flow that touches personal data, through the real app."""
    c = web.client
    c.post("/api/v1/auth/login", json={"username": "helper", "password": "wrong password"})
    code = pyotp.TOTP("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").now()
    r = c.post(
        "/api/v1/auth/login",
        json={"username": "coord", "password": "correct horse battery", "totp": code},
    )
    assert r.status_code == 200, r.text
    coord = {"Authorization": f"Bearer {r.json()['token']}"}
    c.cookies.clear()
    body = {**PERSON, "commune_code": "03310", "birth_date": "1961-03-04", "consent": True}
    created = c.post("/api/v1/territories/t1/patients", json=body, headers=coord)
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    for url in (
        f"/api/v1/patients/{pid}",
        "/api/v1/territories/t1/patients",
        f"/api/v1/patients/{pid}/export",
        f"/api/v1/patients/{web.seed.patient_t1}/export",
        "/api/v1/territories/t1/dashboard",
        "/coordination",
    ):
        assert c.get(url, headers=coord).status_code == 200, url
    assert (
        c.post(
            "/api/v1/territories/t1/matching", json={"dry_run": False}, headers=coord
        ).status_code
        == 200
    )
    pro = {"Authorization": f"Bearer {web.tokens['pro']}"}
    proposals = c.get("/api/v1/proposals", headers=pro).json()
    assert proposals
    assert c.post(f"/api/v1/proposals/{proposals[0]['id']}/accept", headers=pro).status_code == 200
    assert c.get("/professionnel", headers=pro).status_code == 200
    # refusals that carry personal data in the request
    bad = c.post(
        "/api/v1/territories/t1/patients", json={**body, "birth_date": "2999-01-01"}, headers=coord
    )
    assert bad.status_code in (400, 422)
    other = {"Authorization": f"Bearer {web.tokens['coord2']}"}
    assert c.post("/api/v1/territories/t1/patients", json=body, headers=other).status_code == 404
    assert c.delete(f"/api/v1/patients/{pid}", headers=coord).status_code == 204
    _self_registration_flows(web)


def _self_registration_flows(web: Web) -> None:
    """Public self-registration, status lookup, refusals, and sending the outbox."""
    from proxisante.bootstrap.runners import run_outbox
    from proxisante.config import SmtpSettings

    c = web.client
    form = {**PERSON, "commune": "Vichy", "birth_date": "04/03/1961", "consent": True}
    done = c.post("/api/v1/inscriptions", json=form)
    assert done.status_code == 201, done.text
    found = c.post(
        "/api/v1/inscriptions/suivi", json={"code": done.json()["code"], "birth_date": "04/03/1961"}
    )
    assert found.status_code == 200
    assert c.post("/api/v1/inscriptions", json={**form, "consent": False}).status_code == 400
    assert c.post("/api/v1/inscriptions", json={**form, "commune": "Nulle"}).status_code == 400
    page = c.post("/inscription", data={**form, "consent": "1", "last_name": "Pouliquen"})
    assert page.status_code == 201
    assert c.post("/inscription", data={**form, "consent": ""}).status_code == 400
    # the outbox holds the acceptance's e-mail: a pass against a server that is down
    run_outbox(web.factory, smtp=SmtpSettings("127.0.0.1", 1, timeout_s=1), clock=lambda: NOW)


def _database_error(web: Web) -> None:
    """A unique violation on a row full of personal data, logged with its traceback."""
    with pytest.raises(IntegrityError) as info, transaction(web.factory) as s:
        s.add(
            PatientRow(
                id=web.seed.patient_t1,
                territory_id="t1",
                commune_code="03310",
                last_name=PERSON["last_name"],
                phone=PERSON["phone"],
                registered_at=NOW,
                priority_level="E",
            )
        )
        s.flush()
    logging.getLogger("proxisante.test").error("integrity error", exc_info=info.value)


def test_no_personal_data_in_logs_with_engines_at_debug(web_any: Web, capture: Capture) -> None:
    _flows(web_any)
    _database_error(web_any)
    names = {r.name for r in capture.records}
    # the engines really logged (their SQL at INFO), so their records were inspected
    assert "sqlalchemy.engine.Engine.proxisante" in names, sorted(names)
    assert any(r.levelno == logging.DEBUG for r in capture.records)
    assert not capture.leaks(), capture.leaks()[:5]


def test_the_capture_sees_a_leak(web: Web, capture: Capture) -> None:
    """Control: an engine that is not the app's (no filter, no hidden parameters) at DEBUG
    logs the rows; the same capture finds the name in them."""
    url = web.client.app.state.settings.database_url  # type: ignore[attr-defined]
    raw = create_engine(url)
    try:
        with raw.connect() as conn:
            conn.execute(select(PatientRow.last_name, PatientRow.phone)).all()
    finally:
        raw.dispose()
    assert capture.leaks(), "the capture saw no row: it would not see a leak either"
