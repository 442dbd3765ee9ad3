"""``proxisante rota publish`` and ``proxisante rota swap …`` on an SQLite file: a rota
published from its YAML and CSV, a swap refused with the rule named (exit 2, nothing stored),
an unknown shift (exit 2), a swap proposed and accepted, and the rota changed accordingly."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from proxisante.cli.__main__ import main
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry import crud
from proxisante.store.rota import RotaAssignmentRow, RotaSwapRow
from tests.integration.rota.conftest import ASSIGNMENTS, DESCRIPTION, night


def _setup(tmp_path: Path) -> tuple[dict[str, str], str]:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as s:
        commune = crud.CommuneRecord("03310", "Vichy", 3.4258, 46.1277)
        crud.create_territory(
            s, territory_id="t1", name="t1", communes=[commune], now=datetime(2027, 1, 1)
        )
    engine.dispose()
    (tmp_path / "rota.yaml").write_text(DESCRIPTION, encoding="utf-8")
    rows = ["secteur,date,type,medecin_id"] + [
        f"S1,{a.shift_id.split('/')[1]},nuit,{a.doctor_id}" for a in ASSIGNMENTS
    ]
    (tmp_path / "rota.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return {"PROXISANTE_HOME": str(tmp_path), "PROXISANTE_DATABASE_URL": url}, url


def _state(url: str) -> tuple[dict[str, str], int]:
    engine = make_engine(url)
    with make_session_factory(engine)() as s:
        holders = {r.shift_id: r.doctor_id for r in s.scalars(select(RotaAssignmentRow))}
        swaps = int(s.scalar(select(func.count()).select_from(RotaSwapRow)) or 0)
    engine.dispose()
    return holders, swaps


def test_publish_propose_accept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env, url = _setup(tmp_path)
    y, c = str(tmp_path / "rota.yaml"), str(tmp_path / "rota.csv")
    args = ["rota", "publish", y, "--territory", "t1", "--rota", c, "--json"]
    assert main(args, environ=env) == 0
    rota = json.loads(capsys.readouterr().out)["id"]
    before = _state(url)
    code = main(
        ["rota", "swap", "propose", "--rota", str(rota), "--shift", night(3), "--to", "D2"],
        environ=env,
    )
    err = capsys.readouterr().err
    assert code == 2 and "[repos]" in err and "Échange refusé" in err
    assert _state(url) == before
    code = main(
        [
            "rota",
            "swap",
            "propose",
            "--rota",
            str(rota),
            "--shift",
            "S1/2031-01-01/nuit",
            "--to",
            "D2",
        ],
        environ=env,
    )
    assert code == 2 and "garde S1/2031-01-01/nuit introuvable" in capsys.readouterr().err
    assert _state(url) == before
    assert (
        main(
            [
                "rota",
                "swap",
                "propose",
                "--rota",
                str(rota),
                "--shift",
                night(6),
                "--to",
                "D2",
                "--json",
            ],
            environ=env,
        )
        == 0
    )
    made = json.loads(capsys.readouterr().out)
    assert made["swap"]["from_doctor"] == "D1" and made["fairness_after"]["loads"]["D2"] == 6.0
    swap = str(made["swap"]["id"])
    assert main(["rota", "swap", "accept", "--rota", str(rota), "--swap", swap], environ=env) == 0
    assert "accepté" in capsys.readouterr().out
    holders, swaps = _state(url)
    assert holders[night(6)] == "D2" and swaps == 1
    assert main(["rota", "swap", "list", "--rota", str(rota), "--json"], environ=env) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "accepted"
    assert main(["rota", "swap", "list", "--rota", "999"], environ=env) == 2


def test_publish_refuses_rota_breaking_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    env, url = _setup(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "secteur,date,type,medecin_id\n"
        + "".join(f"S1,2027-05-0{d},nuit,D1\n" for d in range(1, 7)),
        encoding="utf-8",
    )
    code = main(
        ["rota", "publish", str(tmp_path / "rota.yaml"), "--territory", "t1", "--rota", str(bad)],
        environ=env,
    )
    assert code == 2 and "[repos]" in capsys.readouterr().err
    assert _state(url) == ({}, 0)
    code = main(["rota", "publish", str(tmp_path / "rota.yaml"), "--territory", "zz"], environ=env)
    assert code == 2 and "territoire zz introuvable" in capsys.readouterr().err
