"""Real Chromium (Debian's, never a downloaded browser) against ``proxisante serve --demo``:
the public pages as a mayor, a student and a resident use them, and axe-core (served by the app
from node_modules, through ``make setup``) finds no accessibility violation on any of them in
French and German. Screenshots go to ``$PROXISANTE_SCREENSHOTS`` when set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e._demo_server import demo_server
from tests.e2e._demo_server import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PUBLIC_PAGES = [
    "/",
    "/?q=vichy",
    "/territoires/200071363",
    "/territoires/ch-district:2312",
    "/territoires/200071363/diagnostic",
    "/territoires/99999",
    "/carte",
    "/ou-consulter",
    "/ou-consulter?commune=Sion",
    "/installation?commune=Moulins&minutes=30",
    "/accessibilite",
    "/mentions-legales",
    "/plan-du-site",
    "/donnees-personnelles",
    "/projets",
    "/registre/chiffres",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("public-e2e"), "/") as url:
        yield url


def _page(browser: Any, lang: str = "fr") -> Any:
    locale = {"fr": "fr-FR", "de": "de-CH", "en": "en-GB"}[lang]
    ctx = browser.new_context(
        locale=locale,
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
        extra_http_headers={"Accept-Language": locale},
    )
    page = ctx.new_page()
    page.set_default_timeout(120_000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.errors = errors
    return page


def _real_errors(page: Any) -> list[str]:
    # A 404/400 page is an expected answer, not a script error.
    return [e for e in page.errors if "status of 404" not in e and "status of 400" not in e]


def test_mayor_finds_the_epci_sees_the_map_and_downloads_the_diagnostic(
    server: str, browser: Any, tmp_path: Path
) -> None:
    page = _page(browser)
    page.goto(server + "/")
    page.fill("#q", "entr allier besbre")
    page.click("#recherche button[type=submit]")
    page.click("text=CC Entr'Allier Besbre et Loire")
    page.wait_for_selector("#carte[data-idle]")
    assert page.locator("h1").inner_text() == "CC Entr'Allier Besbre et Loire"
    assert page.locator("#carte canvas").count() == 1
    assert page.locator("#legende li").count() >= 5  # a labelled legend
    page.select_option("#indicateur", "minutes_gp")
    assert "généraliste" in page.locator("#legende").inner_text()
    page.locator("[data-voir]").first.click()  # the table's keyboard-operable list
    assert page.locator("#chiffres dl").count() == 1
    _shot(page, "territory-fr")
    page.click("text=Voir le Diagnostic Santé Flash")
    page.wait_for_selector("#telechargements")
    assert "Synthèse" in page.locator(".fr-callout__title").inner_text()
    _shot(page, "diagnostic-fr")
    with page.expect_download() as info:
        page.click("#telechargements >> text=PDF")
    target = tmp_path / "d.pdf"
    info.value.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"
    assert _real_errors(page) == []


def test_resident_of_sion_sees_where_to_consult_in_german(server: str, browser: Any) -> None:
    page = _page(browser, "de")
    page.goto(server + "/ou-consulter")
    page.fill("#commune", "Sitten")  # Sion's German name opens Sion, in Valais
    page.click("form button[type=submit]")
    page.wait_for_selector("#reponse")
    assert page.locator("html").get_attribute("lang") == "de"
    text = page.locator("main").inner_text()
    assert "Sion" in page.locator("#reponse").inner_text()
    assert "SCHWEIZ" in page.locator("#reponse").inner_text().upper()  # the country is visible
    numbers = page.locator("#numeros strong").all_inner_texts()
    assert numbers[0] == "144" and "0848 200 300" in numbers and "116 117" not in text
    assert "Notaufnahme" in text  # the nearest emergency department, labelled in German
    # "Sion" alone names a commune in Valais and one in the Gers: the page asks which.
    page.fill("#commune", "Sion")
    page.click("form button[type=submit]")
    page.wait_for_selector("#choix")
    choices = page.locator("main li").all_inner_texts()
    assert any("Schweiz" in c for c in choices) and any("Frankreich" in c for c in choices)
    _shot(page, "consult-de")
    assert _real_errors(page) == []


def test_student_filters_internship_places_within_30_min_of_moulins(
    server: str, browser: Any
) -> None:
    page = _page(browser)
    page.goto(server + "/installation")
    page.fill("#commune", "Moulins")
    page.fill("#minutes", "30")
    page.select_option("#type", "stage")
    page.click("#filtres button[type=submit]")
    page.wait_for_selector("#choix")  # three communes are named Moulins: choose the Allier's
    page.locator("main li", has_text="Allier").locator("a").click()
    page.wait_for_selector("#autour")
    items = page.locator("li[data-kind=stage]").all_inner_texts()
    assert any("Bords d'Allier" in t for t in items) and any("Yzeure" in t for t in items)
    assert not any("Vichy" in t for t in items)  # beyond 30 minutes
    assert all("fictif" in t.lower() for t in items)  # the demo's content is labelled
    assert page.locator("li[data-kind=aide]").count() == 0
    _shot(page, "installation-fr")
    assert _real_errors(page) == []


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_axe_finds_no_violation_on_any_public_page(server: str, browser: Any, lang: str) -> None:
    page = _page(browser, lang)
    found = {}
    for path in PUBLIC_PAGES:
        page.goto(server + path)
        if page.locator("#carte").count():
            page.wait_for_selector("#carte[data-idle]")
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        ]
        if violations:
            found[path] = violations
        name = path.strip("/").replace("/", "-").replace("?", "-").replace(":", "-") or "home"
        _shot(page, f"{name}-{lang}")
    assert found == {}
    assert _real_errors(page) == []
