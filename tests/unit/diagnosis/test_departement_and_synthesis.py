"""Département-level figures (GP trend 2020 → 2024, professions per 10 000) and the synthesis
the diagnosis opens with, against the bundle's département table recomputed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from proxisante.diagnosis import DiagnosticInputs, build_diagnostic
from proxisante.diagnosis.basis import make_basis
from proxisante.diagnosis.context import scope_of_area, scope_of_communes
from proxisante.diagnosis.departement import departement_section
from proxisante.i18n import use_lang
from proxisante.territory import load_territory
from proxisante.territory.bundle import load_department_health
from tests.travel import national


@pytest.fixture(scope="module")
def terr():
    return load_territory()


def _allier() -> pd.Series:
    table = load_department_health().set_index("dep")
    return table.loc["03"]


def test_an_epci_gets_the_figures_of_its_departement_labelled_with_the_level(terr):
    b = make_basis(terr, scope_of_area(terr, "200071363"), DiagnosticInputs(travel=national()))
    with use_lang("fr"):
        f = departement_section(b)
    dep = _allier()
    assert f["dep_gp_2020"].value == int(dep["gp_2020"])
    assert f["dep_gp_2024"].value == int(dep["gp_2024"])
    change = (int(dep["gp_2024"]) - int(dep["gp_2020"])) / int(dep["gp_2020"])
    assert f["dep_gp_change"].value == pytest.approx(change, abs=1e-4)
    assert f["dep_gp_change"].display.startswith("-" if change < 0 else "+")
    for key, col in (
        ("dep_nurses_per_10k", "nurses_2024"),
        ("dep_pharmacies_per_10k", "pharmacies_2024"),
        ("dep_dentists_per_10k", "dentists_2024"),
    ):
        expected = int(dep[col]) / int(dep["population_2025"]) * 1e4
        assert f[key].value == pytest.approx(expected, abs=1e-4)
        assert f[key].label.endswith("(niveau départemental : Allier)")
        assert "INSEE BPE 2024" in f[key].source
        assert f[key].nature == "computed"
    assert "BPE 2020" in f["dep_gp_2020"].source and f["dep_gp_2024"].source == "INSEE BPE 2024"


def test_a_region_sums_its_departements_and_says_so(terr):
    b = make_basis(
        terr, scope_of_communes(terr, ["03310"], "x"), DiagnosticInputs(travel=national())
    )
    assert "niveau départemental" in departement_section(b)["dep_gp_2024"].label
    table = load_department_health().set_index("dep")
    deps = sorted(
        {c.removeprefix("dep:") for c in terr.communes.loc[terr.communes_in("reg:84")].departement}
    )
    from proxisante.diagnosis.departement import measured_area

    f = measured_area(terr, scope_of_area(terr, "reg:84"))
    assert f is not None and f.level == "region"
    assert f.gp_2024 == int(pd.to_numeric(table.loc[deps, "gp_2024"]).sum())


def test_german_labels_and_swiss_numbers(terr):
    b = make_basis(terr, scope_of_area(terr, "200071363"), DiagnosticInputs(travel=national()))
    with use_lang("de"):
        f = departement_section(b)
    assert f["dep_nurses_per_10k"].label.startswith("Pflegefachpersonen pro 10’000 Einwohner")
    assert "Ebene Département: Allier" in f["dep_nurses_per_10k"].label
    assert "." in f["dep_nurses_per_10k"].display and "," not in f["dep_nurses_per_10k"].display


def test_valais_has_no_departement_figures(terr):
    b = make_basis(
        terr, scope_of_area(terr, "ch-district:2312"), DiagnosticInputs(travel=national())
    )
    assert departement_section(b) == {}


@pytest.fixture(scope="module")
def with_contours():
    from proxisante.diagnosis.build import contour_lookup
    from proxisante.territory.bundle import read_table

    contours = read_table("contours")
    return DiagnosticInputs(
        travel=national(),
        contours=contour_lookup(contours["code"].tolist(), contours["wkb"].tolist()),
    )


def test_synthesis_compares_with_neighbours_and_the_departement(terr, with_contours):
    d = build_diagnostic(terr, scope_of_area(terr, "200071363"), with_contours, "fr")
    s = d.synthesis
    rows = {k.key: k for k in s.key_figures}
    assert list(rows) == ["population", "gp_per_10k", "apl_2023", "share_sous_dense"]
    own = next(r for r in d.comparison if r.role == "territory")
    neighbours = [r for r in d.comparison if r.role == "neighbour"]
    dep = next(r for r in d.comparison if r.code == "dep:03")
    assert rows["apl_2023"].territory == own.display.apl_2023
    assert rows["apl_2023"].reference == dep.display.apl_2023
    low = min(neighbours, key=lambda r: r.values.apl_2023 or 0.0)
    high = max(neighbours, key=lambda r: r.values.apl_2023 or 0.0)
    assert rows["apl_2023"].neighbours == f"{low.display.apl_2023} – {high.display.apl_2023}"
    assert s.reference_label == "Allier (département)"
    assert len(neighbours) >= 3
    assert s.neighbours_label.startswith(f"Voisins ({len(neighbours)})")
    assert s.leads == d.leads[:3]
    assert "290 en 2020" in s.trend or str(d.figures["dep_gp_2020"].display) in s.trend
    assert d.figures["dep_gp_change"].display in s.trend
    assert set(s.own_figures) <= set(d.figures)


def test_synthesis_leaves_out_what_the_territory_has_no_value_for(terr):
    d = build_diagnostic(
        terr, scope_of_area(terr, "ch-district:2312"), DiagnosticInputs(travel=national()), "de"
    )
    # Valais: no GP count nor APL; the estimated supply (OVS 2018) stands in, labelled.
    assert [k.key for k in d.synthesis.key_figures] == ["population", "fte_per_1000"]
    assert d.synthesis.key_figures[1].territory == "0.85"
    assert d.synthesis.trend == ""
    assert all(d.figures[k].value is not None for k in d.synthesis.own_figures)
