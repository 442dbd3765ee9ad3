"""Real Chromium against ``proxisante serve --demo``, with a real local SMTP server (aiosmtpd)
and a controlled clock (``PROXISANTE_DEMO_CLOCK_FILE``, honoured with ``--demo`` only):

a patient registers on the public page, gets a tracking code and sees "en attente"; the
coordinator runs the matching and the status becomes "proposition en cours"; eight days pass
and nobody answers: the proposal expires and goes to the next professional by itself (serve's
periodic task); that professional accepts, and the acceptance reaches the patient by e-mail,
caught by the SMTP server. axe-core finds no violation on the self-registration and status
pages, in French and German.
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
from tests.e2e._demo_server import demo_login, demo_server
from tests.integration.notify.conftest import Inbox, free_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
EMAIL = "ondine.e2e-kervadec@example.org"
LAST = "Kervadec-Eedeux"
BORN = "14/07/1990"
EIGHT_DAYS_S = 8 * 24 * 3600


@dataclass
class Demo:
    url: str
    db: Path
    clock: Path
    inbox: Inbox
    log: Path


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    inbox = Inbox()
    smtp_port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    clock = tmp_path / "clock"
    clock.write_text("0")
    env = {
        "PROXISANTE_SMTP_HOST": "127.0.0.1",
        "PROXISANTE_SMTP_PORT": str(smtp_port),
        "PROXISANTE_TICK_INTERVAL_S": "1",
        "PROXISANTE_DEMO_CLOCK_FILE": str(clock),
    }
    try:
        with demo_server(tmp_path, "/inscription", env, timeout_s=120) as url:
            yield Demo(url, tmp_path / "home" / "demo.db", clock, inbox, tmp_path / "server.log")
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


def _proposals(db: Path) -> list[tuple[int, str, str]]:
    """(proposal id, status, professional's login) of the e2e patient, oldest first."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return list(
            conn.execute(
                "SELECT p.id, p.status, u.username FROM registry_proposals p "
                "JOIN registry_patients pa ON pa.id = p.patient_id "
                "JOIN registry_users u ON u.professional_id = p.professional_id "
                "WHERE pa.last_name = ? ORDER BY p.id",
                (LAST,),
            )
        )


def _status(page: Any, url: str, code: str) -> str:
    page.goto(url + "/inscription/suivi")
    page.fill("#code", code)
    page.fill("#birth_date", BORN)
    page.click("button[type=submit]")
    return str(page.locator("#statut").inner_text())


def _register(page: Any, url: str) -> str:
    page.goto(url + "/inscription")
    page.fill("#commune", "vichy")  # step 1: the commune, covered
    page.click("button[type=submit]")
    page.fill("#last_name", LAST)
    page.fill("#first_name", "Ondine")
    page.fill("#birth_date", BORN)
    page.fill("#email", EMAIL)
    page.click("label[for=pregnant]")
    page.select_option("#precarity", "c2s")
    page.click("label[for=consent]")
    page.click("button[type=submit]")
    return str(page.locator("#code-suivi").inner_text()).strip()


def test_register_match_expire_cascade_accept_mail(demo: Demo) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        violations = {}
        for lang in ("fr", "de"):
            page = browser.new_page(locale=lang, extra_http_headers={"Accept-Language": lang})
            for path in ("/inscription", "/inscription/suivi"):
                page.goto(demo.url + path)
                violations[f"{path} {lang}"] = _axe(page)
            page.close()
        page = browser.new_page(locale="fr")
        # an unknown commune is refused at step 1; a refused form stores nothing, says why
        page.goto(demo.url + "/inscription")
        page.fill("#commune", "Atlantisxyz")
        page.click("button[type=submit]")
        expect(page.locator("#erreurs")).to_contain_text("commune « Atlantisxyz » inconnue")
        violations["/inscription (commune inconnue) fr"] = _axe(page)
        page.fill("#commune", "vichy")
        page.click("button[type=submit]")
        page.fill("#last_name", LAST)
        page.fill("#first_name", "Ondine")
        page.fill("#birth_date", "31/02/1990")
        page.click("button[type=submit]")
        expect(page.locator("#erreurs")).to_contain_text("n’a pas été enregistrée")
        expect(page.locator("#birth_date-erreur")).to_contain_text("'31/02/1990' invalide")
        violations["/inscription (erreur) fr"] = _axe(page)

        code = _register(page, demo.url)
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
        expect(page.locator("main")).to_contain_text("en attente")
        violations["/inscription (code) fr"] = _axe(page)
        assert "en attente" in _status(page, demo.url, code)
        violations["/inscription/suivi (statut) fr"] = _axe(page)

        demo_login(page, demo.url, "coordination", "demo-coordination")
        expect(page).to_have_url(re.compile(r"/coordination"))
        page.click("text=Prévisualiser l'appariement")  # a preview first, then the run
        page.click("form[data-testid=run] button")
        expect(page.locator(".msg")).to_contain_text("Appariement terminé")
        page.click("text=Se déconnecter")
        first = _proposals(demo.db)
        assert [s for _i, s, _u in first] == ["proposed"], first
        assert "proposition en cours" in _status(page, demo.url, code)

        demo.clock.write_text(str(EIGHT_DAYS_S))  # eight days pass; nobody answers
        moved = _until(lambda: len(_proposals(demo.db)) >= 2 and _proposals(demo.db), 60)
        assert moved, f"the proposal did not move on: {_proposals(demo.db)}"
        (_i1, s1, pro1), (_i2, s2, pro2) = moved[0], moved[-1]
        assert (s1, s2) == ("expired", "proposed") and pro2 != pro1
        assert "proposition en cours" in _status(page, demo.url, code)

        demo_login(page, demo.url, pro2, "demo-medecin")
        expect(page).to_have_url(re.compile(r"/professionnel"))
        page.locator("tr", has_text=LAST).locator("button", has_text="Accepter").click()
        expect(page.locator(".msg")).to_contain_text("Proposition acceptée")
        page.click("text=Se déconnecter")
        assert "médecin traitant trouvé" in _status(page, demo.url, code)
        browser.close()

    def accepted_mail() -> list[Any]:
        with demo.inbox.lock:
            return [
                m
                for m in demo.inbox.messages
                if m["To"] == EMAIL and m["Subject"] == "Médecin traitant trouvé"
            ]

    mails = _until(accepted_mail, 30)
    assert len(mails) == 1, [(m["To"], m["Subject"]) for m in demo.inbox.messages][-5:]
    assert "accepte de devenir votre médecin traitant" in mails[0].get_content()
    subjects = [m["Subject"] for m in demo.inbox.messages if m["To"] == EMAIL]
    print(f"e-mails to the patient: {subjects}; all e-mails: {demo.inbox.count()}")
    assert subjects == [
        "Votre code de suivi ProxiSanté",
        "Une proposition de médecin traitant est en cours",
        "Votre demande de médecin traitant continue",
        "Une proposition de médecin traitant est en cours",
        "Médecin traitant trouvé",
    ]
    assert violations == {k: [] for k in violations}
    output = demo.log.read_text()
    assert EMAIL not in output and LAST not in output
