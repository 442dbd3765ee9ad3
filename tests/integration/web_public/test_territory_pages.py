"""The public territory pages: search, suggestions, a territory's page and its map data, the
national map, and the answers to bad input (404 with suggestions, 400 with a message)."""

from __future__ import annotations

import json
import re

import pytest

from proxisante.territory import load_territory

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_search_finds_an_epci_by_part_of_its_name_accents_ignored(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/", params={"q": "entr'allier besbre"})
    assert r.status_code == 200
    assert "CC Entr&#39;Allier Besbre et Loire" in r.text
    code = load_territory().search("Entr'Allier Besbre et Loire")[0]["code"]
    assert f'href="/territoires/{code}?lang=fr"' in r.text
    r = client.get("/", params={"q": "saint pourcain sur sioule"})
    assert "Saint-Pourçain-sur-Sioule" in r.text


def test_suggestions_json_covers_valais_levels(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/public/territoires", params={"q": "sion"})
    assert r.status_code == 200
    levels = {(x["code"], x["level"]) for x in r.json()["results"]}
    assert ("ch:6266", "commune") in levels
    assert ("ch-district:2312", "ch_district") in levels
    r = client.get("/api/public/territoires", params={"q": "sion", "niveau": "commune"})
    assert {x["level"] for x in r.json()["results"]} == {"commune"}


def test_suggestions_bad_level_is_a_400_naming_the_parameter(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/api/public/territoires", params={"q": "sion", "niveau": "planete"})
    assert r.status_code == 400
    message = r.json()["error"]["message"]
    assert "niveau" in message and "planete" in message and "commune" in message


def test_territory_page_has_figures_with_their_nature_map_table_and_neighbours(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/territoires/200071363")
    assert r.status_code == 200
    html = r.text
    assert "<h1>CA Vichy Communauté</h1>" in html
    for nature in ("officiel", "calculé", "estimation"):
        assert nature in html
    assert 'data-geojson="/donnees/territoires/200071363/zones.geojson"' in html
    assert "<caption>" in html and "Bellerive-sur-Allier" in html  # the map's table
    assert 'data-voir="03310"' in html  # the keyboard-operable list of the map's zones
    assert "CC Entr&#39;Allier Besbre et Loire" in html  # a neighbour
    assert "/territoires/200071363/diagnostic" in html
    assert "83 990" in html or "83\u00a0990" in html


def test_territory_page_in_german_by_accept_language_or_query(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/territoires/ch-district:2312", headers={"Accept-Language": "de-CH,de;q=0.9"})
    assert r.status_code == 200
    assert '<html lang="de"' in r.text
    assert "Bevölkerung" in r.text
    r = client.get("/territoires/ch-district:2312?lang=en")
    assert '<html lang="en"' in r.text and "Population" in r.text


def test_unknown_territory_is_a_404_page_with_suggestions(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/territoires/200071364")
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]
    assert "200071364" in r.text
    assert 'href="/territoires/200071363?lang=fr"' in r.text


@pytest.mark.parametrize("url", ["/territoires/dep:03", "/carte"])
def test_malformed_indicator_is_a_400_with_a_message(client, url: str) -> None:  # type: ignore[no-untyped-def]
    r = client.get(url, params={"indicateur": "apl;drop"})
    assert r.status_code == 400
    assert "indicateur" in r.text and "apl_computed" in r.text


def test_departement_geojson_is_small_complete_and_matches_the_bundle(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/donnees/territoires/dep:03/zones.geojson")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    assert len(r.content) <= 500_000
    doc = json.loads(r.content)
    terr = load_territory()
    codes = {f["properties"]["code"] for f in doc["features"]}
    assert codes == set(terr.communes_in("dep:03"))
    vichy = next(f["properties"] for f in doc["features"] if f["properties"]["code"] == "03310")
    assert vichy["apl"] == pytest.approx(terr.communes.at["03310", "apl_2023"], abs=0.01)
    assert vichy["apl_computed"] is not None and vichy["minutes_gp"] is not None
    assert vichy["class"] in {"urgence", "vigilance", "proche"}
    assert vichy["apl_nurse"] == pytest.approx(143.3, abs=0.05)  # DREES nurse APL 2023


def test_nurse_apl_is_a_map_layer_and_a_table_column(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/territoires/dep:03", params={"indicateur": "apl_nurse"})
    assert r.status_code == 200
    assert '<option value="apl_nurse" selected>' in r.text
    assert "APL aux infirmières (DREES 2023, ETP pour 100 000 hab.)" in r.text
    assert "APL 2024 aux masseurs-kinésithérapeutes (moyenne départementale : Allier)" in r.text
    assert "APL aux infirmières (2023, ETP pour 100 000 hab.)" in r.text
    doc = json.loads(client.get("/donnees/carte.geojson").content)
    allier = next(f["properties"] for f in doc["features"] if f["properties"]["code"] == "dep:03")
    assert allier["apl_nurse"] == pytest.approx(135.1, abs=0.05)  # SOURCES §15 and §19


def test_unknown_code_in_data_endpoint_is_a_404(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/donnees/territoires/dep:999/zones.geojson")
    assert r.status_code in (400, 404)
    assert "dep:999" in r.json()["error"]["message"]


def test_pages_load_assets_from_the_app_only_under_a_strict_csp(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/territoires/200071363")
    csp = r.headers["content-security-policy"]
    assert "http" not in csp and "*" not in csp  # no third-party host
    assert "default-src 'self'" in csp
    script_src = next((d for d in csp.split(";") if d.strip().startswith("script-src")), "")
    assert "unsafe" not in script_src  # scripts from 'self' only, no inline script
    for src in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', r.text):
        assert src.startswith("/static/"), src
        assert client.get(src).status_code == 200, src
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", r.text)
    assert all('type="application/json"' in attrs for attrs in inline)


@pytest.mark.parametrize("url", ["/territoires/dep:03", "/carte"])
def test_map_page_asks_for_the_first_map_first(client, url: str) -> None:  # type: ignore[no-untyped-def]
    """The map's data, MapLibre's worker and the map scripts from the head (preloaded or
    deferred); DSFR's script started by dsfr-later.js after the first map, never before it."""
    r = client.get(url)
    head, _sep, body = r.text.partition("</head>")
    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch"', head)
    assert any(p.endswith(".geojson") for p in preloads)
    assert any("maplibre-gl-csp-worker" in p for p in preloads)
    scripts = re.findall(r"<script defer[^>]*src=\"([^\"]+)\"", head)
    assert [s.split("/")[-1].split(".")[0] for s in scripts] == [
        "maplibre-gl-csp",
        "basemap",
        "map",
    ]
    assert 'type="module"' not in r.text  # DSFR's module is imported after the first map
    later = re.search(r'<script defer src="([^"]+dsfr-later[^"]+)" data-dsfr="([^"]+)"', body)
    assert later is not None and client.get(later.group(2)).status_code == 200
    assert client.get(later.group(1)).status_code == 200
    other = client.get("/accessibilite").text  # pages without a map keep DSFR's module
    assert 'type="module" src="/static/dist/vendor/dsfr/dsfr.module.min.' in other
