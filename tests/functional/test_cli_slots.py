"""``proxisante slots import-fhir`` / ``export-fhir`` end to end on an SQLite file."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from proxisante.cli.__main__ import main
from proxisante.slots import Schedule, Slot, SlotType, to_bundle
from proxisante.store.migrate import upgrade


def test_import_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    env = {"PROXISANTE_HOME": str(tmp_path), "PROXISANTE_DATABASE_URL": url}
    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=5)
    bundle = to_bundle(
        [Schedule("msp", "MSP fictive", "organization", "03190")],
        [Slot("a", "msp", "03190", soon, soon + timedelta(minutes=15), SlotType.CONSULTATION)],
    )
    path = tmp_path / "in.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    assert main(["slots", "import-fhir", str(path), "--json"], environ=env) == 0
    assert json.loads(capsys.readouterr().out) == {"agendas": 1, "creneaux": 1}
    out = tmp_path / "out.json"
    assert main(["slots", "export-fhir", "--out", str(out)], environ=env) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == bundle


def test_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {
        "PROXISANTE_HOME": str(tmp_path),
        "PROXISANTE_DATABASE_URL": f"sqlite:///{tmp_path / 'e.db'}",
    }
    assert main(["slots", "import-fhir", str(tmp_path / "none.json")], environ=env) == 2
    assert "introuvable" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    assert main(["slots", "import-fhir", str(bad)], environ=env) == 2
    assert "Bundle" in capsys.readouterr().err
    assert main(["slots", "export-fhir", "--out", str(tmp_path / "o.json")], environ=env) == 2
    assert "proxisante db upgrade" in capsys.readouterr().err
