"""``proxisante registry tick`` (cron): expires the overdue proposals, passes each patient on,
and sends the notifications to a real local SMTP server; idempotent; refuses a database
without tables with a clear message."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from proxisante.bootstrap.services import registry_service
from proxisante.cli.__main__ import main
from proxisante.registry.ports import CLI
from proxisante.registry.priority import assess_request
from proxisante.registry.travel_provider import stored_points_estimate
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry import crud
from tests.integration.notify.conftest import SmtpServer

LONG_AGO = datetime(2026, 1, 5, 9, 0)  # proposals made then are long overdue


def _seed(db: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    communes = [
        crud.CommuneRecord("03310", "Vichy", 3.4258, 46.1277),
        crud.CommuneRecord("03095", "Cusset", 3.4469, 46.1045),
    ]
    with transaction(make_session_factory(engine)) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=communes, now=LONG_AGO)
        for code in ("03310", "03095"):
            pro = crud.create_professional(
                s, territory_id="t", display_name=f"Dr {code}", commune_code=code
            )
            crud.declare_capacity(s, professional_id=pro.id, places=3, now=LONG_AGO)
        for i in range(3):
            crud.register_patient(
                s, territory_id="t", commune_code="03310", last_name=f"Nom{i}",
                first_name="Prénom", birth_date=date(1950, 1, 1 + i), now=LONG_AGO,
                email=f"patient{i}@example.org",
                priority=assess_request(birth_date=date(1950, 1, 1 + i), today=LONG_AGO.date()),
            )  # fmt: skip
        registry_service(s, clock=lambda: LONG_AGO, travel=stored_points_estimate).run_matching(
            CLI, "t"
        )
    engine.dispose()


def test_tick_expires_passes_on_and_mails(
    tmp_path: Path, smtp_server: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {
        "PROXISANTE_HOME": str(tmp_path),
        "PROXISANTE_SMTP_HOST": smtp_server.host,
        "PROXISANTE_SMTP_PORT": str(smtp_server.port),
    }
    assert main(["db", "upgrade"], env) == 0
    _seed(tmp_path / "proxisante.db")
    capsys.readouterr()
    assert main(["registry", "tick", "--json"], env) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["expired"], out["passed_on"]) == (3, 3)
    # 3 made at the matching, 3 expiries, 3 new proposals
    assert out["sent"] == 9 == smtp_server.inbox.count()
    assert out["outbox"] == {"waiting": 0, "failed": 0, "to_check": 0}
    assert main(["registry", "tick"], env) == 0  # idempotent: nothing more to do
    text = capsys.readouterr().out
    assert "0 proposition(s) échue(s)" in text and "0 à vérifier" in text
    assert smtp_server.inbox.count() == 9


def test_tick_without_tables_says_how_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["registry", "tick"], {"PROXISANTE_HOME": str(tmp_path)}) == 2
    assert "proxisante db upgrade" in capsys.readouterr().err


def test_bad_smtp_port_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {
        "PROXISANTE_HOME": str(tmp_path),
        "PROXISANTE_SMTP_HOST": "x",
        "PROXISANTE_SMTP_PORT": "vingt-cinq",
    }
    assert main(["registry", "tick"], env) == 2
    assert "réglage SMTP 'vingt-cinq' invalide" in capsys.readouterr().err
