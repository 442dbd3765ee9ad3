"""Logs captured during the test run contain no patient's personal data.

Named to run last in this folder: the collector (installed by the conftest at collection) has
captured every record emitted by the tests before it (API calls, matching runs, migrations,
refusals, errors); ``pytest_sessionfinish`` in the conftest repeats the check at the very end of
the whole run and fails it on a leak.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from proxisante.store import registry_crud as crud
from proxisante.store.db import transaction
from proxisante.store.registry_models import PatientRow

from .conftest import (
    LOG_COLLECTOR,
    NOW,
    TEST_PEOPLE,
    VICHY,
    Web,
    personal_data_leaks,
)  # type: ignore[import-not-found]

FORBIDDEN = [v for person in TEST_PEOPLE for v in person] + ["Nouvel", "Inscrit"]


def test_database_errors_do_not_carry_personal_data(factory: sessionmaker[Session]) -> None:
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
        pid = crud.register_patient(
            s,
            territory_id="t",
            commune_code="03310",
            last_name=TEST_PEOPLE[0][1],
            first_name=TEST_PEOPLE[0][0],
            birth_date=date(1950, 1, 1),
            now=NOW,
            phone=TEST_PEOPLE[0][2],
            email=TEST_PEOPLE[0][3],
        ).id
    with pytest.raises(IntegrityError) as info, transaction(factory) as s:
        s.add(
            PatientRow(
                id=pid,
                territory_id="t",
                commune_code="03310",
                last_name=TEST_PEOPLE[1][1],
                phone=TEST_PEOPLE[1][2],
                registered_at=NOW,
                priority_level="E",
            )
        )
        s.flush()
    logging.getLogger("proxisante.test").error("integrity error", exc_info=info.value)
    assert TEST_PEOPLE[1][1] not in str(info.value)


def test_web_errors_are_logged_without_personal_data(web: Web) -> None:
    h = {"Authorization": f"Bearer {web.tokens['coord']}"}
    web.client.post(
        "/api/v1/territories/t1/patients",
        headers=h,
        json={
            "commune_code": "03310",
            "last_name": TEST_PEOPLE[2][1],
            "first_name": "x",
            "birth_date": "1980-01-01",
            "consent": True,
            "phone": TEST_PEOPLE[2][2],
        },
    )
    web.client.post(
        "/api/v1/territories/t1/patients",
        headers=h,
        json={
            "commune_code": "03310",
            "last_name": TEST_PEOPLE[2][1],
            "first_name": "x",
            "birth_date": "2999-01-01",
            "consent": True,
            "email": TEST_PEOPLE[2][3],
        },
    )


def test_no_personal_data_in_any_captured_log() -> None:
    lines = LOG_COLLECTOR.lines
    assert lines, "the log collector captured nothing: it is not installed"
    leaks = [(value, line) for line in lines for value in FORBIDDEN if value in line]
    assert not leaks, leaks[:5]
    assert not personal_data_leaks(lines)


def test_the_collector_would_see_a_leak() -> None:
    logging.getLogger("proxisante.test").warning("probe %s", "not-a-name")
    assert "probe not-a-name" in LOG_COLLECTOR.lines[-1]
    assert personal_data_leaks(["x " + TEST_PEOPLE[0][2]])
