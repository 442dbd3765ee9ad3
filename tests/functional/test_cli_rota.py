"""``proxisante rota solve`` and ``proxisante rota check`` end to end, on the fixture files."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
import yaml

from proxisante.cli.__main__ import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "rota"
EXAMPLE = Path(__file__).parents[2] / "examples" / "rota-allier.yaml"


def _checker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "rota_independent_checker", FIXTURES / "independent_checker.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rota")
    code = main(
        ["rota", "solve", str(FIXTURES / "small.yaml"), "--out", str(out), "--time-limit", "2"],
        environ={"PROXISANTE_HOME": str(out / "home")},
    )
    assert code == 0
    return out


def test_solve_writes_every_export(solved: Path) -> None:
    assert (solved / "rota.json").is_file() and (solved / "rota.csv").is_file()
    assert sorted(p.name for p in (solved / "secteurs").iterdir()) == ["MOU.csv", "VIC.csv"]
    ics = sorted(p.name for p in (solved / "ics").iterdir())
    assert "M6.ics" not in ics  # fully exempt
    assert "M1.ics" in ics
    for path in (solved / "ics").iterdir():
        cal = icalendar.Calendar.from_ical(path.read_bytes())
        assert all(str(ev["uid"]).endswith("@rota.proxisante") for ev in cal.walk("VEVENT"))
    rows = list(csv.DictReader(io.StringIO((solved / "rota.csv").read_text(encoding="utf-8"))))
    spec = yaml.safe_load((FIXTURES / "small.yaml").read_text(encoding="utf-8"))
    assert _checker().check(spec, rows) == []


def test_check_accepts_the_solved_rota(solved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["rota", "check", str(FIXTURES / "small.yaml"), str(solved / "rota.csv")])
    assert code == 0
    assert "tableau valide" in capsys.readouterr().out
    code = main(
        [
            "rota",
            "check",
            str(FIXTURES / "small.yaml"),
            str(solved / "secteurs" / "VIC.csv"),
            "--sector",
            "VIC",
        ]
    )
    assert code == 0


def test_check_lists_each_violation(
    solved: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = (solved / "rota.csv").read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    broken = [r for r in rows if ",MOU-" not in r][1:]  # drop the first shift
    broken = [
        ",".join([*r.split(",")[:-2], "M6", "Dr Fictif F"]) if i == 3 else r
        for i, r in enumerate(broken)
    ]
    path = tmp_path / "broken.csv"
    path.write_text("\n".join([header, *broken]) + "\n", encoding="utf-8")
    code = main(["rota", "check", str(FIXTURES / "small.yaml"), str(path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "violation(s)" in err
    assert "[couverture] secteur MOU" in err and "non couverte" in err
    assert "M6 est exempté de garde" in err
    code = main(["rota", "check", str(FIXTURES / "small.yaml"), str(path), "--json"])
    assert code == 2
    data = json.loads(capsys.readouterr().out)
    assert data["valide"] is False and len(data["violations"]) >= 2


def test_infeasible_exits_2_naming_sector_and_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["rota", "solve", str(FIXTURES / "infeasible.yaml"), "--out", str(tmp_path / "o")])
    assert code == 2
    err = capsys.readouterr().err
    assert "secteur CER : 28 gardes, 3 médecins disponibles, au plus 8 chacun (24 au total)" in err
    assert not (tmp_path / "o").exists()  # nothing written


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("unquoted_time.yaml", "ligne 6, champ `shift_types.0.start`"),
        ("unknown_sector.yaml", "secteur inconnu 'S9'"),
        ("bad_fields.yaml", "ligne 2, champ `country`"),
        ("not_yaml.yaml", "YAML illisible"),
    ],
)
def test_invalid_inputs_exit_2_with_the_field(
    name: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "invalid" / name
    code = main(["rota", "solve", str(path), "--out", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert expected in err and name in err


def test_missing_file_and_bad_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rota", "solve", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)]) == 2
    assert "introuvable" in capsys.readouterr().err
    bad_csv = FIXTURES / "invalid" / "bad_rota.csv"
    assert main(["rota", "check", str(FIXTURES / "infeasible.yaml"), str(bad_csv)]) == 2
    assert "ligne 3, colonne `date`" in capsys.readouterr().err


@pytest.mark.slow
def test_example_solves_and_checks_in_a_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "allier"
    cmd = [sys.executable, "-m", "proxisante", "rota", "solve", str(EXAMPLE), "--out", str(out)]
    done = subprocess.run([*cmd, "--time-limit", "8", "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert {s["secteur"] for s in summary["secteurs"]} == {"MOU", "VIC", "MLU", "LAP"}
    check = [
        sys.executable,
        "-m",
        "proxisante",
        "rota",
        "check",
        str(EXAMPLE),
        str(out / "rota.csv"),
    ]
    done = subprocess.run(check, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


VALAIS_EXAMPLE = EXAMPLE.with_name("rota-valais.yaml")


@pytest.mark.slow
def test_the_valais_example_follows_the_valais_holidays_in_german(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ausgabe"
    argv = ["--lang", "de", "rota", "solve", str(VALAIS_EXAMPLE), "--out", str(out)]
    code = main([*argv, "--time-limit", "3"], environ={"PROXISANTE_HOME": str(tmp_path)})
    text = capsys.readouterr().out
    assert code == 0, text
    assert "Dienstplan vom 2027-03-01 bis 2027-06-30" in text
    assert "faisable" not in text and " secteur " not in text  # German output
    rows = list(csv.DictReader(io.StringIO((out / "rota.csv").read_text(encoding="utf-8"))))
    assert rows and all(r["medecin"].startswith("Dr. Fiktiv") for r in rows)
    by_day: dict[str, set[str]] = {}
    for r in rows:
        by_day.setdefault(r["date"], set()).add(r["type"])
    # Valais holidays staffed like Sundays: St Joseph (Fri 19 March), Corpus Christi (Thu 27
    # May) and its bridge day; Good Friday (26 March) is no holiday in Valais.
    for day in ("2027-03-19", "2027-05-06", "2027-05-07", "2027-05-27", "2027-05-28"):
        assert "tag" in by_day[day], day
    assert "tag" not in by_day["2027-03-26"]
    spec = yaml.safe_load(VALAIS_EXAMPLE.read_text(encoding="utf-8"))
    assert all("Fiktiv" in d["name"] for d in spec["doctors"])  # fictitious people
    assert _checker().check(spec, rows) == []
