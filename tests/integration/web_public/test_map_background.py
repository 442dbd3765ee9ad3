"""The background of the public maps (``fond.geojson``): roads of the DGITM skeleton from the
bundle, département outlines, a commune's neighbours, place-name candidates; the frame a map
opens on; the bundle's road file and its provenance."""

from __future__ import annotations

import gzip
import json
import re

import pytest
import shapely

from proxisante.diagnosis.keyfigures import neighbours
from proxisante.territory import load_territory
from proxisante.territory.bundle import bundle_dir, read_provenance

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _kinds(doc: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in doc["features"]:
        out.setdefault(f["properties"]["k"], []).append(f)
    return out


def _bounds(html: str) -> list[list[float]]:
    m = re.search(r'data-bounds="([^"]+)"', html)
    assert m is not None
    return json.loads(m.group(1).replace("&#34;", '"'))


def test_bundle_roads_are_the_dgitm_skeleton_compact_and_cited() -> None:
    path = bundle_dir() / "roads.geojson"
    data = path.read_bytes()
    assert len(data) < 300_000
    doc = json.loads(data)
    refs = {f["properties"]["ref"] for f in doc["features"]}
    assert {"A71", "A7", "N7", "N79"} <= refs
    assert {f["properties"]["kind"] for f in doc["features"]} == {"A", "N"}
    for f in doc["features"]:
        assert f["geometry"]["type"] in ("LineString", "MultiLineString")
    # Metropolitan France, in longitude / latitude (not Lambert-93 metres).
    x0, y0, x1, y1 = shapely.total_bounds(
        [shapely.from_geojson(json.dumps(f["geometry"])) for f in doc["features"]]
    )
    assert x0 > -5.5 and x1 < 10 and y0 > 41 and y1 < 51.5
    source = next(s for s in read_provenance()["sources"] if s["id"] == "tmja2019")
    assert "DGITM" in source["publisher"]


def test_departement_background_has_clipped_roads_outlines_and_its_largest_towns(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/donnees/territoires/dep:03/fond.geojson")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/geo+json")
    kinds = _kinds(r.json())
    assert set(kinds) == {"route", "dep", "lieu"}
    refs = {f["properties"]["ref"] for f in kinds["route"]}
    assert {"A71", "N7", "N79"} <= refs and "A1" not in refs  # only the roads in the frame
    assert "dep:03" in {f["properties"]["code"] for f in kinds["dep"]}
    assert {"dep:63", "dep:71"} & {f["properties"]["code"] for f in kinds["dep"]}
    places = [f["properties"] for f in kinds["lieu"]]
    own = [p["name"] for p in places if p["dep"] == "dep:03"]
    assert own[:3] == ["Montluçon", "Vichy", "Moulins"]
    assert "Roanne" in {p["name"] for p in places}  # a town of the frame beyond the border
    assert [p["population"] for p in places] == sorted(
        (p["population"] for p in places), reverse=True
    )
    assert len(places) <= 60
    # Every geometry stays inside the map's frame.
    frame = _bounds(client.get("/territoires/dep:03").text)
    box = shapely.box(
        frame[0][0] - 1e-3, frame[0][1] - 1e-3, frame[1][0] + 1e-3, frame[1][1] + 1e-3
    )
    for f in kinds["route"] + kinds["dep"]:
        assert box.contains(shapely.from_geojson(json.dumps(f["geometry"])))
    # Small on the wire: well under the page's byte budget.
    assert len(gzip.compress(r.content)) < 20_000


def test_commune_map_opens_on_the_commune_among_its_named_neighbours(client) -> None:  # type: ignore[no-untyped-def]
    terr = load_territory()
    near = {n.code for n in neighbours(terr, "03190")}
    assert len(near) >= 4
    doc = client.get("/donnees/territoires/03190/fond.geojson").json()
    kinds = _kinds(doc)
    assert {f["properties"]["code"] for f in kinds["voisin"]} == near
    assert {f["properties"]["code"] for f in kinds["lieu"]} <= near | {"03190"}
    assert "03190" in {f["properties"]["code"] for f in kinds["lieu"]}
    # The frame holds the commune and every neighbour's polygon (not a box cut at its edge).
    (w, s), (e, n) = _bounds(client.get("/territoires/03190").text)
    frame = shapely.box(w, s, e, n)
    for f in kinds["voisin"]:
        assert frame.contains(shapely.from_geojson(json.dumps(f["geometry"])))
    zones = client.get("/donnees/territoires/03190/zones.geojson").json()
    assert frame.contains(shapely.from_geojson(json.dumps(zones["features"][0]["geometry"])))


def test_national_background_has_every_road_and_the_largest_cities(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/donnees/carte/fond.geojson")
    assert r.status_code == 200
    kinds = _kinds(r.json())
    assert len(kinds["route"]) == len(
        json.loads((bundle_dir() / "roads.geojson").read_text())["features"]
    )
    names = [f["properties"]["name"] for f in kinds["lieu"]]
    assert names[:3] == ["Paris", "Marseille", "Lyon"]
    assert "Sion" in names  # Valais, on the same map
    assert "dep" not in kinds  # the zones of a national map are the départements themselves
    assert r.headers["cache-control"].startswith("public")


def test_unknown_territory_background_is_a_404_naming_the_code(client) -> None:  # type: ignore[no-untyped-def]
    r = client.get("/donnees/territoires/dep:999/fond.geojson")
    assert r.status_code == 404
    assert "dep:999" in r.json()["error"]["message"]


@pytest.mark.parametrize(
    ("lang", "reset", "zoom_in"),
    [
        ("fr", "Revenir à la vue de départ", "Zoomer"),
        ("de", "Zur Ausgangsansicht zurück", "Vergrössern"),
        ("en", "Back to the initial view", "Zoom in"),
    ],
)
def test_map_controls_speak_the_page_language(client, lang: str, reset: str, zoom_in: str) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/territoires/dep:03", params={"lang": lang}).text
    m = re.search(r'<script type="application/json" id="carte-textes">(.*?)</script>', html, re.S)
    assert m is not None
    texts = json.loads(m.group(1))["fond"]
    assert texts["reset"] == reset
    assert texts["NavigationControl.ZoomIn"] == zoom_in
    assert all(texts.values())
    assert 'data-fond="/donnees/territoires/dep:03/fond.geojson"' in html
