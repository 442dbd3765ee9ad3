"""Hostile files and arguments on every CLI command that reads one: exit 2, a French message,
nothing stored changed (every file under PROXISANTE_HOME and the output folder byte-identical).

Each row is (command, a maker of the hostile file, a fragment of the expected message). The
database is migrated and seeded first (two registry territories, one professional each), so a
refusal that leaves rows behind would be seen.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, CliResult

ROTA = (FIXTURES / "rota" / "small.yaml").read_text(encoding="utf-8")
RPPS = (FIXTURES / "importers" / "rpps_valid.txt").read_text(encoding="utf-8")
FHIR_OK = {"resourceType": "Bundle", "type": "collection", "entry": []}
HUGE = 21 * 1024 * 1024  # over the 20 MiB limit of the YAML and JSON readers
Maker = Callable[[Path], None]


def _text(text: str, encoding: str = "utf-8") -> Maker:
    return lambda p: p.write_bytes(text.encode(encoding))


def _bytes(data: bytes) -> Maker:
    return lambda p: p.write_bytes(data)


def _sparse(size: int) -> Maker:
    """A file that claims ``size`` bytes without using the disk (a hole full of NUL)."""

    def make(p: Path) -> None:
        with p.open("wb") as f:
            f.truncate(size)

    return make


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


GARBAGE = bytes(range(256)) * 64
YAML_ROWS: list[tuple[str, Maker, str]] = [
    ("impossible-date", _text(ROTA.replace("2027-05-20", "2027-13-45")), "'2027-13-45'"),
    ("impossible-quoted-date", _text(ROTA.replace("2027-05-20", '"2027-02-30"')), "date"),
    ("recursive-alias", _text("a: &a [1, *a]\n"), "alias YAML récursif"),
    ("alias-bomb", _text(_alias_bomb()), "ancres et alias"),
    ("deep-nesting", _text("a: " + "[" * 5000 + "]" * 5000 + "\n"), "trop imbriquée"),
    ("deep-block-nesting", _text("".join(f"{' ' * i}k:\n" for i in range(200))), "imbriquée"),
    ("utf-16", _text(ROTA, "utf-16"), "UTF-16"),
    ("bom-utf8-bad-yaml", _bytes(b"\xef\xbb\xbf: : :\n"), "YAML illisible"),
    ("binary-garbage", _bytes(GARBAGE), "UTF-8"),
    ("nul-bytes", _bytes(b"period:\x00\x00\n"), "NUL"),
    ("empty", _text(""), "mapping"),
    ("only-a-list", _text("- 1\n- 2\n"), "mapping"),
    ("huge-line", _text("a: " + "x" * HUGE), "trop volumineux"),
    ("sparse-1gb", _sparse(1 << 30), "trop volumineux"),
    ("bad-syntax", _text("period: {start: 2027-01-01\n"), "YAML illisible"),
]
JSON_ROWS: list[tuple[str, Maker, str]] = [
    ("deep-nesting", _text('{"a":' * 100_000 + "1" + "}" * 100_000), "trop imbriquée"),
    ("deep-but-parseable", _text("[" * 500 + "]" * 500), "trop imbriquée"),
    ("utf-16", _text(json.dumps(FHIR_OK), "utf-16"), "UTF-16"),
    ("binary-garbage", _bytes(GARBAGE), "UTF-8"),
    ("empty", _text(""), "JSON illisible"),
    ("truncated", _text('{"resourceType": "Bundle", "entry": ['), "JSON illisible"),
    ("sparse-1gb", _sparse(1 << 30), "trop volumineux"),
    ("not-a-bundle", _text("[1, 2, 3]"), "Bundle"),
]
RPPS_ROWS: list[tuple[str, Maker, str]] = [
    ("utf-16", _text(RPPS, "utf-16"), "n'est pas valide en utf-8"),
    ("binary-garbage", _bytes(GARBAGE), "utf-8"),
    ("sparse-1gb", _sparse(1 << 30), "fichier binaire"),
    ("empty", _text(""), "vide"),
    ("header-only", _text(RPPS.splitlines()[0] + "\n"), "aucune ligne de données"),
    ("wrong-separator", _text(RPPS.replace("|", ";")), "mauvais séparateur"),
    ("huge-field", _text(RPPS.splitlines()[0] + "\n" + "x" * 300_000 + "\n"), "128 Kio"),
    ("unclosed-quote", _text(RPPS + '"' + "a|" * 10 + "\n"), "problème"),
]
CSV_ROTA_ROWS: list[tuple[str, Maker, str]] = [
    ("binary-garbage", _bytes(GARBAGE), "UTF-8"),
    ("empty", _text(""), "colonnes manquantes"),
    ("impossible-date", _text("secteur,date,type,medecin_id\nMOU,2027-13-45,nuit,M1\n"), "date"),
    ("huge-field", _text("secteur,date,type,medecin_id\n" + "x" * 300_000 + "\n"), "ligne"),
]


def snapshot(*folders: Path) -> dict[str, str]:
    """sha256 of every file under the folders (missing folders count as empty)."""
    out = {}
    for folder in folders:
        for p in sorted(folder.rglob("*")) if folder.exists() else []:
            if p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture
def seeded(cli: Callable[..., CliResult], home: Path) -> Path:
    """A migrated database with two territories, a professional in each, and one import."""
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.registry import crud

    assert cli("db", "upgrade").code == 0
    url = f"sqlite:///{home / 'proxisante.db'}"
    engine = make_engine(url)
    now = datetime(2026, 6, 1, 9, 0)
    with transaction(make_session_factory(engine)) as s:
        for tid, code in (("t1", "03310"), ("t2", "03190")):
            commune = crud.CommuneRecord(code, code, 3.4, 46.1)
            crud.create_territory(s, territory_id=tid, name=tid, communes=[commune], now=now)
            crud.create_professional(s, territory_id=tid, display_name="Dr", commune_code=code)
    engine.dispose()
    rpps = home.parent / "rpps.txt"
    rpps.write_text(RPPS, encoding="utf-8")
    assert cli("data", "import", "rpps", str(rpps)).code == 0
    return home


def _rows() -> list[object]:
    out: list[object] = []
    for name, make, expected in YAML_ROWS:
        out.append(pytest.param("rota-solve", make, expected, id=f"rota-solve-{name}"))
    for name, make, expected in YAML_ROWS[:6]:
        out.append(pytest.param("rota-check-yaml", make, expected, id=f"rota-check-{name}"))
    for name, make, expected in CSV_ROTA_ROWS:
        out.append(pytest.param("rota-check-csv", make, expected, id=f"rota-check-csv-{name}"))
    for name, make, expected in JSON_ROWS:
        out.append(pytest.param("slots-import", make, expected, id=f"slots-import-{name}"))
    for name, make, expected in RPPS_ROWS:
        out.append(pytest.param("data-import-rpps", make, expected, id=f"rpps-{name}"))
    return out


def _argv(command: str, bad: Path, tmp_path: Path) -> list[str]:
    good_yaml = tmp_path / "good.yaml"
    good_yaml.write_text(ROTA, encoding="utf-8")
    return {
        "rota-solve": ["rota", "solve", str(bad), "--out", str(tmp_path / "out")],
        "rota-check-yaml": ["rota", "check", str(bad), str(tmp_path / "none.csv")],
        "rota-check-csv": ["rota", "check", str(good_yaml), str(bad)],
        "slots-import": ["slots", "import-fhir", str(bad), "--territory", "t1"],
        "data-import-rpps": ["data", "import", "rpps", str(bad)],
    }[command]


@pytest.mark.parametrize(("command", "make", "expected"), _rows())
def test_hostile_file_exits_2_in_french_and_changes_nothing(
    cli: Callable[..., CliResult],
    seeded: Path,
    tmp_path: Path,
    command: str,
    make: Maker,
    expected: str,
) -> None:
    bad = tmp_path / "hostile-input"
    make(bad)
    before = snapshot(seeded, tmp_path / "out")
    r = cli(*_argv(command, bad, tmp_path))
    assert r.code == 2, (r.code, r.err[-500:])
    err: str = r.err
    assert "Traceback" not in err
    assert str(bad) in err
    assert expected in err, err[-500:]
    assert snapshot(seeded, tmp_path / "out") == before


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--territory", "t1", "--professional-id", "999"], "aucun professionnel"),
        (["--territory", "t1", "--professional-id", "2"], "aucun professionnel"),  # t2's
        (["--territory", "nowhere", "--professional-id", "1"], "inconnu"),
        (["--territory", "t1"], "--professional-id"),
    ],
)
def test_add_user_with_foreign_or_unknown_professional_is_refused(
    cli: Callable[..., CliResult],
    seeded: Path,
    extra: list[str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROXISANTE_NEW_PASSWORD", "a long enough password")
    before = snapshot(seeded)
    r = cli(
        "registry",
        "add-user",
        "--username",
        "dr.x",
        "--role",
        "professional",
        *extra,
    )
    assert r.code == 2, r.err
    assert expected in r.err
    assert snapshot(seeded) == before


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["registry", "add-user", "--username", "A\x00", "--role", "admin"], "Nom d'utilisateur"),
        (["registry", "add-territory", "--id", "Bad Id", "--name", "x", "--area", "03310"], "id"),
        (["registry", "add-territory", "--id", "ok", "--name", "a\x00b", "--area", "03310"], "nom"),
        (["registry", "match", "--territory", "nowhere"], "inconnu"),
        (["registry", "report", "--territory", "nowhere"], "inconnu"),
    ],
)
def test_hostile_registry_arguments(
    cli: Callable[..., CliResult],
    seeded: Path,
    argv: list[str],
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROXISANTE_NEW_PASSWORD", "a long enough password")
    before = snapshot(seeded)
    r = cli(*argv)
    assert r.code == 2, r.err
    assert expected in r.err
    assert snapshot(seeded) == before


def test_cr_only_rpps_file_imports_like_the_lf_one(
    cli: Callable[..., CliResult], home: Path, tmp_path: Path
) -> None:
    """Old Mac line ends (CR only) are lines too: same rows, no traceback."""
    lf, cr = tmp_path / "lf.txt", tmp_path / "cr.txt"
    lf.write_text(RPPS, encoding="utf-8")
    cr.write_bytes(RPPS.replace("\n", "\r").encode("utf-8"))
    assert cli("data", "import", "rpps", str(lf), "--json").json()["rows"] > 0
    stored = (home / "imports" / "rpps.parquet").read_bytes()
    r = cli("data", "import", "rpps", str(cr), "--json")
    assert r.code == 0, r.err
    import pandas as pd

    assert pd.read_parquet(home / "imports" / "rpps.parquet").equals(
        pd.read_parquet(__import__("io").BytesIO(stored))
    )
