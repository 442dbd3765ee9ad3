"""The territory page of a commune as its mayor reads it: the verdict sentence first (class, the
figure that decides it, the threshold, the région and France), key figures with references,
the GP zoning, neighbours with their figures, APL defined with its unit, and the CSV of what
is shown; the map colours come from the one scale definition the PDF uses too."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from proxisante.diagnosis.keyfigures import references
from proxisante.diagnosis.scales import SCALES, scales_json
from proxisante.territory import load_territory

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ARFEUILLES = "03006"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def test_commune_page_opens_with_the_verdict_sentence(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/territoires/{ARFEUILLES}?lang=fr").text
    verdict = re.search(r'<p class="fr-callout__text" id="verdict-phrase">([^<]+)</p>', html)
    assert verdict is not None
    refs = references(load_territory(), ARFEUILLES)
    assert refs is not None and refs.region.apl is not None and refs.france.apl is not None
    region = f"{refs.region.apl:.2f}".replace(".", ",")
    france = f"{refs.france.apl:.2f}".replace(".", ",")
    assert verdict.group(1) == (
        "Arfeuilles : APL 1,19 consultation par an et par habitant, sous le seuil de 2,5 ; "
        f"région {region}, France {france}. Classe « urgence »."
    )
    # it comes before the key figures
    assert html.index("verdict-phrase") < html.index("Chiffres clés")


def test_commune_page_figures_references_zoning_and_neighbours(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/territoires/{ARFEUILLES}?lang=fr").text
    text = _text(html)
    assert 'data-figure="communes"' not in html  # no "Communes : 1" on a commune page
    assert "Médecins généralistes libéraux (2020)" in text  # one vintage, labelled
    assert "Région Auvergne-Rhône-Alpes :" in text and "France :" in text
    assert "1,14 en 2022, 1,19 en 2023" in text  # the APL trend
    assert "consultations par an et par habitant" in text  # APL's unit, in plain words
    kpis = re.findall(r'<div class="ps-kpi" data-figure="(\w+)">(.*?)</div>', html, re.S)
    assert len(kpis) >= 6
    for key, body in kpis:  # each indicator has its ⓘ definition, a native disclosure
        assert "<details" in body and "Définition" in body, key
    assert "APL officielle ou APL calculée : laquelle lire ?" in text
    assert "zone d'action complémentaire (ZAC)" in text  # the compiled zoning of Arfeuilles
    voisins = html[html.index('id="voisins"') :]
    assert "Châtel-Montagne" in voisins and "7,16" in voisins  # a neighbour with its APL
    assert 'class="fr-tag"' not in voisins


def test_csv_export_has_the_figures_shown(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get(f"/territoires/{ARFEUILLES}/chiffres.csv?lang=de")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "chiffres-03006.csv" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0].startswith("Arfeuilles: ")
    labels = [row[1] for row in rows if len(row) > 1 and row[0] == "Arfeuilles"]
    assert any("APL" in label for label in labels)
    assert any(row and row[0] == "Châtel-Montagne" for row in rows)
    assert client.get("/territoires/99999/chiffres.csv").status_code == 404


def test_map_reads_the_one_scale_definition(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/territoires/{ARFEUILLES}").text
    raw = re.search(r'<script type="application/json" id="carte-echelles">(.+?)</script>', html)
    assert raw is not None
    assert json.loads(raw.group(1)) == json.loads(json.dumps(scales_json()))
    assert json.loads(raw.group(1))["indicators"]["apl"]["breaks"][0] == 2.5
    assert SCALES["apl"].colour(1.19) == SCALES["apl"].colours[0]
