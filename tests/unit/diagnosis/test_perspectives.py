"""The "Perspectives à 5 et 10 ans" section: the planning engine's projection in the diagnostic
(CA Vichy Communauté), its retirement exposure recomputed by hand from the DREES columns, and a
Valais district where it is labelled unavailable (no DREES data for Switzerland)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from proxisante.diagnosis import DiagnosticInputs, build_diagnostic
from proxisante.diagnosis.context import scope_of_area
from proxisante.diagnosis.perspectives import YEARS
from proxisante.planning.projection.backtest import share_over_65
from proxisante.territory import bundle, load_territory

VICHY = "200071363"
SION = "ch-district:2312"


@pytest.fixture(scope="module")
def terr():
    return load_territory()


@pytest.fixture(scope="module")
def vichy(terr):
    inputs = DiagnosticInputs(today=date(2026, 1, 1))
    return build_diagnostic(terr, scope_of_area(terr, VICHY), inputs, "fr")


def test_vichy_has_the_section_with_bands_and_natures(vichy):
    shown = vichy.sections["perspectives"]
    assert shown[0] == "retirement_exposure"
    for h in YEARS:
        for what in ("gp", "demand", "apl"):
            low, mid, high = (vichy.figures[f"{what}_{h}y{b}"] for b in ("_p10", "", "_p90"))
            assert {f"{what}_{h}y_p10", f"{what}_{h}y", f"{what}_{h}y_p90"} <= set(shown)
            assert low.value is not None and high.value is not None and mid.value is not None
            assert low.value < high.value
            assert low.value * 0.8 < mid.value < high.value * 1.2
            assert {low.nature, mid.nature, high.nature} == {"estimate"}
            assert mid.nature_label == "estimation"
    assert vichy.figures["retirement_exposure"].nature == "computed"
    assert vichy.section_titles["perspectives"] == "Perspectives à 5 et 10 ans"
    doc = vichy.to_json()
    assert "perspectives" in doc["sections"] and "perspectives" in doc["section_titles"]


def test_retirement_exposure_is_one_minus_apl65_over_apl(terr, vichy):
    rows = terr.communes.loc[terr.communes_in(VICHY)]
    ok = rows["apl_2023"].notna() & (rows["pop_std_2023"] > 0)
    w = rows.loc[ok, "pop_std_2023"]
    expected = 1 - (w * rows.loc[ok, "apl_2023_le65"]).sum() / (w * rows.loc[ok, "apl_2023"]).sum()
    assert vichy.figures["retirement_exposure"].value == pytest.approx(expected, abs=1e-4)
    assert 0.1 < expected < 0.3


def test_central_gp_follows_the_stock_flow_rule(terr, vichy):
    rows = terr.communes.loc[terr.communes_in(VICHY)]
    ages = bundle.load_workforce_ages()
    s65 = share_over_65(ages, 2020)
    d = ages[(ages["profession"] == "doctor") & (ages["year"] == 2020)]
    s60 = d.loc[d["age_min"] == 60, "count"].sum() / d["count"].sum()
    r = 1 - rows["apl_2023_le65"] / rows["apl_2023"]
    r = r.where(rows["apl_2023"] > 0).clip(0, 1).fillna(s65).to_numpy()
    health = bundle.load_department_health().set_index("dep")
    g = health.loc["03"]
    entry = (g["gp_2024"] / g["gp_2020"]) ** 0.25 - 1 + s65 / 5
    gp = rows["gp_liberal"].fillna(0).to_numpy()
    for h in YEARS:
        exits = r * min(h, 5) / 5 + s60 * max(0, h - 5) / 5
        expected = float((gp * np.maximum(0.0, 1 - exits + entry * h)).sum())
        assert vichy.figures[f"gp_{h}y"].value == pytest.approx(expected, abs=1e-3)
    assert vichy.figures["gp_10y"].value < vichy.figures["gp_5y"].value < gp.sum()


def test_the_section_is_deterministic(terr, vichy):
    again = build_diagnostic(
        terr, scope_of_area(terr, VICHY), DiagnosticInputs(today=date(2026, 1, 1)), "fr"
    )
    for key in vichy.sections["perspectives"]:
        assert again.figures[key] == vichy.figures[key]


@pytest.mark.parametrize(
    ("lang", "title", "word"),
    [
        ("fr", "Perspectives à 5 et 10 ans", "indisponible"),
        ("de", "Aussichten in 5 und 10 Jahren", "nicht verfügbar"),
        ("en", "Outlook at 5 and 10 years", "unavailable"),
    ],
)
def test_valais_is_labelled_unavailable_not_an_error(terr, lang, title, word):
    data = build_diagnostic(
        terr, scope_of_area(terr, SION), DiagnosticInputs(today=date(2026, 1, 1)), lang
    )
    assert data.sections["perspectives"] == ("perspectives_unavailable",)
    f = data.figures["perspectives_unavailable"]
    assert f.value is None and f.display.startswith(word)
    assert data.section_titles["perspectives"] == title
    assert not any(k.startswith(("gp_5y", "apl_10y")) for k in data.figures)
