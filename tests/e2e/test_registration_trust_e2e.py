"""Registration residents can trust, in real Chromium against ``proxisante serve --demo`` with a
local SMTP server (aiosmtpd):

- a Paris resident is told, before any health question, that the commune is not covered, and
  where to turn (the CPAM, ameli) — in French and German, at desktop and phone size;
- a resident registers, loses the tracking code and gets a new one by e-mail (outbox, then the
  SMTP server); the new code opens the status page, which says what happens next;
- axe-core finds no violation on these pages (step 1, not covered, the form with errors, the
  code, the recovery form and answer, the status).

Screenshots go to ``PROXISANTE_E2E_SHOTS`` when set (looked at by whoever changes the pages).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.e2e._demo_server import axe_violations as _axe
from tests.e2e._demo_server import demo_server
from tests.e2e._demo_server import shot as _shot
from tests.integration.notify.conftest import Inbox, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
EMAIL = "lou.trust-e2e@example.org"
LAST = "Perdu-Eedeux"
BORN = "02/03/1985"
CODE = re.compile(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}")


@dataclass
class Demo:
    url: str
    db: Path
    inbox: Inbox
    log: Path


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    tmp = tmp_path_factory.mktemp("trust")
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = {
        "PROXISANTE_SMTP_HOST": "127.0.0.1",
        "PROXISANTE_SMTP_PORT": str(smtp_port),
        "PROXISANTE_TICK_INTERVAL_S": "1",
    }
    try:
        with demo_server(tmp, "/inscription", env, timeout_s=120) as url:
            yield Demo(url, tmp / "home" / "demo.db", inbox, tmp / "server.log")
    finally:
        controller.stop()


def _until(cond: Callable[[], Any], timeout: float) -> Any:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = cond()
        if value:
            return value
        time.sleep(0.3)
    return cond()


def _outbox(db: Path, event: str) -> list[str]:
    """Statuses of the outbox messages of ``event`` (a sent message keeps no address or body)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute(
            "SELECT status FROM notify_outbox WHERE event = ? ORDER BY id", (event,)
        )
        return [str(r[0]) for r in rows]


def _new_address(db: Path) -> None:
    """Each run is another resident: forget the attempts counted for the browser's address
    (the server allows 6 registrations an hour from one address; the four runs share one)."""
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM accounts_login_throttle WHERE key LIKE 'inscription:%'")


def _mails(inbox: Inbox, pattern: str, to: str = EMAIL) -> list[str]:
    """Bodies of the e-mails to ``to`` that contain ``pattern``."""
    with inbox.lock:
        bodies = [str(m.get_content()) for m in inbox.messages if m["To"] == to]
    return [b for b in bodies if pattern in b]


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "de"])
def test_paris_is_told_before_any_health_question(
    demo: Demo, browser: Any, lang: str, size: str
) -> None:
    from playwright.sync_api import expect

    width, height = SIZES[size]
    page = browser.new_page(
        locale=lang,
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": lang},
    )
    violations = {}
    page.goto(demo.url + f"/inscription?lang={lang}")
    assert page.locator("#ald, #pregnant, #disability, #last_name").count() == 0
    violations["step 1"] = _axe(page)
    _shot(page, f"inscription-etape1-{lang}-{size}")
    page.fill("#commune", "Paris")
    page.locator("#etape-commune button[type=submit]").click()
    expect(page.locator("#hors-couverture")).to_be_visible()
    heading = "Paris n’est pas couverte" if lang == "fr" else "Paris wird von keinem"
    expect(page.locator("#hors-couverture")).to_contain_text(heading)
    expect(page.locator("#alt-cpam")).to_contain_text("CPAM")
    expect(page.locator("#alt-cpam h3")).to_contain_text("Paris (75)")
    expect(page.locator("#alt-cpam a[href*='ameli.fr']")).to_be_visible()
    assert page.locator("#ald, #pregnant, #disability, #last_name").count() == 0
    width_used = page.evaluate("document.documentElement.scrollWidth")
    assert width_used <= width, f"the page scrolls sideways: {width_used} > {width}"
    violations["not covered"] = _axe(page)
    _shot(page, f"inscription-hors-couverture-{lang}-{size}")
    page.close()
    assert violations == {k: [] for k in violations}


