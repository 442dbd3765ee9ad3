"""Real Chromium (Debian's) against ``proxisante serve --demo``: the operators' pages in the
design system. axe-core (served by the app) finds no accessibility violation on any of them,
for every demo role, in French and German; a coordinator adds a housing offer through the
portal form, typing the commune's name; the slot search takes a commune name. Screenshots go
to ``$PROXISANTE_SCREENSHOTS`` when set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.e2e._demo_server import axe_violations as _axe
from tests.e2e._demo_server import demo_login, demo_server
from tests.e2e._demo_server import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Each demo login and the pages of its role (None: pages without login).
PAGES: dict[str | None, list[str]] = {
    None: [
        "/login",
        "/creneaux",
        "/creneaux?commune=Saint-Martin",
        "/projets",
        "/registre/chiffres",
    ],
    "coordination": [
        "/coordination",
        "/espace/portail",
        "/espace/portail/nouveau?type=aide",
        "/espace/portail/nouveau?type=stage",
        "/espace/projets",
        "/espace/projets/nouveau",
        "/gardes",
        "/creneaux?commune=Vichy",
        "/espace/comptes",
        "/coordination?statut=waiting&age=70%2B",
    ],
    "medecin1": ["/professionnel"],
    "aidant": ["/aidant"],
    "analyste": ["/analyste"],
    "admin": ["/admin", "/espace/portail"],
}
PASSWORDS = {
    "coordination": "demo-coordination",
    "medecin1": "demo-medecin",
    "aidant": "demo-aidant",
    "analyste": "demo-analyste",
    "admin": "demo-admin",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("operator-e2e"), "/login") as url:
        yield url


def _context(browser: Any, lang: str) -> Any:
    locale = {"fr": "fr-FR", "de": "de-CH"}[lang]
    return browser.new_context(
        locale=locale,
        viewport={"width": 1280, "height": 900},
        extra_http_headers={"Accept-Language": locale},
    )


def _login(page: Any, url: str, username: str, lang: str) -> None:
    # ?lang= is the switcher's link: remembered in a cookie
    demo_login(page, url, username, PASSWORDS[username], query=f"?lang={lang}")


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_axe_finds_no_violation_on_any_operator_page(server: str, browser: Any, lang: str) -> None:
    found: dict[str, list[str]] = {}
    errors: list[str] = []
    for who, paths in PAGES.items():
        ctx = _context(browser, lang)
        page = ctx.new_page()
        page.set_default_timeout(60_000)
        page.on("pageerror", lambda e: errors.append(str(e)))
        if who:
            _login(page, server, who, lang)
        for path in paths:
            page.goto(server + path)
            assert page.locator("html").get_attribute("lang") == lang, path
            violations = _axe(page)
            if violations:
                found[f"{who} {path}"] = violations
            name = re.sub(r"[^a-z0-9]+", "-", f"{who or 'public'}{path}".lower()).strip("-")
            _shot(page, f"ops-{name}-{lang}")
        ctx.close()
    assert found == {}
    assert errors == []


def test_coordinator_adds_a_housing_offer_typing_the_commune_name(
    server: str, browser: Any
) -> None:
    ctx = _context(browser, "fr")
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    _login(page, server, "coordination", "fr")
    page.click("#navigation >> text=Portail d'installation")
    page.click("text=Ajouter un logement")
    page.fill("#pc-commune", "bellerive")
    # Suggestions come from the app's territory search (accents ignored).
    page.locator("#pc-communes option").first.wait_for(state="attached", timeout=30_000)
    suggestion = page.locator("#pc-communes option").first.get_attribute("value")
    assert suggestion and suggestion.startswith("Bellerive-sur-Allier (")
    page.fill("#pc-commune", suggestion)
    page.fill("#pc-title", "Studio pour internes à Bellerive (fictif)")
    page.fill("#pc-valid", "2099-12-31")
    page.click("form[data-testid=portal-form] button[type=submit]")
    assert "ajouté" in page.locator(".msg").inner_text()
    row = page.locator("tr", has_text="Studio pour internes à Bellerive (fictif)")
    assert "Bellerive-sur-Allier (03023)" in row.inner_text()
    _shot(page, "ops-portal-added-fr")
    ctx.close()


def test_resident_finds_slots_by_typing_the_commune_name(server: str, browser: Any) -> None:
    ctx = _context(browser, "de")
    page = ctx.new_page()
    page.goto(server + "/creneaux")
    page.fill("#commune", "Vichy")
    page.click("form[data-testid=slot-search] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.get_by_test_id("slots").count() == 1  # the demo's fictitious free slots
    ctx.close()
