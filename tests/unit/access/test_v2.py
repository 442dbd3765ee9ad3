"""The ``v2`` travel model: skeleton file checks, the fast layer, classes, peak, intra rule."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from proxisante.access.port import trip_minutes
from proxisante.access.providers import CommuneTravel, TravelSource, parse_travel_spec
from proxisante.access.travel.metric import MetricModel, density_class
from proxisante.access.travel.skeleton import build_graph, read_tmja
from proxisante.access.travel.v2 import V2Network
from proxisante.errors import UserError
from tests.conftest import FIXTURES
from tests.travel import national

TMJA = FIXTURES / "access"


def test_a_tmja_file_is_read_into_wgs84_sections():
    sk = read_tmja(TMJA / "tmja_valid.csv")
    assert sk.n_sections == 3 and list(sk.kind) == ["A", "A", "N"]
    assert sk.length_m.tolist() == [20000.0, 20000.0, 15000.0]
    # Lambert-93 (700 000, 6 600 000) is 3° E, 46.5° N: 30 km south of it is about 46.23° N.
    assert sk.lon_a[0] == pytest.approx(3.0) and sk.lat_a[0] == pytest.approx(46.23, abs=0.01)
    g = build_graph(sk)
    assert g.n_nodes == 4  # the three sections share their ends


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("tmja_wgs84.csv", "hors de Lambert-93"),
        ("tmja_missing_column.csv", "colonne(s) absente(s) : xF, yF"),
        ("tmja_unknown_route.csv", "route 'Z0099' inconnue"),
        ("tmja_unknown_route.csv", "ligne 4 : longueur : 'abc' n'est pas un nombre"),
        ("absent.csv", "fichier introuvable"),
        ("mini_roads.osm", "format non pris en charge"),
    ],
)
def test_bad_skeleton_files_are_user_errors(name, message):
    with pytest.raises(UserError) as err:
        read_tmja(TMJA / name)
    assert message in str(err.value)


def test_spec_parsing():
    assert str(parse_travel_spec("v2")) == "v2"
    peak = parse_travel_spec("v2-peak")
    assert peak.kind == "v2" and peak.peak and peak.path is None
    own = parse_travel_spec("v2:roads.csv")
    assert own.kind == "v2" and str(own.path) == "roads.csv"


def test_density_classes_are_metric_s_three():
    assert density_class([0, 499.9, 500, 3999, 4000, np.nan]).tolist() == [0, 0, 1, 1, 2, 0]


def _line_of_communes() -> pd.DataFrame:
    """Five communes on the 3° E meridian, 10 km apart, on the fixture motorway."""
    from pyproj import Transformer

    to_wgs = Transformer.from_crs("EPSG:2154", "EPSG:4326", always_xy=True)
    lon, lat = to_wgs.transform(np.full(5, 700000.0), 6570000.0 + 10000.0 * np.arange(5))
    return pd.DataFrame(
        {"lon": lon, "lat": lat, "area_km2": [10.0] * 5, "population": [1000.0] * 5},
        index=pd.Index(["a", "b", "c", "d", "e"]),
    )


def _provider(skeleton: bool, model: MetricModel) -> CommuneTravel:
    table = _line_of_communes()
    sk = read_tmja(TMJA / "tmja_valid.csv") if skeleton else None
    network = V2Network.build(
        table["lon"], table["lat"], table["area_km2"], table["population"], skeleton=sk, model=model
    )
    base = CommuneTravel.from_table(table)
    return dataclasses.replace(base, source=TravelSource(parse_travel_spec("v2")), v2=network)


def test_the_skeleton_is_a_fast_layer():
    model = MetricModel(local_kmh=(50.0, 35.0, 20.0), terminal_min=1.0)
    local = trip_minutes(_provider(False, model), "a", "e")
    fast = trip_minutes(_provider(True, model), "a", "e")
    assert local is not None and fast is not None
    # 40 km as the crow flies: 1 + 1.3 × 40 / 50 × 60 = 63.4 min locally (all class 0);
    # on the motorway (40 km at 120 km/h = 20 min) reached and left at the town halls.
    assert local == pytest.approx(63.4, abs=0.2)
    assert fast == pytest.approx(21.0, abs=0.5)


def test_peak_hours_slow_the_denser_classes_only():
    off = MetricModel()
    peak = dataclasses.replace(off, peak=True)
    k = np.array([0, 1, 2])
    assert (peak.local_speed(k) / off.local_speed(k)).tolist() == pytest.approx([1.0, 0.8, 0.6])


def test_intra_commune_rule():
    zero = _provider(False, MetricModel(intra="zero"))
    disc = _provider(False, MetricModel(intra="disc", local_kmh=(60.0, 35.0, 20.0), detour=1.0))
    assert trip_minutes(zero, "c", "c") == 0.0
    # 2/3 of the radius of a 10 km² disc at 60 km/h.
    expected = 2 / 3 * np.sqrt(10.0 / np.pi) / 60.0 * 60.0
    assert trip_minutes(disc, "c", "c") == pytest.approx(expected)
    assert disc.intra_minutes(["c"])[0] == pytest.approx(expected)


def test_rectangle_equals_the_square_on_the_bundle():
    provider = national("v2")
    assert provider.v2 is not None
    idx = provider.positions(["03310", "03095", "03190", "03185", "63113"])
    square = provider.v2.square(idx, 30.0).minutes.toarray()
    rect = provider.v2.rectangle(idx[:2], idx, 30.0).minutes.toarray()
    np.testing.assert_allclose(rect, square[:2])


def test_v2_reaches_further_near_motorways_than_far_from_them():
    v2 = national("v2")
    # Clermont-Ferrand → Riom (A71 between them) and Vichy → Cusset (neighbours).
    assert trip_minutes(v2, "63113", "63300") is not None
    assert trip_minutes(v2, "03310", "03095") < 15
