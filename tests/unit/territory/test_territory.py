"""The territory model on the embedded bundle: tree, counts, codes, search."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proxisante.errors import UnknownTerritoryError
from proxisante.territory import load_territory, normalise_code
from proxisante.territory.search import close_codes, fold

RAW = Path(__file__).resolve().parents[4] / "shared" / "data" / "raw"


@pytest.fixture(scope="module")
def terr():
    return load_territory()


def test_allier_has_317_communes_and_its_legal_population(terr):
    assert len(terr.communes_in("dep:03")) == 317
    assert terr.population_of("dep:03") == 333_298


def test_herault_matches_the_cog(terr):
    assert len(terr.communes_in("dep:34")) == 341
    assert terr.population_of("dep:34") == 1_230_289


def test_every_epci_has_its_members(terr):
    epci = terr.areas[terr.areas["level"] == "epci"]
    assert len(epci) == 1255
    counts = terr.communes["epci"].value_counts()
    assert counts.sum() == 34_871  # 98 communes of the COG belong to no EPCI (islands, COM)
    assert counts["200071363"] == 39


@pytest.mark.skipif(not RAW.exists(), reason="needs ../shared/data/raw")
def test_epci_membership_equals_the_dgcl_list(terr):
    raw = json.loads((RAW / "etalab-decoupage-administratif" / "epci.json").read_text())
    vichy = next(e for e in raw if e["code"] == "200071363")
    assert sorted(terr.communes_in("200071363")) == sorted(m["code"] for m in vichy["membres"])


def test_valais_has_122_communes_in_13_districts_and_3_regions(terr):
    vs = terr.communes_in("ch-canton:VS")
    assert len(vs) == 122
    assert terr.communes.loc[vs, "district"].nunique() == 13
    regions = {a.code for a in terr.children("ch-canton:VS")}
    assert regions == {"ch-region:haut-valais", "ch-region:valais-central", "ch-region:bas-valais"}
    assert sum(len(terr.communes_in(r)) for r in regions) == 122


def test_raron_is_one_district_in_haut_valais(terr):
    raron = terr.area("ch-district:2309")
    assert raron.name == "Raron"
    assert raron.parents == ("ch-region:haut-valais",)


def test_commune_ancestors_go_up_to_the_country(terr):
    assert [a.code for a in terr.ancestors("03310")] == ["200071363", "dep:03", "reg:84", "fr"]
    assert [a.code for a in terr.ancestors("ch:6266")][-2:] == ["ch-canton:VS", "ch"]


def test_paris_arrondissements_are_areas_inside_paris(terr):
    a = terr.area("75101")
    assert a.level == "arrondissement"
    assert a.parents == ("75056",)
    assert len(terr.arrondissements) == 45


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("dep:3", "dep:03"),
        ("DEP:2a", "dep:2A"),
        ("com:03310", "03310"),
        ("2b033", "2B033"),
        ("ch-canton:vs", "ch-canton:VS"),
        ("France", "fr"),
        (" 200071363 ", "200071363"),
    ],
)
def test_codes_are_normalised(raw, expected):
    assert normalise_code(raw) == expected


def test_unknown_code_suggests_the_closest(terr):
    with pytest.raises(UnknownTerritoryError) as err:
        terr.area("200071364")
    assert "200071363 (CA Vichy Communauté)" in str(err.value)
    assert err.value.suggestions[0].startswith("200071363")


def test_unknown_name_suggests_by_spelling(terr):
    with pytest.raises(UnknownTerritoryError) as err:
        terr.area("Vichi")
    assert "03310 (Vichy)" in str(err.value)


def test_close_codes_prefers_a_typo_in_the_last_digits():
    assert close_codes("03311", ["13310", "03310", "03312"], n=2) == ["03310", "03312"]


def test_search_ignores_accents_case_and_hyphens(terr):
    hits = terr.search("SAINT POURCAIN SUR SIOULE")
    assert hits[0]["code"] == "03254"
    assert terr.search("hérens")[0]["code"] == "ch-district:2305"
    assert fold("Saint-Étienne") == fold("st etienne")


def test_search_puts_larger_areas_first_on_equal_match(terr):
    codes = [h["code"] for h in terr.search("Allier")]
    assert codes[0] == "dep:03"
