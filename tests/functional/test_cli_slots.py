"""``proxisante slots import-fhir`` / ``export-fhir`` end to end on an SQLite file."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from proxisante.cli.__main__ import main
from proxisante.slots import Schedule, Slot, SlotType, to_bundle
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow
from proxisante.store.slots import SlotRow, SlotScheduleRow

SOON = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=5)


def _bundle(start: datetime = SOON) -> dict[str, Any]:
    return to_bundle(
        [Schedule("msp", "MSP fictive", "organization", "03190")],
        [Slot("a", "msp", "03190", start, start + timedelta(minutes=15), SlotType.CONSULTATION)],
    )


def _database(tmp_path: Path) -> tuple[dict[str, str], str]:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    now = datetime(2026, 12, 1)
    with transaction(make_session_factory(engine)) as s:
        for tid, code, name in [("t1", "03190", "Moulins"), ("t2", "03310", "Vichy")]:
            commune = crud.CommuneRecord(code, name, 3.3, 46.5)
            crud.create_territory(s, territory_id=tid, name=tid, communes=[commune], now=now)
        crud.create_professional(s, territory_id="t2", display_name="Dr Z", commune_code="03310")
    engine.dispose()
    return {"PROXISANTE_HOME": str(tmp_path), "PROXISANTE_DATABASE_URL": url}, url


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with make_session_factory(engine)() as s:
        out = tuple(
            int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in (SlotScheduleRow, SlotRow, AuditRow)
        )
    engine.dispose()
    return out  # type: ignore[return-value]


def test_import_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env, url = _database(tmp_path)
    bundle = _bundle()
    path = tmp_path / "in.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    assert (
        main(["slots", "import-fhir", str(path), "--territory", "t1", "--json"], environ=env) == 0
    )
    assert json.loads(capsys.readouterr().out) == {"agendas": 1, "creneaux": 1}
    assert _counts(url) == (1, 1, 1)  # one audit row for the import
    out = tmp_path / "out.json"
    assert main(["slots", "export-fhir", "--out", str(out)], environ=env) == 0
    assert json.loads(out.read_text(encoding="utf-8")) == bundle
    assert main(["slots", "export-fhir", "--out", str(out), "--territory", "t2"], environ=env) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 0


def test_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {
        "PROXISANTE_HOME": str(tmp_path),
        "PROXISANTE_DATABASE_URL": f"sqlite:///{tmp_path / 'e.db'}",
    }
    imp = ["slots", "import-fhir", "--territory", "t1"]
    assert main([*imp, str(tmp_path / "none.json")], environ=env) == 2
    assert "introuvable" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text('{"resourceType": "Patient"}', encoding="utf-8")
    assert main([*imp, str(bad)], environ=env) == 2
    assert "Bundle" in capsys.readouterr().err
    assert main(["slots", "export-fhir", "--out", str(tmp_path / "o.json")], environ=env) == 2
    assert "proxisante db upgrade" in capsys.readouterr().err


def _deep(p: Path) -> None:
    p.write_text('{"resourceType": "Bundle", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")


def _nested(p: Path) -> None:
    data: Any = _bundle()
    node = data
    for _ in range(100):
        node["extension"] = {}
        node = node["extension"]
    p.write_text(json.dumps(data))


def _write(data: Any) -> Callable[[Path], None]:
    return lambda p: p.write_text(json.dumps(data), encoding="utf-8")


def _shifted(start: str, end: str) -> dict[str, Any]:
    data = _bundle()
    data["entry"][1]["resource"].update(start=start, end=end)
    return data


HOSTILE: list[tuple[str, Callable[[Path], None], list[str], str]] = [
    ("deep-array", _deep, [], "imbriqué"),
    ("deep-object", _nested, [], "imbriqué"),
    ("huge", lambda p: p.write_bytes(b" " * (21 * 1024 * 1024)), [], "au plus"),
    ("not-utf8", lambda p: p.write_bytes(b'{"a": "\xff\xfe"}'), [], "UTF-8"),
    ("cr-only", lambda p: p.write_bytes(b'{\r"resourceType":\r"Patient"}'), [], "Bundle"),
    (
        "overflow",
        _write(_shifted("9999-12-31T23:00:00-14:00", "9999-12-31T23:30:00-14:00")),
        [],
        "calendrier",
    ),
    (
        "far-future",
        _write(_shifted("2999-01-01T10:00:00+00:00", "2999-01-01T10:15:00+00:00")),
        [],
        "fenêtre",
    ),
    ("unknown-territory", _write(_bundle()), ["--territory", "nowhere"], "territoire 'nowhere'"),
    ("other-territory-pro", _write(_bundle()), ["--professional-id", "1"], "inconnu dans le"),
    ("huge-pro-id", _write(_bundle()), ["--professional-id", str(2**63)], "inconnu dans le"),
    ("commune-elsewhere", _write(_bundle()), ["--territory", "t2"], "hors du territoire"),
]


@pytest.mark.parametrize(("name", "make", "extra", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    make: Callable[[Path], None],
    extra: list[str],
    words: str,
) -> None:
    env, url = _database(tmp_path)
    path = tmp_path / f"{name}.json"
    make(path)
    args = ["slots", "import-fhir", str(path), "--territory", "t1", *extra]
    assert main(args, environ=env) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert _counts(url) == (0, 0, 0)  # nothing stored, no audit row


@pytest.mark.parametrize("hours", ["0", "-1", "nan", "inf", "100000"])
def test_export_hours_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], hours: str
) -> None:
    env, _ = _database(tmp_path)
    args = ["slots", "export-fhir", "--out", str(tmp_path / "o.json"), "--hours", hours]
    assert main(args, environ=env) == 2
    assert "--hours" in capsys.readouterr().err
