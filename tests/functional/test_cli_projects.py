"""``proxisante projects list|show|export|snapshot`` end to end on an SQLite file."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from proxisante.actor import Actor
from proxisante.bootstrap.services import project_service
from proxisante.projects.validate import MilestoneInput, ProjectInput
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry import crud
from tests.travel import national

CREATED = datetime(2026, 11, 5, 10, 0)


@pytest.fixture
def db(home: Path, cli: Callable[..., object]) -> str:
    url = f"sqlite:///{home / 'proxisante.db'}"
    assert cli("db", "upgrade").code == 0  # type: ignore[attr-defined]
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as s:
        crud.create_territory(s, territory_id="t1", name="CPTS", communes=[], now=CREATED)
        svc = project_service(s, lambda: CREATED, national())
        actor = Actor(1, "coordinator", "t1")
        svc.create(
            actor,
            ProjectInput(
                title="MSP de Dompierre",
                kind="msp",
                territory="200071470",
                nature="immobilier",
                end="2028-12-31",
                milestones=(MilestoneInput("Étude", "2027-01-31", "CPTS"),),
            ),
        )
    engine.dispose()
    return url


def test_list_show_export(db: str, cli: Callable[..., object], tmp_path: Path) -> None:
    r = cli("projects", "list", "--json")
    assert r.code == 0  # type: ignore[attr-defined]
    listed = r.json()  # type: ignore[attr-defined]
    assert [p["draft"]["title"] for p in listed] == ["MSP de Dompierre"]
    r = cli("projects", "list")
    assert "MSP de Dompierre" in r.out and "CC Entr'Allier Besbre et Loire" in r.out  # type: ignore[attr-defined]
    r = cli("projects", "show", "1")
    assert r.code == 0 and "relevé 2026-11" in r.out and "pas causale" in r.out  # type: ignore[attr-defined]
    shown = cli("projects", "show", "1", "--json").json()  # type: ignore[attr-defined]
    assert shown["snapshots"][0]["month"] == "2026-11"
    assert shown["evaluation"]["snapshots"] == 1
    r = cli("projects", "export")
    rows = list(csv.DictReader(io.StringIO(r.out)))  # type: ignore[attr-defined]
    assert len(rows) == 1 and rows[0]["kind"] == "msp" and rows[0]["month"] == "2026-11"
    assert int(rows[0]["population"]) > 20000 and rows[0]["milestones"] == "1"
    out = tmp_path / "p.json"
    r = cli("projects", "export", "--format", "json", "--output", str(out))
    assert r.code == 0  # type: ignore[attr-defined]
    assert json.loads(out.read_text())[0]["project"]["id"] == 1


def test_monthly_snapshot_once_a_month(
    db: str, cli: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROXISANTE_TEST_NOW", "2026-11-20T08:00:00")
    r = cli("projects", "snapshot", "--json")
    assert r.json() == {"month": "2026-11", "projects": [{"id": 1, "taken": False}]}  # type: ignore[attr-defined]
    monkeypatch.setenv("PROXISANTE_TEST_NOW", "2026-12-05T08:00:00")
    r = cli("projects", "snapshot")
    assert r.code == 0 and "1 relevé(s) pris" in r.out  # type: ignore[attr-defined]
    r = cli("projects", "snapshot")
    assert "0 relevé(s) pris, 1 déjà présent" in r.out  # type: ignore[attr-defined]
    shown = cli("projects", "show", "1", "--json").json()  # type: ignore[attr-defined]
    assert [s["month"] for s in shown["snapshots"]] == ["2026-11", "2026-12"]
    r = cli("projects", "export")
    assert [x["month"] for x in csv.DictReader(io.StringIO(r.out))] == ["2026-11", "2026-12"]  # type: ignore[attr-defined]


def test_errors_exit_2_in_french(
    db: str, cli: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    r = cli("projects", "show", "99")
    assert r.code == 2 and "Projet 99 introuvable" in r.err  # type: ignore[attr-defined]
    monkeypatch.setenv("PROXISANTE_TEST_NOW", "demain")
    r = cli("projects", "snapshot")
    assert r.code == 2 and "PROXISANTE_TEST_NOW" in r.err  # type: ignore[attr-defined]


def test_unmigrated_database_exits_2(cli: Callable[..., object]) -> None:
    r = cli("projects", "list")
    assert r.code == 2 and "proxisante db upgrade" in r.err  # type: ignore[attr-defined]


def test_the_diagnostic_lists_the_territorys_projects(
    db: str, cli: Callable[..., object], tmp_path: Path
) -> None:
    out = tmp_path / "diag"
    r = cli("diagnostic", "200071470", "--format", "html,json", "--out", str(out))
    assert r.code == 0, r.err  # type: ignore[attr-defined]
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    leads = html.split('<section id="leads">', 1)[1].split("</section>", 1)[0]
    assert "Projets du territoire (suivis dans ProxiSanté)" in leads
    assert "MSP de Dompierre" in leads and "Immobilier" in leads and "Initiative" in leads
    data = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert [i["title"] for i in data["initiatives"]] == ["MSP de Dompierre"]
    # a territory the project does not meet: the section says so
    r = cli("diagnostic", "200071363", "--format", "json", "--out", str(tmp_path / "d2"))
    data = json.loads(next((tmp_path / "d2").glob("*.json")).read_text(encoding="utf-8"))
    assert data["initiatives"] == []


def test_without_a_database_the_diagnostic_has_no_project_list(
    cli: Callable[..., object], tmp_path: Path
) -> None:
    r = cli("diagnostic", "200071470", "--format", "json", "--out", str(tmp_path / "d"))
    assert r.code == 0  # type: ignore[attr-defined]
    data = json.loads(next((tmp_path / "d").glob("*.json")).read_text(encoding="utf-8"))
    assert "initiatives" not in data
