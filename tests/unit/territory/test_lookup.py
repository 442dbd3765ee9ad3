"""The one place search (``territory.lookup``) on the embedded bundle: names in three
languages, localities, former communes, postcodes and codes, and the rule that a query opens a
place only when it names that place exactly, in the page's country."""

from __future__ import annotations

import pandas as pd
import pytest

from proxisante.i18n import use_lang
from proxisante.territory import load_territory
from proxisante.territory.lookup import build_index, find_places

COMMUNE = {"commune"}

# query → the place it opens (its code), or None: a list of choices whose first is the code
# in the third column. The acceptance table of issue 23.
TABLE = [
    ("Sitten", "ch:6266", "ch:6266"),
    ("Siders", "ch:6248", "ch:6248"),
    ("Martinach", "ch:6136", "ch:6136"),
    ("Visp", "ch:6297", "ch:6297"),
    ("Viège", "ch:6297", "ch:6297"),
    ("viege", "ch:6297", "ch:6297"),
    ("Brig", "ch:6002", "ch:6002"),
    ("1950", None, "ch:6266"),
    ("03200", None, "03310"),
    ("03000", None, "03190"),
    ("Stetten", "68327", "68327"),
    ("Saint Maurice", None, "94069"),
    ("Sion", None, "ch:6266"),
]


@pytest.fixture(scope="module")
def terr():
    return load_territory()


@pytest.mark.parametrize(("query", "opens", "first"), TABLE)
def test_the_acceptance_table(terr, query: str, opens: str | None, first: str) -> None:
    found = terr.find(query, levels=COMMUNE)
    only = found.only()
    assert (only.code if only else None) == opens
    assert found.hits[0].code == first


@pytest.mark.parametrize(("query", "opens", "first"), TABLE)
@pytest.mark.parametrize("country", ["FR", "CH"])
def test_no_query_opens_the_other_country(terr, query, opens, first, country) -> None:
    only = terr.find(query, levels=COMMUNE, country=country).only(country)
    assert only is None or only.country == country
    if opens is not None and terr.communes.at[opens, "country"] != country:
        assert only is None  # a choice to make, with the country beside it


def test_stetten_finds_the_french_communes_only_and_sitten_never_stetten(terr) -> None:
    assert {h.country for h in terr.find("Stetten").hits} == {"FR"}
    assert all("stetten" not in h.name.lower() for h in terr.find("Sitten").hits)


def test_saint_maurice_lists_both_countries_each_with_its_country(terr) -> None:
    hits = [h for h in terr.find("Saint Maurice", levels=COMMUNE).hits if h.exact]
    by_country = {h.country for h in hits}
    assert by_country == {"FR", "CH"}
    assert {h.code for h in hits} >= {"ch:6217", "52453", "58257", "63378", "67427", "94069"}
    with use_lang("de"):
        assert {h.country_name() for h in hits} == {"Frankreich", "Schweiz"}


def test_every_commune_of_a_postcode_is_listed_and_labelled(terr) -> None:
    hits = terr.find("03200", levels=COMMUNE).hits
    assert [(h.code, h.reason) for h in hits] == [
        ("03310", "postcode"),  # Vichy, the largest commune of the postcode
        ("03001", "postcode"),
        ("03306", "postcode"),
        ("03200", "code"),  # Neuvy: its INSEE code, after the postcode's communes
    ]
    with use_lang("fr"):
        assert hits[0].reason_label() == "code postal 03200"
        assert hits[-1].reason_label() == "code INSEE 03200"
    moulins = terr.find("03000", levels=COMMUNE).hits
    assert len(moulins) == 6 and moulins[0].name == "Moulins"


def test_accents_case_saint_and_hyphens_are_ignored(terr) -> None:
    for query in ("SAINT-MAURICE", "st maurice", "Saint–Maurice".replace("–", " ")):
        assert "ch:6217" in {h.code for h in terr.find(query).hits if h.exact}
    assert terr.find("LOECHE LES BAINS").only().code == "ch:6111"


def test_codes_of_every_kind(terr) -> None:
    assert terr.find("6266").only().code == "ch:6266"  # a BFS number
    assert terr.find("ch:6266").only().code == "ch:6266"
    assert terr.find("Sion (ch:6266)").only().code == "ch:6266"
    assert terr.find("200071363").only().code == "200071363"  # an EPCI's SIREN
    assert terr.find("dep:03").only().code == "dep:03"
    assert terr.find("Hérens").only().code == "ch-district:2305"  # a district's name
    assert terr.find("CA Vichy Communauté").only().code == "200071363"


def test_localities_and_former_communes_name_their_commune(terr) -> None:
    uvrier = terr.find("Uvrier", levels=COMMUNE)
    assert uvrier.only().code == "ch:6266" and uvrier.hits[0].reason == "locality"
    # A delegated commune of the COG: a former commune merged into the current one.
    assert terr.find("Arbignieu", levels=COMMUNE).only().code == "01015"
    assert terr.find("Arbignieu", levels=COMMUNE).hits[0].reason == "former"


def test_a_query_that_is_not_exact_never_opens_a_place(terr) -> None:
    for query in ("Sittn", "vich", "Moulns", "032", "Stet"):
        found = terr.find(query, levels=COMMUNE)
        assert found.hits, query
        assert found.only() is None and not found.exact, query


def test_the_readers_language_ranks_first_among_aliases() -> None:
    index = pd.DataFrame(
        {
            "code": ["a", "b"],
            "name": ["Alpha", "Beta"],
            "level": ["commune", "commune"],
            "parent": [None, None],
            "population": [10, 1000],
            "country": ["CH", "FR"],
        }
    )
    aliases = pd.DataFrame(
        {
            "alias": ["Gamma", "Gamma"],
            "kind": ["locality"] * 2,
            "lang": ["de", "fr"],
            "code": ["a", "b"],
        }
    )
    idx = build_index(index, aliases, {})
    assert [h.code for h in find_places(idx, "gamma", lang="de").hits] == ["a", "b"]
    assert [h.code for h in find_places(idx, "gamma", lang="fr").hits] == ["b", "a"]
    assert [h.code for h in find_places(idx, "gamma", country="CH").hits] == ["a", "b"]
    assert find_places(idx, "gamma").only() is None
    assert find_places(idx, "alpha", country="FR").only("FR") is None
    assert find_places(idx, "alpha", country="CH").only("CH").code == "a"
