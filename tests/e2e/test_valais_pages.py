"""The public pages of a Valais commune (Sion) and district (Sion) in German and French, in
Debian's Chromium against ``proxisante serve --demo``: axe-core finds no violation, a German page
holds no French text (``tests/fixtures/i18n/french-words.txt``), the figures are the right ones
and the maps open on an indicator that has Valais data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e._demo_server import demo_server
from tests.e2e.test_public_pages import _page, _real_errors, _shot
from tests.valais_text import french_words_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    "/territoires/ch:6266",
    "/territoires/ch-district:2312",
    "/territoires/ch-district:2312/diagnostic",
    "/ou-consulter?commune=Sitten",
    "/ou-consulter?commune=1950",
    "/installation?commune=Sitten&minutes=30",
]
# Figures of the pages (BFS 2019 population; OVS 2018 density 0.85 FTE per 1,000 in Valais
# central, so ≈ 41 FTE in the district and ≈ 30 in the commune).
FIGURES = {
    "/territoires/ch:6266": {"de": ["34’710", "≈ 30", "0.85"], "fr": ["34 710", "≈ 30", "0,85"]},
    "/territoires/ch-district:2312": {
        "de": ["47’925", "≈ 41", "0.85"],
        "fr": ["47 925", "≈ 41", "0,85"],
    },
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("valais-e2e"), "/") as url:
        yield url


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_valais_pages_are_accessible_and_in_the_readers_language(
    server: str, browser: Any, lang: str
) -> None:
    page = _page(browser, lang)
    violations, french = {}, {}
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        page.goto(f"{server}{path}{sep}lang={lang}")
        if page.locator("#carte").count():
            page.wait_for_selector("#carte[data-idle]")
            assert page.locator("#indicateur").input_value() == "access_ch"
            assert page.locator("#legende li").count() >= 5  # the map has Valais values
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        found = [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        ]
        if found:
            violations[path] = found
        text = page.locator("body").inner_text()
        if lang == "de" and french_words_in(text):
            french[path] = french_words_in(text)
        for figure in FIGURES.get(path, {}).get(lang, []):
            assert figure in text.replace("\u202f", " ").replace("\xa0", " "), (path, figure)
        name = path.strip("/").replace("/", "-").replace("?", "-").replace(":", "-")
        _shot(page, f"valais-{name}-{lang}")
    assert violations == {}
    assert french == {}
    assert _real_errors(page) == []


def test_a_resident_picks_his_commune_from_the_postcode_choices(server: str, browser: Any) -> None:
    page = _page(browser, "fr")
    page.goto(server + "/ou-consulter")
    page.fill("#commune", "1950")
    page.click("form button[type=submit]")
    page.wait_for_selector("#choix")
    first = page.locator("main li").first
    assert first.inner_text().startswith("Sion — Suisse")
    first.locator("a").click()
    page.wait_for_selector("#reponse")
    numbers = page.locator("#numeros strong").all_inner_texts()
    assert numbers[0] == "144" and "15" not in numbers
    assert _real_errors(page) == []
