"""Real Chromium against `proxisante serve --demo`: the analyst opens the workbench on CA Vichy
Communauté, picks a commune on the map, adds an MSP there, runs the scenario and sees the change
(map painted, the commune's row in the table up); saves it; runs a siting query; axe-core finds
no violation on the page. The run again in German."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e._demo_server import axe_violations as _axe
from tests.e2e._demo_server import demo_login
from tests.e2e._demo_server import shot as _shot
from tests.e2e.test_projects_demo import ARGS, CHROMIUM, demo

pytestmark = [pytest.mark.browser, pytest.mark.slow]
__all__ = ["demo"]  # the fixture, imported for this module


def test_analyst_builds_a_scenario_on_the_map_and_sees_the_change(
    demo: tuple[str, Path],
) -> None:
    from playwright.sync_api import expect, sync_playwright

    url, _home = demo
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="fr-FR", viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        demo_login(page, url, "analyste", "demo-analyste")
        expect(page).not_to_have_url(re.compile(r"/login"))
        page.goto(url + "/espace/atelier?territoire=CA Vichy Communauté")
        expect(page.locator("h2").first).to_contain_text("Vichy")
        page.wait_for_selector("#carte[data-rendered]", timeout=60_000)
        box = page.locator("#carte canvas").bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page.locator("#etat")).to_contain_text("Commune choisie")
        chosen = page.locator("#commune").input_value()
        name = page.locator("#commune option:checked").inner_text()
        page.select_option("#type", "structure_opens")
        page.fill("#quantite", "3")
        page.click("#ajouter")
        expect(page.locator("#changements li")).to_contain_text(name)
        page.click("#lancer")
        page.wait_for_selector("#carte[data-painted]", timeout=120_000)
        expect(page.locator("#etat")).to_have_text("SIMULATION")
        row = page.locator("#resultats tr", has=page.locator(f"th:text-is('{name}')"))
        expect(row.locator("td").nth(3)).to_contain_text("+")
        expect(page.locator("#chiffres")).to_contain_text("→")
        assert chosen and page.locator("#commune option").count() > 1
        _shot(page, "workbench-run-fr")
        assert _axe(page) == []

        page.fill("#nom", "MSP de 3 ETP")
        page.click("#enregistrer button")
        expect(page.locator("#enregistres")).to_contain_text("MSP de 3 ETP")
        page.locator("#enregistres label").first.click()
        page.click("#comparer")
        expect(page.locator("#comparaison table")).to_contain_text("MSP de 3 ETP")

        page.select_option("#objectif", "mclp")
        page.fill("#nombre", "2")
        page.click("#implantation button")
        expect(page.locator("#sites li").filter(has_text="nouveau")).to_have_count(2)
        _shot(page, "workbench-sites-fr")
        assert _axe(page) == []
        assert errors == []
        browser.close()


def test_workbench_in_german(demo: tuple[str, Path]) -> None:
    """The same run with ``?lang=de``: the page, the script's texts and the results table are
    German, and axe-core still finds no violation."""
    from playwright.sync_api import expect, sync_playwright

    url, _home = demo
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="de-CH", viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        demo_login(page, url, "analyste", "demo-analyste")
        page.goto(url + "/espace/atelier?territoire=CA Vichy Communauté&lang=de")
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.locator("h1")).to_have_text("Szenario-Werkstatt")
        page.wait_for_selector("#carte[data-rendered]", timeout=60_000)
        box = page.locator("#carte canvas").bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        expect(page.locator("#etat")).to_contain_text("Gewählte Gemeinde")
        name = page.locator("#commune option:checked").inner_text()
        page.select_option("#type", "structure_opens")
        page.fill("#quantite", "3")
        page.click("#ajouter")
        expect(page.locator("#changements li")).to_contain_text(name)
        page.click("#lancer")
        page.wait_for_selector("#carte[data-painted]", timeout=120_000)
        row = page.locator("#resultats tr", has=page.locator(f"th:text-is('{name}')"))
        expect(row.locator("td").nth(3)).to_contain_text("+")
        text = page.locator("main").inner_text()
        assert "APL vorher" in text, text[:400]
        for french in ("Commune choisie", "Calculer le scénario", "APL avant", "Atelier de"):
            assert french not in text
        _shot(page, "workbench-run-de")
        assert _axe(page) == []
        assert errors == []
        browser.close()
