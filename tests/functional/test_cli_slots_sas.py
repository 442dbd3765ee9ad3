"""``proxisante slots import-fhir`` with bundles of the ANS SAS guide: the guide's own CPTS
example imports (its Location, Aussonne 31840, resolved to INSEE 31032); a copy that breaks
the profile exits 2 listing each problem, and nothing is stored."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from proxisante.cli.__main__ import main
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow
from proxisante.store.slots import SlotRow, SlotScheduleRow

EXAMPLE = Path(__file__).parents[2] / "examples" / "fhir-sas-cpts-guide-example.json"


def _counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    with make_session_factory(engine)() as s:
        out = tuple(
            int(s.scalar(select(func.count()).select_from(t)) or 0)
            for t in (SlotScheduleRow, SlotRow, AuditRow)
        )
    engine.dispose()
    return out  # type: ignore[return-value]


def test_guide_example_imports_broken_copy_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as s:
        commune = crud.CommuneRecord("31032", "Aussonne", 1.3228, 43.6817)
        crud.create_territory(
            s, territory_id="t31", name="t31", communes=[commune], now=datetime(2024, 6, 1)
        )
    engine.dispose()
    env = {"PROXISANTE_HOME": str(tmp_path), "PROXISANTE_DATABASE_URL": url}
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(data))
    for e in bad["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Slot":
            r["status"] = "busy"
        if r["resourceType"] == "Organization":
            r["identifier"][0]["value"] = "123"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["slots", "import-fhir", str(path), "--territory", "t31"], environ=env) == 2
    err = capsys.readouterr().err
    assert "(guide SAS 1.2.0) : 2 problème(s)" in err and "status fixé à free" in err
    assert "FINESS-invariant" in err
    assert _counts(url) == (0, 0, 0)
    # the guide's example as it is, but dated tomorrow (publication refuses past slots)
    day = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
    text = EXAMPLE.read_text(encoding="utf-8").replace('"2024-06-12T', f'"{day}T')
    (tmp_path / "guide.json").write_text(text, encoding="utf-8")
    args = ["slots", "import-fhir", str(tmp_path / "guide.json"), "--territory", "t31", "--json"]
    assert main(args, environ=env) == 0
    assert json.loads(capsys.readouterr().out) == {"agendas": 1, "creneaux": 1}
    assert _counts(url) == (1, 1, 1)
    # what was imported goes out again as bundles of the guide, both cases
    from proxisante.slots.sas_profile import check_sas_bundle

    out = tmp_path / "sas.json"
    base = ["slots", "export", "--format", "fhir-sas", "--out", str(out), "--territory", "t31"]
    assert main([*base, "--hours", "72"], environ=env) == 0
    indiv = json.loads(out.read_text(encoding="utf-8"))
    assert check_sas_bundle(indiv, "indiv") == [] and indiv["total"] == 1
    assert "1 créneaux" in capsys.readouterr().out
    person = next(e["resource"] for e in indiv["entry"] if e["resource"]["id"].startswith("pr-"))
    assert person["identifier"][0]["value"] == "810002909371"
    cpts = [*base, "--hours", "72", "--case", "cpts", "--cpts-name", "CPTS (fictive)"]
    assert main(cpts, environ=env) == 2  # no FINESS for the CPTS
    assert "FINESS de la CPTS" in capsys.readouterr().err
    assert main([*cpts, "--cpts-finess", "950047225"], environ=env) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert check_sas_bundle(data, "cpts") == []
    org = next(
        e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == "Organization"
    )
    assert org["identifier"][0]["value"] == "1950047225"  # as the guide's ExampleOrgaCPTS1
