"""Golden files: the JSON of two diagnoses, committed as text and diffed on every run.

Regenerate for review with ``PROXISANTE_REGEN_GOLDEN=1 pytest tests/golden`` and commit the
diff with the change that caused it. The generation date is left out of the comparison.
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
from proxisante.territory import load_territory
from proxisante.territory.bundle import read_provenance, read_table

HERE = Path(__file__).parent
CASES = {"200071363": "diagnostic-200071363.json", "ch-district:2312": "diagnostic-ch-2312.json"}


@pytest.fixture(scope="module")
def inputs():
    contours = read_table("contours")
    return DiagnosticInputs(
        contours=contour_lookup(contours["code"].tolist(), contours["wkb"].tolist()),
        sources=tuple(Source.from_provenance(s) for s in read_provenance()["sources"]),
        today=date(2026, 1, 1),
    )


@pytest.mark.parametrize("code", sorted(CASES))
def test_diagnostic_json_matches_golden(code, inputs):
    terr = load_territory()
    data = build_diagnostic(terr, scope_of_area(terr, code), inputs, "fr")
    text = json.dumps(data.to_json(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    golden = HERE / CASES[code]
    if os.environ.get("PROXISANTE_REGEN_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with PROXISANTE_REGEN_GOLDEN=1"
    assert json.loads(text) == json.loads(golden.read_text(encoding="utf-8"))
