"""Real Chromium against `proxisante serve --demo` started from an empty home (SQLite default):
a coordinator logs in (password + TOTP), runs the matching, a professional accepts, and the
coordinator's dashboard shows the attachment."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e._demo_server import demo_login
from tests.e2e._demo_server import demo_server as start_demo_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with start_demo_server(tmp_path, "/login") as url:  # nothing in its home: a first start
        yield url, tmp_path / "server.log"


def _logout(page: object) -> None:
    page.click("text=Se déconnecter")  # type: ignore[attr-defined]


def test_coordinator_matches_professional_accepts_dashboard_shows_it(
    demo_server: tuple[str, Path],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, log = demo_server
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="fr-FR")  # a French user's browser
        demo_login(page, url, "coordination", "demo-coordination")
        expect(page).to_have_url(re.compile(r"/coordination"))
        expect(page.locator(".fictif")).to_contain_text("fictifs")
        expect(page.get_by_test_id("doctor_found")).to_have_text("0")
        page.click("text=Prévisualiser l'appariement")  # a preview first, then the run
        page.click("form[data-testid=run] button")
        expect(page.locator(".msg")).to_contain_text("Appariement terminé")
        proposed = int(page.get_by_test_id("proposed").inner_text())
        assert proposed > 0
        _logout(page)

        accepted = False
        for i in range(1, 11):
            demo_login(page, url, f"medecin{i}", "demo-medecin")
            expect(page).to_have_url(re.compile(r"/professionnel"))
            buttons = page.locator("button", has_text="Accepter")
            if buttons.count():
                buttons.first.click()
                expect(page.locator(".msg")).to_contain_text("Proposition acceptée")
                accepted = True
                _logout(page)
                break
            _logout(page)
        assert accepted, "no professional received a proposal"

        demo_login(page, url, "coordination", "demo-coordination")
        expect(page.get_by_test_id("doctor_found")).to_have_text("1")  # a GP accepted
        expect(page.get_by_test_id("team_follow_up")).to_have_text("0")
        expect(page.get_by_test_id("attachments")).to_contain_text("rattaché à Dr")
        browser.close()
    output = log.read_text()
    assert "@example.org" not in output and "01 99 00" not in output
