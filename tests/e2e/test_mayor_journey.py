"""The mayor of Arfeuilles (INSEE 03006, Allier) in real Chromium against ``proxisante serve
--demo``, in French and German, at desktop and phone sizes: opens the commune's page, reads the
verdict sentence first, downloads the figures (CSV), the map (PNG) and the Diagnostic Santé
Flash (PDF, tagged for screen readers), which opens with the same sentence; axe-core finds no
violation on the page. Screenshots go to ``$PROXISANTE_SCREENSHOTS`` when set."""

from __future__ import annotations

import csv as csvlib
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e._demo_server import demo_server
from tests.e2e._demo_server import shot as _shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
VERDICT = {
    "fr": re.compile(
        r"^Arfeuilles : APL 1,19 consultation par an et par habitant, sous le seuil de 2,5 ; "
        r"région \d,\d\d, France \d,\d\d\. Classe « urgence »\.$"
    ),
    "de": re.compile(
        r"^Arfeuilles: APL 1\.19 Konsultationen pro Jahr und Einwohner, unter der Schwelle von "
        r"2\.5; Region \d\.\d\d, Frankreich \d\.\d\d\. Klasse «dringend»\.$"
    ),
}
PDF_LINK = {"fr": "Voir le Diagnostic Santé Flash", "de": "Diagnostic Santé Flash ansehen"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with demo_server(tmp_path_factory.mktemp("mayor-e2e"), "/") as url:
        yield url


def _page(browser: Any, lang: str, size: str) -> Any:
    locale = {"fr": "fr-FR", "de": "de-CH"}[lang]
    ctx = browser.new_context(
        locale=locale,
        viewport=SIZES[size],
        is_mobile=size == "phone",
        has_touch=size == "phone",
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


def _download(page: Any, selector: str, target: Path) -> Path:
    with page.expect_download() as info:
        page.click(selector)
    info.value.save_as(target)
    return target


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "de"])
def test_mayor_of_arfeuilles_reads_the_verdict_and_downloads_the_pdf(
    server: str, browser: Any, tmp_path: Path, lang: str, size: str
) -> None:
    page = _page(browser, lang, size)
    page.goto(f"{server}/territoires/03006?lang={lang}")
    page.wait_for_selector("#carte[data-idle]")
    verdict = page.locator("#verdict-phrase")
    assert VERDICT[lang].match(verdict.inner_text()), verdict.inner_text()
    # the verdict is the first thing after the title, above the fold on a phone too
    box = verdict.bounding_box()
    assert box is not None and box["y"] + box["height"] < SIZES[size]["height"] * 1.2
    assert page.locator('[data-figure="communes"]').count() == 0
    assert page.locator("#voisins tbody tr").count() >= 5
    # each indicator's definition opens from its ⓘ
    apl = page.locator('[data-figure="apl"] details')
    apl.locator("summary").click()
    assert apl.get_attribute("open") is not None and apl.locator("p").is_visible()
    assert (
        "par an et par habitant" if lang == "fr" else "pro Jahr und Einwohner"
    ) in apl.inner_text()
    # axe-core: no violation on the page
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    violations = [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
    ]
    assert violations == []
    _shot(page, f"mayor-territory-{lang}-{size}")
    # what is shown, downloadable: the figures (CSV) and the map (PNG)
    csv = _download(page, "#exports a[href$='chiffres.csv?lang=" + lang + "']", tmp_path / "c.csv")
    rows = list(csvlib.reader(io.StringIO(csv.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0] == [verdict.inner_text()] and any(r[:1] == ["Arfeuilles"] for r in rows[1:])
    png = _download(page, "#export-carte", tmp_path / "carte.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000
    # the diagnostic opens with the same sentence, and its PDF is tagged
    page.click(f"text={PDF_LINK[lang]}")
    page.wait_for_selector("#telechargements")
    assert page.locator("#verdict-phrase").inner_text() == verdict_text(page, lang)
    _shot(page, f"mayor-diagnostic-{lang}-{size}")
    pdf = _download(page, "#telechargements >> text=PDF", tmp_path / "d.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert re.search(r"^Tagged:\s+yes$", info.stdout, re.M), info.stdout
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        first = " ".join(text.split())
        assert "Arfeuilles" in first and ("1,19" in first if lang == "fr" else "1.19" in first)
    assert page.errors == []


def verdict_text(page: Any, lang: str) -> str:
    """The verdict the territory page showed (read again: the diagnostic must say the same)."""
    text: str = page.evaluate(
        "async (u) => { const r = await fetch(u); const t = await r.text();"
        " return new DOMParser().parseFromString(t, 'text/html')"
        ".getElementById('verdict-phrase').textContent; }",
        f"/territoires/03006?lang={lang}",
    )
    return text
