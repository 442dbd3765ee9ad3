"""Real Chromium against ``proxisante serve --demo`` (its rota of fictitious doctors is published
at start-up) with a real local SMTP server: a doctor swaps a named shift with a named colleague
who accepts from a notification — in French and German, at desktop and phone size.

Each journey: ``medecin1`` opens the rota (one sector, one month: its height is measured),
picks their next shift and ``Dr Louise Durand (fictif)`` by name for a give-away, sees the
fairness warning (the sector's spread jumps), goes back and picks one of her shifts in return
(an exchange: no warning), sends it; ``medecin2`` logs in, sees the notice on her page, opens
the swap from it and accepts; the e-mail reaches the SMTP server with the link. axe-core finds
no violation on any rota page (list, rota, preview with warning, swap, professional's notice,
publication), in both languages. A coordinator publishes a rota by uploading its YAML in the
browser, and a malformed upload is refused with the line named. Screenshots of each step go to
``$PROXISANTE_SCREENSHOTS`` when set.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.e2e._demo_server import axe_violations as _axe
from tests.e2e._demo_server import demo_login, demo_server
from tests.integration.notify.conftest import Inbox, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COLLEAGUE = "Dr Louise Durand (fictif)"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LOCALES = {"fr": "fr-FR", "de": "de-CH"}
# The longest a rota page may be (one sector, one month, the forms), in CSS pixels.
MAX_HEIGHT = {"desktop": 4000, "phone": 8000}
UPLOAD = """\
# FICTITIOUS doctors; real communes of CA Vichy Communauté.
period: {start: 2027-03-01, end: 2027-03-31}
country: FR
shift_types:
  - {code: nuit, label: Nuit, start: "20:00", end: "08:00", weight: 2, night: true,
     days: [weekday, saturday, sunday, holiday, bridge]}
sectors:
  - {code: V, name: Vichy, communes: ["03310"]}
doctors:
  - {id: A, name: Dr Fictif Upload A, sector: V}
  - {id: B, name: Dr Fictif Upload B, sector: V}
  - {id: C, name: Dr Fictif Upload C, sector: V}
