"""``proxisante data import``: every failure mode of every importer.

Each bad file is made from the valid fixture of its kind with one defect. The test imports the
valid file first, then the bad one, and checks the exit code, the message and that the stored
table is byte-for-byte what it was. RPPS and INSEE age files carry no coordinates, so the
"coordinates outside the territory" mode applies to the three kinds that do.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

VALID = {
    "rpps": "rpps_valid.txt",
    "finess": "finess_valid.csv",
    "insee-age": "insee_age_valid.csv",
    "professionals-csv": "professionals_valid.csv",
    "structures-csv": "structures_valid.csv",
}
SEPARATOR = {"rpps": "|", "finess": ";", "insee-age": ";"}


def text_of(kind: str) -> str:
    return (FIXTURES / "importers" / VALID[kind]).read_text(encoding="utf-8")


def lines_of(kind: str) -> list[str]:
    return text_of(kind).splitlines()


def wrong_encoding(kind: str) -> bytes:
    return text_of(kind).encode("utf-16")


def wrong_separator(kind: str) -> bytes:
    sep = SEPARATOR.get(kind, ",")
    other = {"|": ";", ";": "|", ",": ";"}[sep]
    return text_of(kind).replace(sep, other).encode()


def missing_column(kind: str) -> bytes:
    lines = lines_of(kind)
    if kind == "finess":
        lines[1] = ";".join(lines[1].split(";")[:12])
    else:
        victim = {"rpps": "Code commune (coord. structure)", "insee-age": "CODGEO"}.get(
            kind, "commune"
        )
        lines[0] = lines[0].replace(victim, "colonne_renommee", 1)
    return ("\n".join(lines) + "\n").encode()


def unknown_commune(kind: str) -> bytes:
    text = text_of(kind)
    if kind == "finess":
        return text.replace(";310;03;", ";999;03;", 1).encode()
    return text.replace("03310", "99999", 1).encode()


def duplicate_identifier(kind: str) -> bytes:
    lines = lines_of(kind)
    lines.append(lines[1])
    return ("\n".join(lines) + "\n").encode()


def coordinates_outside(kind: str) -> bytes:
    text = text_of(kind)
    if kind == "finess":  # Lambert-93 of a point in the Bay of Biscay
        return text.replace("732885.0;6558743.7", "150000.0;6500000.0").encode()
    # longitude and latitude swapped on the first data line: a point in the Indian Ocean
    lines = text.splitlines()
    header = lines[0].split(",")
    fields = lines[1].split(",")
    i, j = header.index("lon"), header.index("lat")
    fields[i], fields[j] = fields[j], fields[i]
    lines[1] = ",".join(fields)
    return ("\n".join(lines) + "\n").encode()


def empty_file(kind: str) -> bytes:
    return b""


CASES: list[tuple[str, Callable[[str], bytes], str]] = [
    ("wrong-encoding", wrong_encoding, "n'est pas valide en utf-8"),
    ("wrong-separator", wrong_separator, "mauvais séparateur"),
    ("missing-column", missing_column, "attendu"),
    ("unknown-commune", unknown_commune, "code commune inconnu"),
    ("duplicate-identifier", duplicate_identifier, "en double"),
    ("coordinates-outside", coordinates_outside, "hors d"),
    ("empty-file", empty_file, "le fichier est vide"),
]
MESSAGES = {
    ("rpps", "missing-column"): "colonne(s) manquante(s) : 'Code commune (coord. structure)'",
    ("insee-age", "missing-column"): "colonne(s) manquante(s) : 'CODGEO'",
    ("professionals-csv", "missing-column"): "colonne(s) manquante(s) : 'commune'",
    ("structures-csv", "missing-column"): "colonne(s) manquante(s) : 'commune'",
    ("finess", "missing-column"): "ligne structureet à 12 champ(s)",
}
NO_COORDINATES = {"rpps", "insee-age"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_file_is_imported(cli, kind, home):
    r = cli("data", "import", kind, str(FIXTURES / "importers" / VALID[kind]), "--json")
    assert r.code == 0, r.err
    assert r.json()["rows"] > 0
    assert (home / "imports" / f"{kind}.parquet").exists()


BAD_FILES = [
    pytest.param(kind, case, make, expected, id=f"{kind}-{case}")
    for kind in sorted(VALID)
    for case, make, expected in CASES
    if not (case == "coordinates-outside" and kind in NO_COORDINATES)
]


@pytest.mark.parametrize(("kind", "case", "make", "expected"), BAD_FILES)
def test_bad_file_is_refused_and_store_unchanged(cli, home, tmp_path, kind, case, make, expected):
    assert cli("data", "import", kind, str(FIXTURES / "importers" / VALID[kind])).code == 0
    stored = home / "imports" / f"{kind}.parquet"
    before = digest(stored)
    inventory_before = cli("data", "info", "--json").json()["imported"]

    bad = tmp_path / f"bad-{case}.txt"
    bad.write_bytes(make(kind))
    r = cli("data", "import", kind, str(bad))

    assert r.code == 2
    assert str(bad) in r.err
    assert MESSAGES.get((kind, case), expected) in r.err
    assert "rien n'a été importé" in r.err
    assert digest(stored) == before
    assert cli("data", "info", "--json").json()["imported"] == inventory_before
    assert sorted(p.name for p in stored.parent.iterdir()) == sorted(
        f"{k}.parquet" for k in inventory_before
    )


def test_problems_carry_line_numbers(cli, tmp_path):
    bad = tmp_path / "pros.csv"
    bad.write_text(
        "id,profession,commune,lon,lat\nA,gp,03310,,\nB,surgeon,03310,,\nA,gp,99999,,\n",
        encoding="utf-8",
    )
    r = cli("data", "import", "professionals-csv", str(bad))
    assert r.code == 2
    assert "ligne 3 : colonne 'profession' : 'surgeon'" in r.err
    assert "ligne 4 : id en double 'A' (déjà ligne 2)" in r.err
    assert "ligne 4 : colonne 'commune' : code commune inconnu '99999'" in r.err


def test_missing_file_is_a_user_error(cli, tmp_path):
    r = cli("data", "import", "rpps", str(tmp_path / "nope.txt"))
    assert r.code == 2
    assert "fichier introuvable" in r.err


def test_latin1_file_imports_with_encoding_option(cli, tmp_path):
    f = tmp_path / "rpps-latin1.txt"
    f.write_bytes(text_of("rpps").encode("latin-1"))
    assert cli("data", "import", "rpps", str(f)).code == 2
    assert cli("data", "import", "rpps", str(f), "--encoding", "latin-1").code == 0
