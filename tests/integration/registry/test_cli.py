"""The CLI contract: `proxisante db upgrade`, `proxisante registry match`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from proxisante.cli.__main__ import main
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry import crud
from proxisante.store.registry.models import ProposalRow

from .conftest import NOW, VICHY, add_patient  # type: ignore[import-not-found]


def _env(tmp_path: Path) -> dict[str, str]:
    return {"PROXISANTE_HOME": str(tmp_path)}


def _seed(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'proxisante.db'}")
    with transaction(make_session_factory(engine)) as s:
        crud.create_territory(s, territory_id="cpts-t", name="t", communes=VICHY, now=NOW)
        pro = crud.create_professional(
            s, territory_id="cpts-t", display_name="Dr", commune_code="03095"
        )
        crud.declare_capacity(s, professional_id=pro.id, places=2, now=NOW)
        for i in range(3):
            add_patient(s, "cpts-t", "03310", i, ald=i == 2)
    engine.dispose()


@pytest.mark.slow
def test_db_upgrade_creates_the_sqlite_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"], _env(tmp_path)) == 0
    assert (tmp_path / "proxisante.db").exists()
    assert "Base de données à jour (révision" in capsys.readouterr().out
    assert main(["db", "upgrade"], _env(tmp_path)) == 0  # idempotent


def test_match_dry_run_then_for_real(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"], _env(tmp_path)) == 0
    _seed(tmp_path)
    capsys.readouterr()
    assert (
        main(["registry", "match", "--territory", "cpts-t", "--dry-run", "--json"], _env(tmp_path))
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and out["proposals"] == 2 and out["waiting"] == 3
    assert out["by_level"]["B"] == 1  # the ALD patient is served first
    assert "Temps de trajet estimés" in out["travel"]
    engine = make_engine(f"sqlite:///{tmp_path / 'proxisante.db'}")
    with make_session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(ProposalRow)) == 0
    assert main(["registry", "match", "--territory", "cpts-t"], _env(tmp_path)) == 0
    assert "2 proposition(s) faites" in capsys.readouterr().out
    with make_session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(ProposalRow)) == 2
    engine.dispose()


def test_unknown_territory_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"], _env(tmp_path)) == 0
    assert main(["registry", "match", "--territory", "nowhere"], _env(tmp_path)) == 2
    assert "Territoire du registre inconnu : 'nowhere'" in capsys.readouterr().err


def test_missing_tables_say_how_to_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["registry", "match", "--territory", "x"], _env(tmp_path)) == 2
    assert "proxisante db upgrade" in capsys.readouterr().err


def test_add_territory_user_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = _env(tmp_path)
    assert main(["db", "upgrade"], env) == 0
    args = [
        "registry",
        "add-territory",
        "--id",
        "cpts-vichy",
        "--name",
        "CPTS Vichy",
        "--area",
        "200071363",
    ]
    assert main(args, env) == 0
    assert "39 commune(s)" in capsys.readouterr().out
    assert main(args, env) == 2
    assert "existe déjà" in capsys.readouterr().err
    monkeypatch.setenv("PROXISANTE_NEW_PASSWORD", "a long enough password")
    assert (
        main(
            [
                "registry",
                "add-user",
                "--username",
                "coord",
                "--role",
                "coordinator",
                "--territory",
                "cpts-vichy",
            ],
            env,
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "otpauth://totp/" in out
    assert main(["registry", "add-user", "--username", "x", "--role", "helper"], env) == 2
    assert main(["registry", "report", "--territory", "cpts-vichy"], env) == 0
    assert capsys.readouterr().out.startswith("month,measure,A,B,C,D,E,total")
    assert (
        main(
            ["registry", "add-territory", "--id", "Bad Id", "--name", "x", "--area", "200071363"],
            env,
        )
        == 2
    )
