"""The diagnosis section by section: each section function against figures recomputed by hand
from the commune rows, on a set of three Allier communes and on a Valais district."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from proxisante.diagnosis.basis import DiagnosticInputs, make_basis
from proxisante.diagnosis.comparison import classification, comparison_rows, rank_figures
from proxisante.diagnosis.context import scope_of_area, scope_of_communes
from proxisante.diagnosis.sections import (
    context_section,
    demography_section,
    proximity_section,
    supply_section,
)
from proxisante.i18n import use_lang
from proxisante.territory import load_territory
from tests.travel import national

TRIO = ["03310", "03095", "03141"]


@pytest.fixture(scope="module")
def terr():
    return load_territory()


@pytest.fixture(scope="module")
def trio(terr):
    return make_basis(
        terr, scope_of_communes(terr, TRIO, "Trio"), DiagnosticInputs(travel=national())
    )


@pytest.fixture(scope="module")
def sion(terr):
    return make_basis(
        terr, scope_of_area(terr, "ch-district:2312"), DiagnosticInputs(travel=national())
    )


def _rows(terr, codes):
    return terr.communes.loc[codes]


def test_context_counts_population_and_density(terr, trio):
    figs = context_section(trio)
    rows = _rows(terr, TRIO)
    assert list(figs) == ["communes", "population", "area_km2", "density"]
    assert figs["communes"].value == 3
    assert figs["population"].value == int(rows["population"].sum())
    expected = rows["population"].sum() / rows["area_km2"].sum()
    assert figs["density"].value == pytest.approx(expected, abs=1e-4)
    assert figs["density"].nature == "computed"
    assert figs["population"].nature == "official"
    assert figs["population"].display == f"{int(rows['population'].sum()):,}".replace(",", "\xa0")


def test_demography_need_index_is_standardised_over_plain_population(terr, trio):
    figs = demography_section(trio)
    rows = _rows(terr, TRIO)
    assert figs["need_index"].value == pytest.approx(
        rows["pop_std_2023"].sum() / rows["pop_apl_2023"].sum(), abs=1e-4
    )
    assert "social_assistance" not in figs
    assert figs["share_65_plus"].value is None  # no age bands imported
    assert "non publiés" in figs["share_65_plus"].source
    assert "import" not in figs["share_65_plus"].source  # no operator instruction


def test_demography_share_65_from_imported_age_bands(terr):
    bands = pd.DataFrame(
        {
            "commune": ["03310"] * 3,
            "age_min": [0, 20, 65],
            "population": [100, 600, 300],
        }
    )
    scope = scope_of_communes(terr, ["03310"])
    figs = demography_section(
        make_basis(terr, scope, DiagnosticInputs(travel=national(), age_bands=bands))
    )
    assert figs["share_65_plus"].value == pytest.approx(0.3)
    assert figs["share_65_plus"].display == "30,0\xa0%"


def test_demography_in_valais_has_social_assistance_not_need_index(sion):
    figs = demography_section(sion)
    assert "need_index" not in figs and "pop_std_2023" not in figs
    assert figs["social_assistance"].unit == "rate"
    assert 0 < figs["share_65_plus"].value < 1


def test_supply_counts_gps_and_retirement_from_professionals(terr):
    scope = scope_of_communes(terr, TRIO)
    pros = pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "profession": ["gp", "gp", "gp", "nurse"],
            "commune": ["03310", "03310", "03095", "03310"],
            "age": [62.0, 45.0, 60.0, 70.0],
            "activity": [np.nan] * 4,
        }
    )
    figs = supply_section(
        make_basis(terr, scope, DiagnosticInputs(travel=national(), professionals=pros))
    )
    rows = _rows(terr, TRIO)
    gp = int(rows["gp_liberal"].sum())
    assert figs["gp"].value == gp
    assert figs["gp_per_10k"].value == pytest.approx(gp / rows["population"].sum() * 1e4, 1e-4)
    assert figs["gp_60_plus"].value == 2  # the nurse of 70 is not a GP
    assert figs["gp_60_plus_share"].value == pytest.approx(2 / 3, abs=1e-4)


def test_supply_without_ages_says_why(trio):
    figs = supply_section(trio)
    assert figs["gp_60_plus"].value is None
    assert figs["gp_60_plus"].display == "n.d."
    assert "non publiés" in figs["gp_60_plus"].source


def test_proximity_official_apl_and_times(terr, trio):
    figs = proximity_section(trio)
    rows = _rows(terr, TRIO)
    w = rows["pop_std_2023"]
    assert figs["apl_2023"].value == pytest.approx((rows["apl_2023"] * w).sum() / w.sum(), abs=1e-3)
    under = rows.loc[rows["apl_2023"] < 2.5, "population"].sum()
    assert figs["pop_sous_dense"].value == int(under)
    minutes = trio.local["minutes_gp"]
    assert figs["communes_far_gp"].value == int((minutes > 20).sum())
    assert figs["minutes_hospital_mean"].nature == "estimate"  # official sites, estimated times
    assert "SAE 2025" in figs["share_beyond_30_hospital"].source
    assert "SMUR" in figs["share_beyond_30_hospital"].label
    assert "share_beyond_30_night" not in figs  # no part-time site in France
    assert figs["apl_computed"].nature == "estimate"


def test_proximity_in_valais_has_no_official_apl(sion):
    figs = proximity_section(sion)
    assert figs["apl_2023"].value is None
    assert figs["apl_2023"].source == "pas d'APL officielle"
    assert figs["share_beyond_30_hospital"].value is not None
    for key in ("minutes_hospital_mean", "share_beyond_30_hospital"):
        assert figs[key].source == "Hôpital du Valais / HRC, faits publiés"
    assert sion.local.loc["ch:6266", "minutes_hospital"] < 10  # Sion's own ED


def test_martigny_district_by_day_and_at_night(terr):
    with use_lang("de"):
        basis = make_basis(
            terr, scope_of_area(terr, "ch-district:2307"), DiagnosticInputs(travel=national())
        )
        figs = proximity_section(basis)
    day, night = figs["share_beyond_30_hospital"], figs["share_beyond_30_night"]
    assert night.value is not None and day.value is not None and night.value > day.value
    # By night Martigny's own ED (8-18 h) is closed: its nearest round-the-clock one is farther.
    local = basis.local.loc["ch:6136"]
    assert local["minutes_emergency_always"] > local["minutes_hospital"]
    for f in (day, night):
        assert f.source == "Spital Wallis / HRC, veröffentlichte Angaben"  # no French source
        assert not any(w in f.source for w in ("SAE", "FINESS", "DREES"))
        assert "Notaufnahme" in f.label and "service d'urgence" not in f.label  # German


def test_comparison_roles_rank_and_class(trio):
    figs = proximity_section(trio)
    rows = comparison_rows(trio, ())
    assert rows[0].role == "territory" and rows[0].name == "Trio"
    assert [r.code for r in rows if r.role == "reference"] == ["dep:03", "reg:84", "fr"]
    ranks = rank_figures(rows)
    assert ranks["rank_among_neighbours"].value == 1  # alone: first
    assert ranks["neighbours_ranked"].value == 1
    klass = classification(figs, rows)
    assert klass.klass in ("urgence", "vigilance", "proche")
    assert "Urgence : APL 2023 inférieure à 2,50" in klass.rule


def test_sections_speak_the_context_language(trio):
    with use_lang("de"):
        figs = context_section(trio)
    assert figs["population"].label == "Bevölkerung"
    assert figs["population"].nature_label == "amtlicher Wert"
    assert "’" in figs["population"].display
    with use_lang("en"):
        assert context_section(trio)["area_km2"].label == "Area"


def test_figures_are_immutable(trio):
    fig = context_section(trio)["population"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        fig.value = 1  # type: ignore[misc]
