"""Every public page, in French and in German, reads as a text in that language: no ISO date
(``2026-12-14``, ``2026-11``), no ``(s)`` plural, no English word on a French or German page and
no French word on a German page (word lists in ``tests/fixtures/i18n``, proper names taken out:
communes, hospitals, on-call centres).

The pages are those of the site map (``/plan-du-site``), territory pages of each kind in both
countries, their diagnostics, where to consult in both countries, the public projects and the
registry figures of the demo (fictitious CPTS of Vichy and of the Valais), and a 404 page."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from proxisante.config import Settings
from proxisante.web.app import create_app
from tests.valais_text import french_words_in, proper_names, visible_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ENGLISH = Path(__file__).resolve().parents[2] / "fixtures" / "i18n" / "english-words.txt"
ISO_DATE = re.compile(
    r"(?<![\d/.-])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?(?![\d-])"
)
PLURAL_S = re.compile(r"\w\((?:s|e|es|n|en|x|inn|innen)\)", re.I)

GERMAN_TOO = {"département"}

PAGES = (
    "/",
    "/carte",
    "/ou-consulter",
    "/ou-consulter?commune=Arfeuilles",
    "/ou-consulter?commune=Sion",
    "/installation",
    "/inscription",
    "/inscription/suivi",
    "/donnees-personnelles",
    "/accessibilite",
    "/mentions-legales",
    "/plan-du-site",
    "/projets",
    "/registre/chiffres",
    "/territoires/03007",  # Arfeuilles
    "/territoires/200071363",  # CA Vichy Communauté
    "/territoires/dep:03",
    "/territoires/ch:6266",  # Sion
    "/territoires/ch-district:2312",  # Sion district
    "/territoires/200071363/diagnostic",
    "/territoires/ch-district:2312/diagnostic",
)


@cache
def english_words() -> tuple[str, ...]:
    lines = ENGLISH.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def english_words_in(text: str) -> list[str]:
    for name in proper_names():
        if len(name) > 2 and name in text:
            text = text.replace(name, " ")
    return [
        w
        for w in english_words()
        if re.search(rf"(?<![\w’'.@/-]){re.escape(w)}(?![\w’'@/-])", text, flags=re.I)
    ]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over the demo database (registry figures, public projects of the demo)."""
    from proxisante.bootstrap.demo import demo_database

    home = tmp_path_factory.mktemp("words-home")
    settings = demo_database(Settings(home=home, database_url=""))
    app = create_app(settings, secret_key="k" * 32, demo={"fictitious": True})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield TestClient(app)


def _page_text(client: TestClient, path: str, lang: str) -> str:
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert r.status_code == 200, (path, lang, r.status_code)
    return visible_text(r.text)


def _project_pages(client: TestClient) -> list[str]:
    page = client.get("/projets?lang=fr").text
    return sorted(set(re.findall(r'href="(/projets/\d+)\?', page)))[:3]


def _offences(text: str, lang: str) -> dict[str, list[str]]:
    found = {
        "ISO dates": sorted(set(ISO_DATE.findall(text))),
        "(s) plurals": sorted({m.group(0) for m in PLURAL_S.finditer(text)}),
        "English words": english_words_in(text),
    }
    if lang == "de":
        # "Département" is also the German word for a French département (Duden).
        found["French words"] = [w for w in french_words_in(text) if w not in GERMAN_TOO]
    return {k: v for k, v in found.items() if v}


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_every_public_page_reads_in_its_language(client: TestClient, lang: str) -> None:
    bad = {}
    for path in [*PAGES, *_project_pages(client)]:
        offences = _offences(_page_text(client, path, lang), lang)
        if offences:
            bad[path] = offences
    assert bad == {}


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_the_not_found_page_reads_in_its_language(client: TestClient, lang: str) -> None:
    r = client.get(f"/territoires/99999?lang={lang}")
    assert r.status_code == 404
    assert _offences(visible_text(r.text), lang) == {}


def test_the_checks_find_what_they_look_for() -> None:
    """The detectors themselves: a text with each fault is caught, a clean text is not."""
    faults = "Mis à jour le 2026-12-14 ; 3 commune(s) ; the map ; données de 2026-11."
    found = _offences(faults, "fr")
    assert found["ISO dates"] == ["2026-11", "2026-12-14"]
    assert found["(s) plurals"] == ["e(s)"]
    assert found["English words"] == ["the", "map"]
    clean = "Mis à jour le 14 décembre 2026 ; 3 communes ; la carte (APL 2,5)."
    assert _offences(clean, "fr") == {}
    assert _offences("Stand: 14. Dezember 2026; drei Gemeinden", "de") == {}
    assert _offences("Stand : les médecins", "de")["French words"]
