"""The ``road`` provider on a small OSM file made for the tests (tests/fixtures/access)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import osmium
import pytest

from proxisante.access._errors import UnreadableTravelFileError, UnsupportedTravelFileError
from proxisante.access.travel.geodesy import EARTH_RADIUS_KM
from proxisante.access.travel.road import SPEEDS_KMH, read_osm, road_times
from proxisante.errors import UserError

ROADS = Path(__file__).resolve().parents[2] / "fixtures" / "access"
NODES = {1: (3.0, 46.0), 3: (3.1, 46.0), 4: (3.15, 46.0), 5: (3.1, 46.03), 6: (3.2, 46.0),
         7: (3.175, 46.01)}  # fmt: skip


def km(a: int, b: int) -> float:
    (lon1, lat1), (lon2, lat2) = NODES[a], NODES[b]
    p1, p2, dl = np.radians(lat1), np.radians(lat2), np.radians(lon2 - lon1)
    h = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return float(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h)))


def minutes(a: int, b: int, road: str) -> float:
    return km(a, b) / SPEEDS_KMH[road] * 60.0


@pytest.fixture(scope="module")
def network():
    return read_osm(ROADS / "mini_roads.osm")


def test_graph_keeps_drivable_ways_and_their_directions(network):
    # 3 primary + 1 residential + 2 tertiary segments both ways, 1 one-way secondary,
    # 1 service segment both ways; the footway is left out.
    assert (network.n_nodes, network.n_edges) == (9, 15)
    # The service road 8–9 is cut off: not part of the main network.
    assert network.in_main_part.sum() == 7


def test_shortest_times_with_one_way_and_cutoff(network):
    places = [NODES[k] for k in (1, 5, 4, 6)] + [(3.5, 47.0)]
    lon, lat = zip(*places, strict=True)
    tt, covered = road_times(network, lon, lat, 60.0)
    assert covered.tolist() == [True, True, True, True, False]
    t = tt.minutes.toarray()
    primary_1_4 = minutes(1, 3, "primary") + minutes(3, 4, "primary")
    assert t[0, 2] == pytest.approx(primary_1_4)
    assert t[0, 1] == pytest.approx(minutes(1, 3, "primary") + minutes(3, 5, "residential"))
    # 4 → 6 takes the one-way secondary; 6 → 4 must go back by the tertiary through 7.
    assert t[2, 3] == pytest.approx(minutes(4, 6, "secondary"))
    assert t[3, 2] == pytest.approx(minutes(6, 7, "tertiary") + minutes(7, 4, "tertiary"))
    assert t[4].sum() == 0 and t[:, 4].sum() == 0
    short, _ = road_times(network, lon, lat, primary_1_4 - 0.01)
    assert short.minutes[0, 2] == 0 and short.minutes[2, 0] == 0


def test_snapping_leg_is_added(network):
    # 0.01° of latitude south of node 1 (1.11 km) at 20 km/h: 3.34 minutes each way.
    tt, _ = road_times(network, [3.0, 3.1], [45.99, 46.0], 60.0)
    leg = np.radians(0.01) * EARTH_RADIUS_KM / 20.0 * 60.0
    assert tt.minutes[0, 1] == pytest.approx(leg + minutes(1, 3, "primary"))


def test_pbf_reads_like_xml(tmp_path, network):
    pbf = tmp_path / "mini.osm.pbf"
    with osmium.SimpleWriter(str(pbf)) as writer:
        for obj in osmium.FileProcessor(str(ROADS / "mini_roads.osm")):
            writer.add(obj)
    again = read_osm(pbf)
    assert (again.n_nodes, again.n_edges) == (network.n_nodes, network.n_edges)
    np.testing.assert_allclose(again.graph.toarray(), network.graph.toarray())


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("malformed.osm", UnreadableTravelFileError, "XML parsing error"),
        ("no_roads.osm", UnreadableTravelFileError, "aucune route carrossable"),
        ("roads.geojson", UnsupportedTravelFileError, "format non pris en charge"),
        ("absent.osm.pbf", UnreadableTravelFileError, "introuvable"),
    ],
)
def test_bad_files_are_user_errors_that_say_what_is_expected(name, error, message):
    with pytest.raises(error, match=message) as info:
        read_osm(ROADS / name)
    assert isinstance(info.value, UserError)
    assert ".osm.pbf ou .osm" in str(info.value)
