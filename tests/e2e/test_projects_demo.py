"""Real Chromium against `proxisante serve --demo`: a coordinator creates an MSP project in
CC Entr'Allier Besbre et Loire with three milestones; the indicator snapshot is there; a month
later (controlled clock of the monthly job) a second snapshot; the public page shows it; the
diagnostic's "Initiatives et pistes" lists it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e._demo_server import demo_login, demo_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TITLE = "Maison de santé pluriprofessionnelle de Dompierre-sur-Besbre"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROXISANTE_")}
    env["PROXISANTE_HOME"] = str(home)
    return env


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    with demo_server(tmp_path, "/login") as url:
        yield url, tmp_path / "home"


def _monthly_job(home: Path, now: datetime) -> str:
    """The monthly snapshot job (`proxisante projects snapshot`) on the demo database."""
    env = _env(home)
    env["PROXISANTE_DATABASE_URL"] = f"sqlite:///{home / 'demo.db'}"
    env["PROXISANTE_TEST_NOW"] = now.replace(microsecond=0).isoformat()
    done = subprocess.run(
        [sys.executable, "-m", "proxisante", "projects", "snapshot"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _diagnostic(home: Path, out: Path) -> Path:
    """`proxisante diagnostic` of the EPCI, reading the demo database's projects."""
    env = _env(home)
    env["PROXISANTE_DATABASE_URL"] = f"sqlite:///{home / 'demo.db'}"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "proxisante",
            "diagnostic",
            "200071470",
            "--format",
            "html",
            "--out",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return next(out.glob("*.html"))


def _fill_project(page: object) -> None:
    p = page
    p.fill("input[name=title]", TITLE)  # type: ignore[attr-defined]
    p.select_option("select[name=kind]", "msp")  # type: ignore[attr-defined]
    p.fill("input[name=territory]", "200071470")  # type: ignore[attr-defined]
    p.fill("input[name=lead]", "Commune de Dompierre-sur-Besbre")  # type: ignore[attr-defined]
    p.select_option("select[name=nature]", "immobilier")  # type: ignore[attr-defined]
    p.fill("input[name=end]", "2029-12-31")  # type: ignore[attr-defined]
    # DSFR draws the checkbox on its label, which takes the click (as a person does).
    p.click("label[for=pf-public]")  # type: ignore[attr-defined]
    assert p.is_checked("input[name=public]")  # type: ignore[attr-defined]
    rows = [
        ("Étude de besoins", "2027-03-31", "CPTS"),
        ("Permis de construire", "2027-12-31", "Commune"),
        ("Ouverture", "2029-09-01", "Commune"),
    ]
    for i, (title, due, owner) in enumerate(rows):
        p.locator("input[name=ms_title]").nth(i).fill(title)  # type: ignore[attr-defined]
        p.locator("input[name=ms_due]").nth(i).fill(due)  # type: ignore[attr-defined]
        p.locator("input[name=ms_owner]").nth(i).fill(owner)  # type: ignore[attr-defined]


def test_coordinator_creates_an_msp_project_followed_monthly_and_public(
    demo: tuple[str, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, home = demo
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="fr-FR")  # a French user's browser
        demo_login(page, url, "coordination", "demo-coordination")
        expect(page).not_to_have_url(re.compile(r"/login"))
        page.goto(url + "/espace/projets/nouveau")
        # refused first: a milestone after the project's end (nothing stored)
        _fill_project(page)
        page.locator("input[name=ms_due]").nth(2).fill("2030-06-30")
        page.click("text=Enregistrer")
        expect(page.locator(".err")).to_contain_text("après la fin du projet")
        page.goto(url + "/espace/projets")
        expect(page.get_by_test_id("projects")).to_contain_text("Aucun projet")
        page.goto(url + "/espace/projets/nouveau")
        _fill_project(page)
        page.click("text=Enregistrer")
        expect(page).to_have_url(re.compile(r"/espace/projets/\d+"))
        expect(page.get_by_test_id("project-title")).to_have_text(TITLE)
        expect(page.get_by_test_id("milestones").locator("tbody tr")).to_have_count(3)
        expect(page.get_by_test_id("snapshot-count")).to_contain_text("1 relevé :")
        figures = page.get_by_test_id("figures")
        expect(figures).to_contain_text("CC Entr'Allier Besbre et Loire")
        expect(figures).to_contain_text("APL officielle 2023")
        expect(figures).to_contain_text("24\u00a0282")  # INSEE population of the EPCI
        project_url = page.url

        later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=32)
        assert "1 relevé(s) pris" in _monthly_job(home, later)
        assert "0 relevé(s) pris" in _monthly_job(home, later)  # once a month
        page.goto(project_url)
        expect(page.get_by_test_id("snapshot-count")).to_contain_text("2 relevés :")
        expect(page.get_by_test_id("evaluation")).to_contain_text("pas causale")
        page.click("text=Se déconnecter")

        page.goto(url + "/projets?territoire=200071470")
        page.click(f"text={TITLE}")
        expect(page.get_by_test_id("project-title")).to_have_text(TITLE)
        expect(page.get_by_test_id("figures")).to_contain_text("24\u00a0282")
        expect(page.get_by_test_id("milestones")).to_contain_text("Permis de construire")
        page.goto(url + "/registre/chiffres")
        expect(page.get_by_test_id("registry-figures")).to_be_visible()

        report = _diagnostic(home, tmp_path / "diagnostic")
        page.goto(report.as_uri())
        leads = page.locator("section#leads")
        expect(leads).to_contain_text("Projets du territoire")
        expect(leads.locator("table.initiatives")).to_contain_text(TITLE)
        expect(leads.locator("table.initiatives")).to_contain_text("Immobilier")
        browser.close()
