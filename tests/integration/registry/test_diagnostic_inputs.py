"""One function builds a diagnosis' inputs (``reports.inputs.diagnostic_inputs``): the CLI's
``proxisante diagnostic`` and the public web page of the same territory, with its contacts
(``PROXISANTE_HOME/contacts.csv``) and its (public) projects, give the same document — on
SQLite and PostgreSQL. (The CLI also lists projects that are not public: the operator's
document; the web never does.)"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from proxisante.actor import Actor
from proxisante.bootstrap.services import project_service
from proxisante.cli.__main__ import main
from proxisante.config import Settings
from proxisante.projects.validate import ProjectInput
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry import crud
from proxisante.web.app import create_app
from tests.travel import national

from .conftest import NOW, VICHY  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

EPCI = "200071470"  # CC Entr'Allier Besbre et Loire
CONTACTS = (
    "territory,role,name,organisation,email,phone\n"
    f"{EPCI},Coordinatrice,Claire Exemple,CPTS fictive,claire@example.org,04 70 00 00 00\n"
    "*,Délégation départementale,Accueil,ARS fictive,ars@example.org,04 70 11 11 11\n"
    "200071363,Ailleurs,Autre,Autre,autre@example.org,\n"
)


@pytest.mark.slow
def test_cli_and_web_diagnostics_of_one_territory_are_identical(
    db_url: str, tmp_path: Path
) -> None:
    (tmp_path / "contacts.csv").write_text(CONTACTS, encoding="utf-8")
    engine = make_engine(db_url)
    with transaction(make_session_factory(engine)) as s:
        crud.create_territory(s, territory_id="t1", name="CPTS un", communes=VICHY, now=NOW)
        svc = project_service(s, lambda: NOW, national())
        for title in ("MSP de Dompierre", "Maison médicale de garde"):
            svc.create(
                Actor(None, "coordinator", "t1"),
                ProjectInput(
                    title=title, kind="msp", territory=EPCI, nature="immobilier", public=True
                ),
            )
    engine.dispose()
    env = {"PROXISANTE_HOME": str(tmp_path), "PROXISANTE_DATABASE_URL": db_url}
    out = tmp_path / "cli"
    assert main(["diagnostic", EPCI, "--format", "json", "--out", str(out)], env) == 0
    cli = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    app = create_app(Settings(home=tmp_path, database_url=db_url), secret_key="k" * 32)
    with TestClient(app) as client:
        r = client.get(f"/territoires/{EPCI}/diagnostic.json")
    app.state.engine.dispose()
    assert r.status_code == 200, r.text[:300]
    web = json.loads(r.content)
    assert sorted(i["title"] for i in cli["initiatives"]) == [
        "MSP de Dompierre",
        "Maison médicale de garde",
    ]
    assert [c["name"] for c in cli["contacts"]] == ["Claire Exemple", "Accueil"]
    assert web == cli
