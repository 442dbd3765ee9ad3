"""Operators without the command line, in real Chromium against ``proxisante serve --demo``:
an administrator creates a professional account (the new doctor then logs in); a coordination
filters its list, previews a matching (nothing sent), then runs it — in French and German, at
desktop and phone sizes. axe-core finds no violation on these pages. Screenshots go to
``$PROXISANTE_SCREENSHOTS`` when set."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e._demo_server import axe_violations as _axe
from tests.e2e._demo_server import demo_login, demo_server
from tests.e2e._demo_server import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LOCALES = {"fr": "fr-FR", "de": "de-CH"}
DONE = {"fr": "Appariement terminé", "de": "Zuordnung abgeschlossen"}
CREATED = {"fr": "créé", "de": "erstellt"}
DEMO_TERRITORY = "cpts-vichy-demo"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with demo_server(tmp_path, "/login") as url:  # a fresh demo: places to match
        yield url


def _page(browser: Any, lang: str, size: str) -> Any:
    ctx = browser.new_context(
        locale=LOCALES[lang],
        viewport=SIZES[size],
        extra_http_headers={"Accept-Language": LOCALES[lang]},
    )
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    return page


def _no_overflow(page: Any) -> bool:
    """Nothing wider than the window (a phone scrolls down, never sideways)."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "de"])
def test_admin_creates_a_professional_account_without_the_command_line(
    server: str, browser: Any, lang: str, size: str
) -> None:
    page = _page(browser, lang, size)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    demo_login(page, server, "admin", "demo-admin", query=f"?lang={lang}")
    page.goto(server + "/admin")
    assert page.locator("html").get_attribute("lang") == lang
    body = page.locator("main").inner_text()
    assert "add-user" not in body and "proxisante registry" not in body
    violations = {"accounts": _axe(page)}
    _shot(page, f"accounts-admin-{lang}-{size}")
    username = f"dr.e2e.{lang}"
    page.select_option("#a-role", "professional")
    page.select_option("#a-territory", DEMO_TERRITORY)
    page.select_option("#a-professional", "")
    page.fill("#a-new-name", f"Dr Essai {lang.upper()} (fictif)")
    page.fill("#a-new-commune", "Cusset")
    page.fill("#a-username", username)
    page.fill("#a-password", "un mot de passe assez long")
    page.click("form[data-testid=create-account] button[type=submit]")
    page.wait_for_load_state()
    assert CREATED[lang] in page.locator(".msg").inner_text()
    row = page.locator("[data-testid=accounts] tr", has_text=username)
    assert row.count() == 1 and DEMO_TERRITORY in row.inner_text()
    violations["created"] = _axe(page)
    _shot(page, f"accounts-created-{lang}-{size}")
    assert _no_overflow(page)
    page.context.clear_cookies()
    # the new doctor logs in with what the administrator gave (no second factor for doctors)
    page.goto(server + f"/login?lang={lang}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "un mot de passe assez long")
    page.click("form[data-testid=login] button[type=submit]")
    page.wait_for_load_state()
    assert re.search(r"/professionnel", page.url), page.url
    assert violations == {"accounts": [], "created": []}
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_coordinator_previews_then_runs_a_matching(server: str, browser: Any, lang: str) -> None:
    """Phone size first (the list, the record, a preview), then desktop (preview and run)."""
    page = _page(browser, lang, "phone")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    demo_login(page, server, "coordination", "demo-coordination", query=f"?lang={lang}")
    violations: dict[str, list[str]] = {}
    # the list, filtered and searched, at phone size
    page.goto(server + "/coordination?priorite=B&age=70%2B")
    violations["list-filtered"] = _axe(page)
    _shot(page, f"coordination-filtered-{lang}-phone")
    assert _no_overflow(page)
    first = page.locator("[data-testid=patients] tbody a").first
    first.click()
    page.wait_for_load_state()
    assert page.get_by_test_id("history").count() == 1
    violations["record"] = _axe(page)
    _shot(page, f"patient-record-{lang}-phone")
    # the preview at phone size: nothing is sent
    page.goto(server + "/coordination")
    proposed_before = page.get_by_test_id("proposed").inner_text()
    page.click("form[data-testid=preview-form] button")
    page.wait_for_load_state()
    n = page.locator("[data-testid=preview] tbody tr").count()
    assert n > 0 and page.get_by_test_id("preview-summary").is_visible()
    violations["preview-phone"] = _axe(page)
    _shot(page, f"matching-preview-{lang}-phone")
    assert not re.search(r"\d\.\d+ min", page.locator("main").inner_text())
    page.goto(server + "/coordination")
    assert page.get_by_test_id("proposed").inner_text() == proposed_before
    # then at desktop size: preview again, and run
    page.set_viewport_size(SIZES["desktop"])
    page.click("form[data-testid=preview-form] button")
    page.wait_for_load_state()
    summary = page.get_by_test_id("preview-summary").inner_text()
    violations["preview-desktop"] = _axe(page)
    _shot(page, f"matching-preview-{lang}-desktop")
    page.click("form[data-testid=run] button")
    page.wait_for_load_state()
    message = page.locator(".msg").inner_text()
    assert DONE[lang] in message
    sent = int(re.findall(r"\d+", message)[0])
    assert str(sent) in summary  # what the preview announced is what was sent
    assert int(page.get_by_test_id("proposed").inner_text()) >= sent > 0
    violations["after-run"] = _axe(page)
    _shot(page, f"matching-done-{lang}-desktop")
    assert all(v == [] for v in violations.values()), violations
    assert errors == []
    page.context.close()
