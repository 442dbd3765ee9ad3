"""Zoning simulation: national selection, vivier, regional ceilings, units, score."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.access.bassins import nearest_pole
from proxisante.planning.zoning.ceilings import (
    KNOWN_ZIP_CEILINGS,
    NATIONAL_ZIP_SHARE,
    SOURCE_KNOWN,
    SOURCE_NATIONAL,
    SOURCE_USER,
    Ceilings,
    ceilings,
    implied_rest,
)
from proxisante.planning.zoning.score import score
from proxisante.planning.zoning.simulation import Thresholds, simulate
from proxisante.planning.zoning.units import build_units
from tests.travel import local_provider


def _run(ceiling=None, thresholds=None, apl=(2.0, 2.6, 3.9, 4.5, np.nan)):
    return simulate(
        ["a", "b", "c", "d", "e"],
        ["A", "B", "C", "D", "E"],
        ["r"] * 5,
        np.array([100.0, 200.0, 300.0, 400.0, 1000.0]),
        np.array(apl),
        ceiling,
        thresholds=thresholds or Thresholds(),
    )


def test_rules_without_ceiling():
    zones = {u.code: u.zone for u in _run()}
    assert zones == {"a": "ZIP", "b": "ZAC", "c": "ZAC", "d": "hors zonage", "e": "non classé"}


def test_ceiling_fills_zip_from_the_vivier_lowest_apl_first():
    # Ceiling 30 % of 2 000 = 600: a (100) is ZIP anyway; b (200) fits, then c (300) fits.
    zones = {u.code: u.zone for u in _run(0.3)}
    assert zones["b"] == "ZIP" and zones["c"] == "ZIP"
    zones = {u.code: u.zone for u in _run(0.2)}  # room 400 − 100 = 300: b fits, c does not
    assert zones["b"] == "ZIP" and zones["c"] == "ZAC"


def test_national_selection_stays_zip_above_the_ceiling():
    zones = {u.code: u.zone for u in _run(0.01)}  # room < 0: the vivier gets nothing
    assert zones["a"] == "ZIP" and zones["b"] == "ZAC" and zones["c"] == "ZAC"


def test_zac_ceiling_sends_the_rest_of_the_vivier_out():
    rules = Ceilings(zip_default=0.0, zac_default=0.15)  # ZAC room 300 of 2 000
    zones = {u.code: u.zone for u in _run(rules)}
    assert zones["b"] == "ZAC" and zones["c"] == "hors zonage"  # b (200) fits, c (300) does not
    reasons = {u.code: u.reason for u in _run(rules)}
    assert "ZAC" in reasons["c"]


def test_ceilings_are_per_region():
    rules = Ceilings(zip_by_region={"r1": 1.0}, zip_default=0.5)  # r2: room 5 < 10
    units = simulate(
        ["a", "b"], ["A", "B"], ["r1", "r2"], np.array([10.0, 10.0]), np.array([3.0, 3.0]), rules
    )
    assert [u.zone for u in units] == ["ZIP", "ZAC"]


def test_nurse_thresholds_use_the_same_engine():
    zones = {
        u.code: u.zone
        for u in _run(thresholds=Thresholds(100.0, 160.0), apl=(90, 120, 150, 170, np.nan))
    }
    assert zones == {"a": "ZIP", "b": "ZAC", "c": "ZAC", "d": "hors zonage", "e": "non classé"}


def test_implied_rest_keeps_the_national_share():
    pops = {"reg:11": 100.0, "reg:24": 50.0, "reg:84": 250.0}
    rest = implied_rest(NATIONAL_ZIP_SHARE, KNOWN_ZIP_CEILINGS, pops)
    total = (
        KNOWN_ZIP_CEILINGS["reg:11"] * 100 + KNOWN_ZIP_CEILINGS["reg:24"] * 50 + rest * 250
    ) / 400
    assert total == pytest.approx(NATIONAL_ZIP_SHARE)
    assert 0 < rest < NATIONAL_ZIP_SHARE


def test_ceiling_sources_are_stated():
    c = ceilings({"reg:11": 1.0, "reg:84": 1.0}, {"reg:84": 0.25})
    assert c.zip_for("reg:84") == 0.25 and c.source_for("reg:84") == SOURCE_USER
    assert c.zip_for("reg:11") == KNOWN_ZIP_CEILINGS["reg:11"]
    assert c.source_for("reg:11") == SOURCE_KNOWN
    assert c.source_for("reg:53") == SOURCE_NATIONAL
    flat = ceilings({"reg:11": 1.0}, zip_all=0.3)
    assert flat.zip_for("reg:11") == 0.3  # a uniform value replaces the sourced ones
    assert ceilings({}, none=True).zip_for("reg:11") is None


def _communes() -> pd.DataFrame:
    # Two poles 50 km apart on a line; four villages between them; one région each side.
    lon = [3.0, 3.1, 3.2, 3.45, 3.55, 3.66]
    return pd.DataFrame(
        {
            "name": ["P1", "v1", "v2", "v3", "v4", "P2"],
            "lon": lon,
            "lat": [46.0] * 6,
            "area_km2": [20.0] * 6,
            "population": [20_000, 500, 500, 500, 500, 30_000],
            "region": ["r1", "r1", "r1", "r1", "r2", "r2"],
            "epci": ["e1", "e1", "e2", "e2", "e3", "e3"],
        },
        index=pd.Index(["00001", "00002", "00003", "00004", "00005", "00006"], name="code"),
    )


def test_communes_join_the_nearest_pole():
    com = _communes()
    pole = nearest_pole(com, pd.Series(["00001", "00006"]), local_provider(com))
    assert pole.tolist() == ["00001", "00001", "00001", "00006", "00006", "00006"]


def test_bassins_are_split_by_region_and_large_ones_by_epci():
    com = _communes()
    bassins = pd.DataFrame({"pole": ["00001", "00006"], "name": ["Un", "Deux"]})
    units = build_units(com, "bv", provider=local_provider(com), bassins=bassins, split_above=None)
    assert units.of["00004"] == "bv:00006@r1"  # joins P2's bassin but lies in r1
    assert units.of["00005"] == "bv:00006" and units.names["bv:00006@r1"] == "Deux"
    split = build_units(
        com, "bv", provider=local_provider(com), bassins=bassins, split_above=25_000
    )
    # The 30 000-inhabitant bassin is split by EPCI; v4 (500, e3) stays with P2's piece (e3).
    assert split.of["00006"] == "bv:00006/e3" and split.of["00005"] == "bv:00006/e3"
    assert split.of["00001"] == "bv:00001"


def test_epci_and_commune_units():
    com = _communes()
    assert build_units(com, "epci").of.tolist() == ["e1", "e1", "e2", "e2", "e3", "e3"]
    assert build_units(com, "commune").of.tolist() == list(com.index)


def test_score_weights_by_population_and_leaves_unclassed_out():
    idx = pd.Index(["a", "b", "c", "d"])
    zone = pd.Series(["ZIP", "ZAC", "ZIP", "ZIP"], index=idx)
    compiled = pd.Series(["ZIP", "ZIP", "HZ", "NA"], index=idx)
    pop = pd.Series([100.0, 300.0, 100.0, 1000.0], index=idx)
    national, regions = score(zone, compiled, pop, pd.Series("r", index=idx), {"r": "R"})
    assert national.population_compared == 500.0 and national.communes_not_compared == 1
    assert national.agreement == pytest.approx(100 / 500)  # only a agrees
    assert national.zip_share_compiled == pytest.approx(400 / 500)
    assert national.all_not_zip_agreement == pytest.approx(100 / 500)
    assert regions[0].name == "R"
