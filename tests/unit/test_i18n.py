"""Translation catalogues and locale formats (proxisante.i18n).

The catalogues are complete (every message has a German and an English text), the committed
.mo files are the compilation of the .po files, and every message the code and templates use
is in the catalogues (run ``make i18n`` when one of these fails).
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from proxisante import i18n
from proxisante.errors import InputFileError, Problem, UnknownTerritoryError

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "proxisante" / "locale"


def _catalog(lang: str):
    with (LOCALE / lang / "LC_MESSAGES" / "proxisante.po").open("rb") as f:
        return read_po(f)


def _ids(catalog) -> set[str]:
    return {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog if m.id}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_message_has_a_translation(lang):
    catalog = _catalog(lang)
    assert len(_ids(catalog)) > 0
    missing = [
        m.id
        for m in catalog
        if m.id
        and (
            "fuzzy" in m.flags
            or not m.string
            or (isinstance(m.string, tuple) and not all(s.strip() for s in m.string))
            or (isinstance(m.string, str) and not m.string.strip())
        )
    ]
    assert not missing, f"untranslated in {lang} (fill the .po, then `make i18n`): {missing}"


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_compiled_catalogues_are_current(lang):
    buf = io.BytesIO()
    write_mo(buf, _catalog(lang))
    mo = LOCALE / lang / "LC_MESSAGES" / "proxisante.mo"
    assert mo.read_bytes() == buf.getvalue(), f"{mo} is stale: run `make i18n`"


def test_every_message_of_the_code_is_in_the_catalogues():
    with (ROOT / "babel.cfg").open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f)
    used = {
        msg[0] if isinstance(msg, tuple) else msg
        for _file, _line, msg, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map
        )
    }
    assert len(used) > 10
    for lang in ("fr", "de", "en"):
        missing = sorted(used - _ids(_catalog(lang)))
        assert not missing, f"not in the {lang} catalogue (run `make i18n`): {missing}"


def test_messages_follow_the_context_language():
    err = InputFileError("a.csv", [Problem(3, "x")])
    assert "rien n'a été importé" in str(err) and "ligne 3 : x" in str(err)
    with i18n.use_lang("de"):
        assert "nichts wurde importiert" in str(InputFileError("a.csv", [Problem(3, "x")]))
        assert str(UnknownTerritoryError("zz")).startswith("Unbekannter Gebietscode: 'zz'.")
    with i18n.use_lang("en"):
        assert str(UnknownTerritoryError("zz")).startswith("Unknown territory code: 'zz'.")
    assert i18n.get_lang() == "fr"
    with pytest.raises(ValueError, match="unsupported language"):
        i18n.set_lang("es")


@pytest.mark.parametrize(
    ("locale", "number", "decimal", "percent"),
    [
        ("fr_FR", "83\u00a0990", "3,47", "5,3\u00a0%"),
        ("fr_CH", "83’990", "3,47", "5,3%"),
        ("de_CH", "83’990", "3.47", "5.3%"),
        ("en", "83,990", "3.47", "5.3%"),
    ],
)
def test_numbers_per_locale(locale, number, decimal, percent):
    assert i18n.format_number(83990, locale=locale) == number
    assert i18n.format_decimal(3.4712, 2, locale=locale) == decimal
    assert i18n.format_percent(0.053, locale=locale) == percent


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("fr", "14 décembre 2026, 09:30"),
        ("de", "14. Dezember 2026, 09:30"),
        ("en", "December 14, 2026, 9:30\u202fAM"),
    ],
)
def test_date_and_time_in_words_per_locale(locale, expected):
    assert i18n.format_datetime(datetime(2026, 12, 14, 9, 30), locale=locale) == expected


def test_language_chooses_the_locale():
    with i18n.use_lang("de"):
        assert i18n.get_locale() == "de_CH"
        assert i18n.format_number(1234567) == "1’234’567"
        assert i18n.format_date(date(2026, 3, 1)) == "1. März 2026"
    with i18n.use_lang("fr", locale="fr_CH"):
        assert i18n.format_number(1234) == "1’234"
    assert i18n.format_date(date(2026, 3, 1)) == "1 mars 2026"
    with i18n.use_lang("en"):
        assert i18n.format_date(date(2026, 3, 1)) == "March 1, 2026"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de-CH,de;q=0.9,en;q=0.8", "de"),
        ("en-GB,en;q=0.9", "en"),
        ("es,it;q=0.5", "fr"),
        ("es, en;q=0.3, de;q=0.7", "de"),
        ("en;q=0, fr;q=0.1", "fr"),
        ("", "fr"),
        ("de;q=abc, en", "en"),
    ],
)
def test_accept_language(header, expected):
    assert i18n.parse_accept_language(header) == expected


def test_no_function_shadows_the_gettext_underscore():
    """``_, x = ...`` in a function that also calls ``_()`` breaks it (UnboundLocalError)."""
    import ast

    bad = []
    for path in (ROOT / "src" / "proxisante").rglob("*.py"):
        for f in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            nodes = list(ast.walk(f))
            stores = any(
                isinstance(n, ast.Name) and n.id == "_" and isinstance(n.ctx, ast.Store)
                for n in _outside_comprehensions(f)
            )
            calls = any(
                isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "_"
                for n in nodes
            )
            if stores and calls:
                bad.append(f"{path.name}:{f.name}")
    assert not bad, bad


def test_every_bundle_source_text_is_in_the_catalogues():
    """The diagnosis shows the bundle's sources in the report's language: a new source's
    description, vintage and note must be listed in diagnosis/provenance.py (then `make i18n`
    and translate them)."""
    from proxisante.diagnosis.provenance import SOURCE_TEXTS
    from proxisante.territory.bundle import read_provenance

    listed = set(SOURCE_TEXTS)
    missing = [
        s[k]
        for s in read_provenance()["sources"]
        for k in ("content", "vintage", "note")
        if s.get(k) and re.search(r"[A-Za-zÀ-ÿ]{3}", s[k]) and s[k] not in listed
    ]
    assert not missing, f"add to src/proxisante/diagnosis/provenance.py: {missing}"


def _outside_comprehensions(node):
    """The nodes of ``node`` except those inside comprehensions (which have their own scope)."""
    import ast

    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            continue
        yield child
        yield from _outside_comprehensions(child)