"""


@dataclass
class Demo:
    url: str
    inbox: Inbox
    log: Path
    heights: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {
        "PROXISANTE_SMTP_HOST": "127.0.0.1",
        "PROXISANTE_SMTP_PORT": str(port),
        "PROXISANTE_TICK_INTERVAL_S": "1",
    }
    home = tmp_path_factory.mktemp("rota-e2e")
    try:
        with demo_server(home, "/login", env, timeout_s=180) as url:
            yield Demo(url, inbox, home / "server.log")
    finally:
        controller.stop()


def _page(browser: Any, lang: str, size: str) -> Any:
    ctx = browser.new_context(
        locale=LOCALES[lang],
        viewport=SIZES[size],
        extra_http_headers={"Accept-Language": LOCALES[lang]},
    )
    page = ctx.new_page()
    page.set_default_timeout(60_000)
    return page


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("PROXISANTE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"rota-{name}.png"), full_page=True)


def _check(page: Any, found: dict[str, list[str]], step: str, lang: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang, step
    violations = _axe(page)
    if violations:
        found[step] = violations


def _open_rota(page: Any, url: str) -> None:
    page.goto(url + "/gardes")
    page.locator("[data-testid=rotas] a").first.click()
    page.wait_for_load_state()


NIGHT = {"fr": "nuit", "de": "Nacht"}


def _options(page: Any, selector: str) -> list[tuple[str, str]]:
    """(value, label) of the options of a select (or an optgroup)."""
    found = page.locator(selector)
    return [
        (str(found.nth(i).get_attribute("value")), str(found.nth(i).inner_text()))
        for i in range(found.count())
    ]


def _choose(page: Any, mine: str, back: str | None) -> bool:
    """Fill in the swap form by name and ask for its effect; whether the rules allowed it."""
    page.select_option("#swap-shift", value=mine)
    page.select_option("#swap-to", label=COLLEAGUE)  # a colleague by name
    page.select_option("#swap-return", value=back or "")
    page.click("[data-testid=swap-form] button[type=submit]")
    page.wait_for_load_state()
    return bool(page.get_by_test_id("send-form").count())


def _give_away_night(page: Any, rota_url: str, lang: str) -> str:
    """Preview the give-away of one of my nights that the rules allow; its label."""
    nights = [o for o in _options(page, "#swap-shift option") if NIGHT[lang] in o[1]]
    for value, label in nights[:10]:
        if _choose(page, value, None):
            return label
        page.goto(rota_url)
    raise AssertionError("none of my nights could be given")


def _day(value: str) -> date:
    """The date in a shift's code (``S1/2027-02-28/nuit``: the option's value, not shown)."""
    return date.fromisoformat(value.split("/")[1])


def _far(day: date, others: set[date]) -> bool:
    return all(abs((day - o).days) > 1 for o in others)


def _exchange(page: Any, rota_url: str, lang: str) -> tuple[str, str]:
    """Preview an exchange of one of my nights for one of the colleague's, both away from the
    other doctor's shifts (so that the rest rules hold); the two labels."""
    mine = _options(page, "#swap-shift option")[1:]
    theirs = _options(page, f"#swap-return optgroup[label='{COLLEAGUE}'] option")
    my_days, her_days = {_day(v) for v, _l in mine}, {_day(v) for v, _l in theirs}
    give = [o for o in mine if NIGHT[lang] in o[1] and _far(_day(o[0]), her_days)]
    take = [o for o in theirs if NIGHT[lang] in o[1] and _far(_day(o[0]), my_days)][::-1]
    for (value, label), (back, back_label) in list(zip(give, take, strict=False))[:5]:
        if _choose(page, value, back):
            return label, back_label
        page.goto(rota_url)
    raise AssertionError("no exchange of nights could be made")


