"""The diagnosis sections « Infirmiers et autres professions » and « Saisons »."""

from __future__ import annotations

import pytest

from proxisante.diagnosis.basis import DiagnosticInputs, make_basis
from proxisante.diagnosis.context import scope_of_area, scope_of_communes
from proxisante.diagnosis.professions import professions_section, seasons_section
from proxisante.i18n import use_lang
from proxisante.territory import load_territory
from proxisante.territory.seasonal import SeasonalParameters, seasonal_population
from tests.travel import national


@pytest.fixture(scope="module")
def terr():
    return load_territory()


def test_nurse_apl_and_departement_averages_are_labelled(terr):
    b = make_basis(
        terr, scope_of_communes(terr, ["03310"], "Vichy"), DiagnosticInputs(travel=national())
    )
    with use_lang("fr"):
        f = professions_section(b)
    assert f["apl_nurse_2023"].value == pytest.approx(143.3, abs=0.05)
    assert f["apl_nurse_2023"].nature == "official" and f["apl_nurse_2023"].display == "143,3"
    physio = f["dep_apl_2024_physio"]
    assert physio.value == 96.4 and "moyenne départementale : Allier" in physio.label
    assert f["dep_apl_2024_gp"].display == "3,13"


def test_seasons_show_the_summer_apl_only_where_it_matters(terr):
    coast = make_basis(
        terr, scope_of_communes(terr, ["34324"], "Valras"), DiagnosticInputs(travel=national())
    )
    with use_lang("fr"):
        f = seasons_section(coast)
    people = seasonal_population(terr.communes.loc[["34324"]], SeasonalParameters()).iloc[0]
    assert f["seasonal_population"].value == pytest.approx(round(people, 4))
    assert f["seasonal_ratio"].value > 1 and f["seasonal_population"].nature == "estimate"
    summer = f["apl_summer"]
    official = terr.communes.at["34324", "apl_2023"]
    # Ratio anchoring: below the official value, never below 0.
    assert summer.nature == "estimate" and 0 <= summer.value < official
    vichy = make_basis(
        terr, scope_of_communes(terr, ["03310"], "Vichy"), DiagnosticInputs(travel=national())
    )
    assert "apl_summer" not in seasons_section(vichy)  # 8 % of residents: under the threshold


def test_valais_has_neither_section(terr):
    b = make_basis(
        terr, scope_of_area(terr, "ch-district:2312"), DiagnosticInputs(travel=national())
    )
    assert professions_section(b) == {} and seasons_section(b) == {}
