"""Golden files: the JSON and the rendered HTML of diagnoses, committed as text and diffed on
every run.

Regenerate for review with ``PROXISANTE_REGEN_GOLDEN=1 pytest tests/golden`` (or ``make
golden``) and commit the diff with the change that caused it. The generation date is fixed.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from proxisante.diagnosis import DiagnosticInputs, build_diagnostic
from proxisante.diagnosis.build import contour_lookup
from proxisante.diagnosis.context import scope_of_area
from proxisante.diagnosis.model import Source
from proxisante.reports.html import render_html
from proxisante.territory import load_territory
from proxisante.territory.bundle import read_provenance, read_table

HERE = Path(__file__).parent
CASES = {"200071363": "diagnostic-200071363.json", "ch-district:2312": "diagnostic-ch-2312.json"}
HTML_CASES = {
    ("200071363", "fr"): "diagnostic-200071363.fr.html",
    ("ch-district:2312", "fr"): "diagnostic-ch-2312.fr.html",
    ("ch-district:2312", "de"): "diagnostic-ch-2312.de.html",
    ("ch-district:2312", "en"): "diagnostic-ch-2312.en.html",
}


@pytest.fixture(scope="module")
def inputs():
    contours = read_table("contours")
    return DiagnosticInputs(
        contours=contour_lookup(contours["code"].tolist(), contours["wkb"].tolist()),
        sources=tuple(Source.from_provenance(s) for s in read_provenance()["sources"]),
        today=date(2026, 1, 1),
    )


def _check(golden: Path, text: str) -> None:
    if os.environ.get("PROXISANTE_REGEN_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with PROXISANTE_REGEN_GOLDEN=1"


@pytest.mark.parametrize("code", sorted(CASES))
def test_diagnostic_json_matches_golden(code, inputs):
    terr = load_territory()
    data = build_diagnostic(terr, scope_of_area(terr, code), inputs, "fr")
    text = json.dumps(data.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    golden = HERE / CASES[code]
    _check(golden, text)
    assert json.loads(text) == json.loads(golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("code", "lang"), sorted(HTML_CASES))
def test_diagnostic_html_matches_golden(code, lang, inputs):
    terr = load_territory()
    data = build_diagnostic(terr, scope_of_area(terr, code), inputs, lang)
    text = render_html(data, inputs.contours)
    golden = HERE / HTML_CASES[(code, lang)]
    _check(golden, text)
    expected = golden.read_text(encoding="utf-8")
    if text != expected:  # show the first differing line, not two 100 kB strings
        got, want = text.splitlines(), expected.splitlines()
        first = next(
            (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
            min(len(got), len(want)),
        )
        pytest.fail(
            f"{golden.name} differs at line {first + 1}:\n"
            f"  got:    {got[first] if first < len(got) else '<end>'}\n"
            f"  wanted: {want[first] if first < len(want) else '<end>'}"
        )
