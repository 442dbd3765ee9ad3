"""The CLI speaks French by default and every message it prints comes from the catalogues.

A sample of commands (error paths and short outputs) is run in-process three times: in the
default language, then with ``PROXISANTE_LANG=en`` and ``de``. The default output must contain
no English sentence, and the English and German outputs must differ from it (a message that
does not go through ``_()`` and the catalogues prints the same text in every language).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from proxisante.cli.__main__ import main

# Words that only an English sentence contains (none is French or German).
ENGLISH = re.compile(
    r"\b(the|expected|must|should|cannot|not found|unknown|invalid|missing|needs|"
    r"already|with|without|database|up to date|one of|got)\b",
    re.IGNORECASE,
)


def _commands(tmp: Path) -> list[tuple[str, list[str]]]:
    missing = str(tmp / "absent.csv")
    return [
        ("unknown territory", ["territory", "show", "99999"]),
        ("empty search", ["territory", "search", "  "]),
        ("territory figures", ["territory", "show", "03310"]),
        ("bad threshold", ["access", "nearest", "--to", "gp", "--threshold", "-1"]),
        ("plan site without inputs", ["plan", "site", "--objective", "mclp", "--p", "1"]),
        ("plan site unknown objective", ["plan", "site", "--objective", "x", "--p", "1", "03310"]),
        ("zip ceiling out of range", ["plan", "zoning", "--zip-ceiling", "2", "200071363"]),
        ("missing scenario", ["plan", "scenario", str(tmp / "absent.yaml")]),
        ("missing candidates file", ["plan", "site", "--objective", "mclp", "--p", "1",
                                     "--demand", missing, "--candidates", missing,
                                     "--times", missing]),
        ("projects before migration", ["projects", "list"]),
        ("database upgrade", ["db", "upgrade"]),
    ]  # fmt: skip


def _run(argv: list[str], home: Path, lang: str | None, capsys) -> tuple[int, str]:
    env = {"PROXISANTE_HOME": str(home)}
    if lang:
        env["PROXISANTE_LANG"] = lang
    code = main(argv, environ=env)
    out = capsys.readouterr()
    return code, (out.out + out.err).replace("proxisante: error:", "").strip()


@pytest.mark.parametrize("case", range(11))
def test_default_french_and_translated(case, tmp_path, capsys):
    name, argv = _commands(tmp_path)[case]
    texts = {}
    for lang in (None, "en", "de"):
        home = tmp_path / (lang or "fr")  # a fresh home each time (db upgrade, projects)
        home.mkdir()
        _code, texts[lang] = _run(argv, home, lang, capsys)
        assert texts[lang], f"{name}: nothing printed"
        assert "Traceback" not in texts[lang]
    french = texts[None]
    assert not ENGLISH.search(french), f"{name}: English in the default output: {french!r}"
    assert texts["en"] != french, f"{name}: the same text in English (not catalogued): {french!r}"
    assert texts["de"] != french, f"{name}: the same text in German (not catalogued): {french!r}"


def test_the_sample_is_complete(tmp_path):
    assert len(_commands(tmp_path)) == 11


def test_the_check_catches_english():
    assert ENGLISH.search("Database up to date (revision abc).")
    assert ENGLISH.search("Unknown priority criterion 'x'; expected one of ald")
    assert not ENGLISH.search("Base de données à jour (révision abc).")
