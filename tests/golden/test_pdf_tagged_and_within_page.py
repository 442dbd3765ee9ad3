"""The diagnostic PDF as a reader gets it: tagged for screen readers (``pdfinfo`` says
"Tagged: yes"), the verdict sentence on page 1, and no word beyond the page's right edge (the
Sion document in German, whose long words once ran off the page)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from proxisante.diagnosis import DiagnosticInputs, build_diagnostic
from proxisante.diagnosis.build import contour_lookup
from proxisante.diagnosis.context import scope_of_area
from proxisante.diagnosis.model import Source
from proxisante.reports.html import render_html
from proxisante.reports.pdf import write_pdf
from proxisante.territory import load_territory
from proxisante.territory.bundle import read_provenance, read_table

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not shutil.which("pdfinfo"), reason="poppler-utils not installed"),
]


def _pdf(code: str, lang: str, target: Path) -> str:
    contours = read_table("contours")
    inputs = DiagnosticInputs(
        contours=contour_lookup(contours["code"].tolist(), contours["wkb"].tolist()),
        sources=tuple(Source.from_provenance(s) for s in read_provenance()["sources"]),
        today=date(2026, 1, 1),
    )
    terr = load_territory()
    data = build_diagnostic(terr, scope_of_area(terr, code), inputs, lang)
    write_pdf(render_html(data, inputs.contours, for_print=True), target)
    return data.classification.verdict


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize(("code", "lang"), [("03006", "fr"), ("ch-district:2312", "de")])
def test_pdf_is_tagged_and_no_word_leaves_the_page(code: str, lang: str, tmp_path: Path) -> None:
    target = tmp_path / "d.pdf"
    verdict = _pdf(code, lang, target)
    info = _run("pdfinfo", str(target))
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    width = float(re.search(r"Page size:\s+([\d.]+) x", info).group(1))  # type: ignore[union-attr]
    bbox = _run("pdftotext", "-bbox", str(target), "-")
    right = [
        float(x) for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', bbox)
    ]
    assert right and max(right) <= width - 14 * 72 / 25.4 + 1  # inside the 14 mm right margin
    first = " ".join(_run("pdftotext", "-l", "1", str(target), "-").split())
    if verdict and lang == "fr":
        assert " ".join(verdict.split()) in first.replace("- ", "-")
        assert "(s)" not in first and "importer" not in first
