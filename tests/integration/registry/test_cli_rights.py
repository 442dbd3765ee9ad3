"""Patients' rights from the command line, on SQLite and PostgreSQL: ``registry patient
export|correct|withdraw|erase``, ``registry purge [--dry-run]`` and ``registry privacy``; bad
input exits 2 with a French message naming it, and changes nothing."""

from __future__ import annotations

import io
import json
import stat
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.registry.priority import assess_request
from proxisante.store.db import transaction
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, PatientRow
from tests.conftest import CliResult

from .conftest import NOW, VICHY  # type: ignore[import-not-found]
from .test_patient_rights import (  # type: ignore[import-not-found]
    BIRTH,
    NEW_PHONE,
    PERSON,
    Capture,
    _traces,
    logs,  # noqa: F401 - the fixture
)

OTHER = {"last_name": "Tréhorel", "first_name": "Gwenola", "phone": "06 01 02 03 04",
         "email": "gwenola.trehorel@example.org"}  # fmt: skip


@pytest.fixture
def run(db_url: str, home: Path, cli) -> Iterator:  # type: ignore[no-untyped-def]
    def go(*argv: str) -> CliResult:
        result: CliResult = cli(*argv, environ={"PROXISANTE_DATABASE_URL": db_url})
        return result

    yield go


def _seed(factory: sessionmaker[Session]) -> tuple[int, int]:
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="cpts-t", name="CPTS t", communes=VICHY, now=NOW)
        pro = crud.create_professional(
            s, territory_id="cpts-t", display_name="Dr Tiers", commune_code="03095"
        )
        crud.declare_capacity(s, professional_id=pro.id, places=2, now=NOW)
        one = crud.register_patient(
            s, territory_id="cpts-t", commune_code="03310", birth_date=BIRTH, now=NOW,
            priority=assess_request(birth_date=BIRTH, today=NOW.date()), **PERSON,
        )  # fmt: skip
        two = crud.register_patient(
            s, territory_id="cpts-t", commune_code="03095", birth_date=date(1950, 5, 6),
            now=NOW, priority=assess_request(birth_date=date(1950, 5, 6), today=NOW.date()),
            **OTHER,
        )  # fmt: skip
        return one.id, two.id


def _cli_actions(factory: sessionmaker[Session], pid: int) -> list[str]:
    with factory() as s:
        return list(
            s.scalars(
                select(AuditRow.action)
                .where(AuditRow.patient_id == pid, AuditRow.role == "cli")
                .order_by(AuditRow.id)
            )
        )


def test_export_correct_withdraw_purge_erase(
    run,
    factory: sessionmaker[Session],
    tmp_path: Path,
    logs: Capture,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    pid, other = _seed(factory)
    assert run("registry", "match", "--territory", "cpts-t").code == 0
    out, letter = tmp_path / "p.json", tmp_path / "p.pdf"
    r = run("registry", "patient", "export", "--id", str(pid), "--out", str(out),
            "--letter", str(letter), "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json()["files"] == [str(out), str(letter)]
    for f in (out, letter):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["patient"]["last_name"] == PERSON["last_name"]
    assert data["proposals"][0]["professional"] == "Dr Tiers"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.read_bytes())).pages)
    assert PERSON["first_name"] in text and "CNIL" in text

    # corrections: refused ones exit 2 and change nothing
    bad = run("registry", "patient", "correct", "--id", str(pid), "--email", "x@")
    assert bad.code == 2 and "email :" in bad.err and "rien n'a été modifié" in bad.err
    bad = run("registry", "patient", "correct", "--id", str(pid), "--birth-date", "04/03/1961")
    assert bad.code == 2 and "--birth-date '04/03/1961'" in bad.err
    bad = run("registry", "patient", "correct", "--id", "999999", "--phone", NEW_PHONE)
    assert bad.code == 2 and "Patient 999999 introuvable" in bad.err
    with factory() as s:
        assert s.get(PatientRow, pid).phone == PERSON["phone"]  # type: ignore[union-attr]
    r = run("registry", "patient", "correct", "--id", str(pid), "--phone", NEW_PHONE,
            "--ald", "yes", "--json")  # fmt: skip
    assert r.code == 0, r.err
    assert r.json()["corrected"] == ["ald", "phone"]
    with factory() as s:
        row = s.get(PatientRow, pid)
        assert row is not None and row.phone == NEW_PHONE and row.ald

    # withdrawal, then the retention purge: nothing listed while recent
    assert run("registry", "patient", "withdraw", "--id", str(pid)).code == 0
    again = run("registry", "patient", "withdraw", "--id", str(pid))
    assert again.code == 2 and "withdrawn" in again.err
    r = run("registry", "purge", "--dry-run", "--json")
    assert r.code == 0 and r.json()["total"] == 0
    with transaction(factory) as s:  # thirteen months pass
        row = s.get(PatientRow, pid)
        assert row is not None and row.left_at is not None
        row.left_at = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=400)
    r = run("registry", "purge", "--dry-run", "--json")
    listed = r.json()["territories"][0]
    assert listed["retention_months"] == 12
    assert [p["id"] for p in listed["patients"]] == [pid]
    assert set(listed["patients"][0]) == {"id", "status", "closed_at"}  # identifiers only
    assert PERSON["last_name"] in str(_traces_of(factory))  # a dry run erases nothing
    text = run("registry", "purge", "--dry-run").out
    assert f"patient {pid} : withdrawn" in text
    r = run("registry", "purge", "--territory", "cpts-t", "--json")
    assert r.code == 0 and r.json()["total"] == 1
    assert PERSON["last_name"] not in str(_traces_of(factory))
    assert _cli_actions(factory, pid)[-1] == "patient.purge"

    # erasure of the other person: needs --yes
    no = run("registry", "patient", "erase", "--id", str(other))
    assert no.code == 2 and "--yes" in no.err
    with factory() as s:
        assert s.get(PatientRow, other).last_name == OTHER["last_name"]  # type: ignore[union-attr]
    assert run("registry", "patient", "erase", "--id", str(other), "--yes").code == 0
    assert run("registry", "patient", "erase", "--id", str(other), "--yes").code == 2
    assert _traces(factory) == [] and "Tréhorel" not in str(_traces_of(factory))
    assert _cli_actions(factory, other) == ["patient.erase"]
    assert {"patient.export", "patient.correct", "patient.withdraw"} <= set(
        _cli_actions(factory, pid)
    )
    leaks = [x for x in logs.lines for v in (*PERSON.values(), *OTHER.values()) if v in x]
    assert leaks == []


def _traces_of(factory: sessionmaker[Session]) -> list[str]:
    with factory() as s:
        return [f"{r.last_name} {r.phone} {r.email}" for r in s.scalars(select(PatientRow))]


def test_privacy_settings_from_the_cli(run, factory: sessionmaker[Session]) -> None:  # type: ignore[no-untyped-def]
    _seed(factory)
    r = run("registry", "privacy", "--territory", "cpts-t", "--json")
    assert r.code == 0 and r.json()["is_default"] is True and r.json()["country"] == "fr"
    bad = run("registry", "privacy", "--territory", "cpts-t", "--retention-months", "500")
    assert bad.code == 2 and "retention_months : 500" in bad.err
    r = run("registry", "privacy", "--territory", "cpts-t", "--structure", "Association t",
            "--retention-months", "6", "--json")  # fmt: skip
    assert r.code == 0 and r.json()["retention_months"] == 6
    nope = run("registry", "privacy", "--territory", "nope")
    assert nope.code == 2 and "'nope'" in nope.err
    assert run("registry", "purge", "--territory", "nope").code == 2
