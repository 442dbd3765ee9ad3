"""The CLI speaks French by default and every message it prints comes from the catalogues.

A sample of commands (error paths and short outputs) is run in-process three times: in the
default language, then with ``PROXISANTE_LANG=en`` and ``de``. The default output must contain
no English sentence, and the English and German outputs must differ from it (a message that
does not go through ``_()`` and the catalogues prints the same text in every language).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from proxisante.cli.__main__ import build_parser, main, requested_lang
from proxisante.i18n import LOCALE_DIR, use_lang

# Words that only an English sentence contains (none is French or German).
ENGLISH = re.compile(
    r"\b(the|expected|must|should|cannot|not found|unknown|invalid|missing|needs|"
    r"already|with|without|database|up to date|one of|got)\b",
    re.IGNORECASE,
)

# The error prefix, in each language (removed before comparing the messages themselves).
PREFIX = re.compile(r"proxisante ?: (erreur|error|Fehler) ?:")


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
    return code, PREFIX.sub("", out.out + out.err).strip()


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


# --- the parser itself: help texts, argparse's own texts, --lang ---------------------------------

# Help texts that are the same in every language (purely technical). Keep it tiny.
SAME_EVERYWHERE: set[str] = set()


def _texts(parser: argparse.ArgumentParser, path: str = "proxisante") -> dict[str, str]:
    """Every user text of ``parser`` and its subparsers, keyed by where it is."""
    out = {f"{path} description": parser.description or ""}
    for group in parser._action_groups:
        out[f"{path} group {len(out)}"] = group.title or ""
    for action in parser._actions:
        name = "/".join(action.option_strings) or action.dest
        out[f"{path} {name}"] = action.help or ""
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                out[f"{path} {choice.dest} (help)"] = choice.help or ""
            for sub_name, sub in action.choices.items():
                out.update(_texts(sub, f"{path} {sub_name}"))
    return {k: v for k, v in out.items() if v and v != argparse.SUPPRESS}


def _parser_texts(lang: str) -> dict[str, str]:
    with use_lang(lang):
        return _texts(build_parser())


def test_every_help_text_is_marked_and_translated():
    french, german, english = (_parser_texts(lang) for lang in ("fr", "de", "en"))
    assert len(french) > 200
    assert french.keys() == german.keys() == english.keys()
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "proxisante.po").open("rb") as f:
        catalogue = [m for m in read_po(f) if m.id and isinstance(m.id, str)]
    # A help text is a msgid, the French msgstr of an argparse msgid ("afficher ce message
    # d'aide…"), or a msgid with its {placeholders} filled in ("l'un de {objectives}").
    known = {m.id for m in catalogue} | {m.string for m in catalogue if m.string}
    templates = [
        re.compile(re.sub(r"\\\{\w+\\\}", ".+", re.escape(m.id)) + "$")
        for m in catalogue
        if "{" in m.id
    ]
    same_de = [(k, v) for k, v in french.items() if german[k] == v and v not in SAME_EVERYWHERE]
    same_en = [(k, v) for k, v in french.items() if english[k] == v and v not in SAME_EVERYWHERE]
    assert not same_de, f"not translated into German: {same_de}"
    # "options" is the same word in French and English (an argparse group title).
    assert all(v == "options" for _k, v in same_en), f"not translated into English: {same_en}"
    unmarked = {
        k: v for k, v in french.items() if v not in known and not any(t.match(v) for t in templates)
    }
    assert not unmarked, f"help texts that are not catalogue msgids: {unmarked}"


def test_french_help_texts_have_no_english_sentence():
    for where, text in _parser_texts("fr").items():
        words = re.sub(r"https?://\S+", "", text)  # proxisante.invalid is a reserved domain
        assert not ENGLISH.search(words), f"{where}: {text!r}"


@pytest.mark.parametrize("lang", ["fr", "de", "en"])
def test_every_help_page_formats(lang, monkeypatch):
    """argparse %-formats the help texts: a stray ``%`` in a translation would fail here."""
    monkeypatch.setenv("COLUMNS", "100")

    def pages(parser: argparse.ArgumentParser) -> list[str]:
        out = [parser.format_help()]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    out.extend(pages(sub))
        return out

    with use_lang(lang):
        texts = pages(build_parser())
    assert len(texts) > 40
    usage = {"fr": "utilisation : ", "de": "Aufruf: ", "en": "usage: "}[lang]
    assert all(t.startswith(usage) for t in texts)


def test_default_help_is_french(cli):
    r = cli("--help")
    assert r.code == 0
    assert "utilisation : proxisante" in r.out
    assert "afficher ce message d'aide et quitter" in r.out
    assert not ENGLISH.search(r.out), r.out


@pytest.mark.parametrize("argv", [["--help"], ["territory", "show", "--help"]])
def test_help_in_german_from_the_environment(cli, argv):
    r = cli(*argv, environ={"PROXISANTE_LANG": "de"})
    assert r.code == 0
    assert "Aufruf: proxisante" in r.out
    assert "Optionen:" in r.out
    assert "diese Hilfe anzeigen und beenden" in r.out
    french = set(_parser_texts("fr").values()) - {"options"}
    leaked = [t for t in french if t in r.out]
    assert not leaked, f"French in the German help: {leaked}"
    assert not re.search(r"\b(utilisation|afficher|territoire|les|pour|une|avec)\b", r.out), r.out


def test_global_lang_option(cli):
    r = cli("--lang", "en", "territory", "--help")
    assert r.code == 0
    assert "usage: proxisante territory" in r.out
    assert "key figures of an area" in r.out
    r = cli("--lang", "en", "territory", "show", "99999")
    assert r.code == 2
    assert r.err.startswith("proxisante: error: Unknown territory code")
    r = cli("--lang=de", "territory", "show")  # argparse's own error, in German
    assert r.code == 2
    assert "Fehler: diese Argumente sind erforderlich: CODE" in r.err


def test_diagnostic_lang_still_chooses_the_language(cli):
    r = cli("diagnostic", "--lang", "de", "--format", "nonsense", "03310")
    assert r.code == 2
    assert "Fehler" in r.err and "erreur" not in r.err


@pytest.mark.parametrize(
    ("argv", "lang"),
    [(["--lang", "xx", "territory", "show", "03310"], "fr"),
     (["diagnostic", "03310", "--lang", "xx"], "de")],
)  # fmt: skip
def test_invalid_lang_exits_2_with_a_clear_message(cli, argv, lang):
    r = cli(*argv, environ={"PROXISANTE_LANG": lang})
    assert r.code == 2
    assert "Traceback" not in r.err
    if lang == "fr":
        assert "erreur : argument --lang : choix invalide : 'xx' (attendu l'un de " in r.err
    else:
        assert "Fehler: Argument --lang: ungültige Auswahl: 'xx'" in r.err
    assert "'fr', 'de', 'en'" in r.err


def test_usage_errors_are_translated(cli):
    fr = cli("plan", "site", "--p", "x", "--objective", "mclp")
    de = cli("plan", "site", "--p", "x", "--objective", "mclp", environ={"PROXISANTE_LANG": "de"})
    assert fr.code == de.code == 2
    assert "proxisante : erreur : argument --p : valeur int invalide : 'x'" in fr.err
    assert "proxisante: Fehler: Argument --p: ungültiger int-Wert: 'x'" in de.err
    bad = cli("territory", "show", "03310", "--bogus")
    assert "arguments non reconnus : --bogus" in bad.err
    choice = cli("territory", "nonsense")
    assert "choix invalide : 'nonsense'" in choice.err


def test_requested_lang():
    env = {"PROXISANTE_LANG": "de"}
    assert requested_lang(["--lang", "en", "territory"], env) == "en"
    assert requested_lang(["diagnostic", "--lang=en"], {}) == "en"
    assert requested_lang(["--lang", "xx"], env) == "de"  # left to the parser to reject
    assert requested_lang(["territory", "--", "--lang", "en"], {}) == "fr"
    assert requested_lang([], {"PROXISANTE_LANG": "es"}) == "fr"