def _keyboard_picks_my_shift(page: Any) -> None:
    """With the keyboard only: Tab through the page to my first shift to come in the calendar,
    Enter: the swap form opens with that shift chosen."""
    if page.get_by_test_id("calendar").locator("a").count() == 0:  # none left this month
        page.click("a[rel=next]")
        page.wait_for_load_state()
    link = page.get_by_test_id("calendar").locator("a").first
    wanted = link.get_attribute("href").split("garde=")[1].split("#")[0].replace("%2F", "/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('[data-testid=calendar]') !== null"):
            break
    else:
        raise AssertionError("the calendar's links cannot be reached with Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("#swap-shift").input_value() == wanted


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "de"])
def test_doctor_swaps_named_shift_with_named_colleague_who_accepts(
    demo: Demo, browser: Any, lang: str, size: str
) -> None:
    from playwright.sync_api import expect

    found: dict[str, list[str]] = {}
    tag = f"{lang}-{size}"
    page = _page(browser, lang, size)
    demo_login(page, demo.url, "medecin1", "demo-medecin", query=f"?lang={lang}")
    page.goto(demo.url + "/gardes")
    _check(page, found, "list", lang)
    _shot(page, f"{tag}-1-list")
    _open_rota(page, demo.url)
    height = int(page.evaluate("document.documentElement.scrollHeight"))
    demo.heights[tag] = height
    print(f"rota page height {tag}: {height} px")
    assert height <= MAX_HEIGHT[size], height
    calendar = "calendar" if size == "desktop" else "agenda"
    expect(page.get_by_test_id(calendar)).to_be_visible()
    assert page.locator(f"#swap-to option:has-text('{COLLEAGUE}')").count() == 1
    _check(page, found, "rota", lang)
    _shot(page, f"{tag}-2-rota")
    rota_url = page.url
    if size == "desktop":
        _keyboard_picks_my_shift(page)
        page.goto(rota_url)
    # a give-away of a night: the warning (the spread jumps by two nights' weight), a box
    _give_away_night(page, rota_url, lang)
    expect(page.get_by_test_id("fairness-warning")).to_be_visible()
    expect(page.locator("#confirm")).to_be_attached()
    assert COLLEAGUE in page.get_by_test_id("swap-sentence").inner_text()
    _check(page, found, "preview-warning", lang)
    _shot(page, f"{tag}-3-warning")
    # an exchange instead: one of her shifts back, no warning
    page.goto(rota_url)
    mine, theirs = _exchange(page, rota_url, lang)
    assert page.get_by_test_id("fairness-warning").count() == 0
    sentence = page.get_by_test_id("swap-sentence").inner_text()
    assert mine in sentence and theirs in sentence and COLLEAGUE in sentence
    _shot(page, f"{tag}-4-exchange")
    sent_before = demo.inbox.count()
    page.click("[data-testid=send-form] button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator(".msg")).to_contain_text(COLLEAGUE)
    _shot(page, f"{tag}-5-sent")
    page.context.close()

    # the colleague's next visit: the notice on her page, the swap opened from it
    page = _page(browser, lang, size)
    demo_login(page, demo.url, "medecin2", "demo-medecin", query=f"?lang={lang}")
    notice = page.get_by_test_id("rota-incoming")
    expect(notice).to_contain_text(mine)
    _check(page, found, "notice", lang)
    _shot(page, f"{tag}-6-notice")
    notice.locator("a").last.click()
    page.wait_for_load_state()
    assert theirs in page.get_by_test_id("swap-sentence").inner_text()
    _check(page, found, "swap", lang)
    _shot(page, f"{tag}-7-swap")
    page.get_by_test_id("answer").locator("button").first.click()
    page.wait_for_load_state()
    expect(page.locator(".msg")).to_be_visible()
    _shot(page, f"{tag}-8-accepted")
    assert page.get_by_test_id("rota-incoming").count() == 0
    page.context.close()

    # the e-mail of the proposal reached the SMTP server, with the link to the swap
    deadline = time.monotonic() + 30
    while demo.inbox.count() < sent_before + 1 and time.monotonic() < deadline:
        time.sleep(0.3)
    mails = [m for m in demo.inbox.messages if m["To"] == "medecin2@example.org"]
    assert mails, "no e-mail to the colleague"
    assert "/echanges/" in mails[-1].get_content()
    assert found == {}
    log = demo.log.read_text()
    assert "@example.org" not in log and "Louise Durand" not in log


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_coordinator_publishes_by_upload_and_a_malformed_file_is_refused(
    demo: Demo, browser: Any, lang: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    found: dict[str, list[str]] = {}
    page = _page(browser, lang, "desktop")
    demo_login(page, demo.url, "coordination", "demo-coordination", query=f"?lang={lang}")
    page.goto(demo.url + "/gardes/publier")
    _check(page, found, "publish", lang)
    _shot(page, f"{lang}-publish")
    bad = tmp_path / "tableau.yaml"
    bad.write_text(UPLOAD.replace('start: "20:00"', "start: 20:00"), encoding="utf-8")
    page.set_input_files("#rota-file", str(bad))
    page.click("[data-testid=publish-file] button[type=submit]")
    page.wait_for_load_state()
    error = page.locator(".err")
    expect(error).to_contain_text("tableau.yaml")
    expect(error).to_contain_text("shift_types.0.start")
    _shot(page, f"{lang}-publish-refused")
    good = tmp_path / "mars.yaml"
    good.write_text(UPLOAD, encoding="utf-8")
    page.set_input_files("#rota-file", str(good))
    page.click("[data-testid=publish-file] button[type=submit]")
    page.wait_for_load_state()
    expect(page.get_by_test_id("calendar")).to_contain_text("Dr Fictif Upload")
    _check(page, found, "published", lang)
    _shot(page, f"{lang}-published")
    assert found == {}
    page.context.close()