# What the recovery journey reads on the pages, per language (the catalogue's words).
WORDS = {
    "fr": {
        "birth": "Date de naissance '31/02/1985' invalide",
        "premium": "numéro spécial",
        "sent": "courriel",
        "lost": "Code de suivi perdu ? En recevoir un nouveau",
        "answer": "nouveau code de suivi",
        "status": "en attente",
        "next": "par ordre de priorité",
        "gone": "Aucune demande",
    },
    "de": {
        "birth": "Geburtsdatum '31/02/1985' ungültig",
        "premium": "Sondernummer",
        "sent": "E-Mail",
        "lost": "Verfolgungscode verloren? Einen neuen erhalten",
        "answer": "neuer Verfolgungscode",
        "status": "wartend",
        "next": "nach Priorität geordnet",
        "gone": "Keine Anfrage",
    },
}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "de"])
def test_a_resident_recovers_a_lost_tracking_code(
    demo: Demo, browser: Any, lang: str, size: str
) -> None:
    from playwright.sync_api import expect

    words = WORDS[lang]
    # one person per run: the registry refuses the same person twice (409)
    email = f"lou.{lang}.{size}@example.org"
    last = f"{LAST}-{lang.upper()}-{size.capitalize()}"
    width, height = SIZES[size]
    page = browser.new_page(
        locale=lang,
        viewport={"width": width, "height": height},
        extra_http_headers={"Accept-Language": lang},
    )
    page.set_default_timeout(60_000)
    _new_address(demo.db)
    violations = {}
    page.goto(demo.url + f"/inscription?lang={lang}")
    page.fill("#commune", "Vichy")
    page.locator("#etape-commune button[type=submit]").click()
    expect(page.locator("#commune-choisie")).to_contain_text("Vichy")
    # errors first: summary at the top, each field marked
    page.fill("#last_name", last)
    page.fill("#first_name", "Lou")
    page.fill("#birth_date", "31/02/1985")
    page.fill("#phone", "08 99 12 34 56")
    page.locator("#inscription button[type=submit]").click()
    expect(page.locator("#erreurs")).to_contain_text(words["birth"])
    expect(page.locator("#phone-erreur")).to_contain_text(words["premium"])
    expect(page.locator("#consent-erreur")).to_be_visible()
    assert page.get_attribute("#birth_date", "aria-describedby") == "birth_date-erreur"
    violations["form errors"] = _axe(page)
    _shot(page, f"inscription-erreurs-{lang}-{size}")
    page.fill("#birth_date", BORN)
    page.fill("#phone", "")
    page.fill("#email", email)
    page.select_option("#language", "ar")
    page.click("label[for=consent]")
    sent_before = len(_outbox(demo.db, "registration.code_sent"))
    page.locator("#inscription button[type=submit]").click()
    first = page.locator("#code-suivi").inner_text().strip()
    assert CODE.fullmatch(first), first
    expect(page.locator("#code-envoye")).to_contain_text(words["sent"])
    expect(page.locator("#imprimer")).to_be_visible()
    violations["code"] = _axe(page)
    _shot(page, f"inscription-code-{lang}-{size}")
    page.emulate_media(media="print")
    assert not page.locator("header.fr-header").is_visible()
    assert not page.locator("#imprimer").is_visible()
    assert page.locator("#code-suivi").is_visible()
    _shot(page, f"inscription-code-impression-{lang}-{size}")
    page.emulate_media(media="screen")
    assert _until(lambda: len(_outbox(demo.db, "registration.code_sent")) > sent_before, 10)
    assert _until(lambda: _mails(demo.inbox, first, email), 30), "the code was not e-mailed"

    # the code is lost: ask for a new one
    resent_before = len(_outbox(demo.db, "registration.code_resent"))
    page.goto(demo.url + "/inscription/suivi")
    page.click(f"text={words['lost']}")
    expect(page).to_have_url(re.compile(r"/inscription/code-perdu"))
    violations["recovery form"] = _axe(page)
    _shot(page, f"code-perdu-{lang}-{size}")
    page.fill("#last_name", last.upper())
    page.fill("#first_name", "lou")
    page.fill("#birth_date", BORN)
    page.fill("#contact", email)
    page.locator("#code-perdu button[type=submit]").click()
    expect(page.locator("#reponse")).to_contain_text(words["answer"])
    assert not CODE.search(page.locator("main").inner_text())  # never shown here
    violations["recovery answer"] = _axe(page)
    _shot(page, f"code-perdu-reponse-{lang}-{size}")

    assert _until(lambda: len(_outbox(demo.db, "registration.code_resent")) > resent_before, 10)

    def new_code() -> str | None:
        codes = {c for body in _mails(demo.inbox, "", email) for c in CODE.findall(body)}
        return next(iter(codes - {first}), None)

    new = _until(new_code, 30)
    assert new, "the new code did not reach the SMTP server"

    page.goto(demo.url + "/inscription/suivi")
    page.fill("#code", new)
    page.fill("#birth_date", BORN)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#statut")).to_contain_text(re.compile(words["status"], re.I))
    expect(page.locator("#prochaine-etape")).to_contain_text(words["next"])
    violations["status"] = _axe(page)
    _shot(page, f"suivi-statut-{lang}-{size}")
    page.goto(demo.url + "/inscription/suivi")
    page.fill("#code", first)
    page.fill("#birth_date", BORN)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#erreurs")).to_contain_text(words["gone"])  # the old code is gone
    page.close()
    assert violations == {k: [] for k in violations}
    output = demo.log.read_text()
    assert email not in output and last not in output and LAST not in output
