"""The public pages of a Valais commune and district in German and French: the numbers of the
commune's country, the estimated figures with their nature and Swiss sources only, and no French
text on the German pages (``tests/fixtures/i18n/french-words.txt``)."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

import pytest

from proxisante.config import Settings
from proxisante.store.migrate import upgrade
from proxisante.web.app import create_app
from tests.valais_text import french_words_in, visible_text

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

FRENCH_SOURCES = ("FINESS", "Code officiel géographique", "INSEE", "BPE", "DREES", "IGN")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The public pages over a migrated database (``/ou-consulter`` reads the slots)."""
    home = tmp_path_factory.mktemp("valais-home")
    url = f"sqlite:///{home / 'db.sqlite'}"
    upgrade(url)
    app = create_app(Settings(home=home, database_url=url), secret_key="k" * 32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield TestClient(app)


def _get(client, path: str, lang: str) -> str:  # type: ignore[no-untyped-def]
    r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert r.status_code == 200, (path, r.status_code)
    return r.text


def test_sitten_in_german_gives_144_the_valais_line_and_sions_emergency_department(
    client,  # type: ignore[no-untyped-def]
) -> None:
    page = _get(client, "/ou-consulter?commune=Sitten", "de")
    text = visible_text(page)
    assert "Ab Sion" in text and "Wallis, Schweiz" in text  # the country is said
    numbers = re.findall(r'<div class="ps-kpi"><strong>([^<]+)</strong>', page)
    assert numbers[0] == "144"  # the first answer: the Swiss emergency number
    assert "0848 200 300" in numbers  # the Valais on-call line (and on-duty pharmacy)
    assert not {"15", "116 117", "3237"} & set(numbers)  # no French number at all
    assert "Rufen Sie die 144 an" in text
    assert "Hôpital de Sion" in text and "Nächste Notaufnahme" in text
    assert "Centre médical de Valère" in text  # the on-call centre of Sion
    assert french_words_in(text) == []


def test_the_country_of_the_commune_decides_not_the_language(client) -> None:  # type: ignore[no-untyped-def]
    fr_in_german = _get(client, "/ou-consulter?commune=Yzeure", "de")
    numbers = re.findall(r'<div class="ps-kpi"><strong>([^<]+)</strong>', fr_in_german)
    assert numbers[:3] == ["15", "116 117", "3237"] and "144" not in numbers
    ch_in_french = _get(client, "/ou-consulter?commune=Sierre", "fr")
    numbers = re.findall(r'<div class="ps-kpi"><strong>([^<]+)</strong>', ch_in_french)
    assert numbers[0] == "144" and "15" not in numbers and "116 117" not in numbers


@pytest.mark.parametrize(
    ("query", "first", "listed"),
    [
        ("03200", "Vichy", ("Abrest", "Le Vernet", "Neuvy")),
        ("1950", "Sion", ("Savièse", "Grimisuat")),
        ("Sion", "Sion", ()),
        ("Saint Maurice", "Saint-Maurice", ()),
    ],
)
def test_a_text_that_names_several_communes_gives_choices_with_their_country(
    client,  # type: ignore[no-untyped-def]
    query: str,
    first: str,
    listed: tuple[str, ...],
) -> None:
    page = _get(client, f"/ou-consulter?commune={query}", "fr")
    assert "Vouliez-vous dire" in page and 'id="reponse"' not in page
    items = re.findall(
        r"<li><a class=\"fr-link\" href=\"([^\"]+)\">([^<]+)</a> — <strong>([^<]+)", page
    )
    assert items[0][1] == first
    assert all(name in {i[1] for i in items} for name in listed)
    assert all(i[2] in ("France", "Suisse") for i in items)
    if query in ("Sion", "Saint Maurice"):
        assert {i[2] for i in items} == {"France", "Suisse"}  # the border is visible
    chosen = client.get(items[0][0].replace("&amp;", "&"))
    assert 'id="reponse"' in chosen.text  # choosing a suggestion opens that place


@pytest.mark.parametrize("lang", ["de", "fr"])
@pytest.mark.parametrize("code", ["ch:6266", "ch-district:2312"])
def test_territory_page_of_a_valais_commune_and_district(client, lang: str, code: str) -> None:  # type: ignore[no-untyped-def]
    page = _get(client, f"/territoires/{code}", lang)
    text = visible_text(page)
    crumbs = {"de": "Schweiz Wallis Mittelwallis", "fr": "Suisse Valais Valais central"}[lang]
    assert crumbs in text  # breadcrumbs in the reader's language
    # The map opens on an indicator with Valais data, not the French APL.
    assert '<option value="access_ch" selected>' in page and 'value="apl"' not in page
    population = {"ch:6266": 34710, "ch-district:2312": 47925}[code]
    fte = {"ch:6266": 30, "ch-district:2312": 41}[code]  # 0.85 FTE per 1,000 (OVS 2018)
    assert f"{population:,}".replace(",", {"de": "’", "fr": " "}[lang]) in text
    assert f"≈ {fte}" in text
    assert ("0.85" if lang == "de" else "0,85") in text
    assert {"de": "Schätzung", "fr": "estimation"}[lang] in text
    for name in FRENCH_SOURCES:
        assert name not in text, name
    if lang == "de":
        assert french_words_in(text) == []


@pytest.mark.parametrize("lang", ["de", "fr"])
def test_the_sion_diagnostic_has_swiss_sources_and_no_row_a_swiss_source_could_fill(
    client,  # type: ignore[no-untyped-def]
    lang: str,
) -> None:
    page = _get(client, "/territoires/ch-district:2312/diagnostic", lang)
    text = visible_text(page)
    for name in FRENCH_SOURCES:
        assert name not in text, name
    missing = {"de": "k.A.", "fr": "n.d."}[lang]
    # No figure, comparison or commune row left empty: the Valais estimates stand in for the
    # French counts; the one unavailable row (the projection) says why in words.
    assert missing not in text
    assert ("0.85" if lang == "de" else "0,85") in text  # the estimated density, compared
    assert "importer" not in text.lower() and "importieren" not in text.lower()
    if lang == "de":
        assert french_words_in(text) == []


@pytest.mark.parametrize(
    "typed",
    ["(((", "ch:", "ch:99999", "Sion (", "Sion (zz)", "0" * 99, "1950 (ch:6266)", "%00", "—"],
)
def test_odd_texts_give_an_answer_a_choice_or_a_400_never_a_500(client, typed: str) -> None:  # type: ignore[no-untyped-def]
    for path in ("/ou-consulter", "/installation"):
        r = client.get(path, params={"commune": typed, "code": typed[:20]})
        assert r.status_code in (200, 400), (path, typed, r.status_code)
        if r.status_code == 400:
            assert "commune" in r.text
    api = client.get("/api/public/territoires", params={"q": typed})
    assert api.status_code == 200 and isinstance(api.json()["results"], list)


def test_a_postcode_with_its_code_opens_that_commune(client) -> None:  # type: ignore[no-untyped-def]
    page = _get(client, "/ou-consulter?commune=1950%20(ch:6266)", "fr")
    assert 'id="reponse"' in page and "Depuis Sion" in page
