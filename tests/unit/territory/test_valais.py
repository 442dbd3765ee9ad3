"""Valais facts (SOURCES.md §22): the estimated primary-care supply, the emergency layer, the
numbers given by the commune's country, and the Valais accessibility indicator on small inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.access.valais import valais_access
from proxisante.territory import load_territory
from proxisante.territory.valais import (
    PRIMARY_CARE_DOCTORS_2021,
    REGION_FTE_PER_1000,
    channels_for,
    emergency_departments,
    primary_care_estimate,
    supply_of,
)
from tests.travel import local_provider


def _communes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": ["CH", "CH", "CH", "FR"],
            "ch_region": ["ch-region:haut-valais", "ch-region:valais-central", None, None],
            "population": [1000, 3000, 500, 2000],
            "lon": [7.9, 7.36, 7.0, 3.4],
            "lat": [46.3, 46.23, 46.1, 46.1],
            "area_km2": [10.0, 20.0, 5.0, 8.0],
        },
        index=["ch:1", "ch:2", "ch:3", "03310"],
    )


def test_each_commune_gets_its_regions_density_times_its_population() -> None:
    est = primary_care_estimate(_communes())
    assert est.at["ch:1", "fte"] == pytest.approx(0.79)  # 1,000 inhabitants × 0.79 / 1,000
    assert est.at["ch:2", "fte"] == pytest.approx(3 * 0.85)
    assert np.isnan(est.at["ch:3", "fte"])  # no region: no estimate, never 0
    assert np.isnan(est.at["03310", "fte"])  # France: none
    total = est["doctors"].sum()
    assert total == pytest.approx(PRIMARY_CARE_DOCTORS_2021)  # the 406 doctors, spread


def test_the_canton_comes_out_at_the_published_density() -> None:
    terr = load_territory()
    canton = supply_of(terr.communes.loc[terr.communes_in("ch-canton:VS")], terr.communes)
    assert canton is not None and canton.fte_per_1000 == pytest.approx(0.80, abs=0.005)
    sion = supply_of(terr.communes.loc[terr.communes_in("ch-district:2312")], terr.communes)
    assert sion is not None and sion.fte_per_1000 == pytest.approx(
        REGION_FTE_PER_1000["ch-region:valais-central"]
    )
    assert supply_of(terr.communes.loc[["03310"]], terr.communes) is None


def test_the_emergency_layer_of_valais() -> None:
    eds = emergency_departments(load_territory().hospitals).set_index("id")
    assert list(eds.index) == ["ch-ed-sion", "ch-ed-visp", "ch-ed-martigny", "ch-ed-rennaz"]
    assert eds.at["ch-ed-sion", "site"] == "Hôpital de Sion Champsec"
    assert (eds.at["ch-ed-martigny", "open_from"], eds.at["ch-ed-martigny", "open_until"]) == (
        8,
        18,
    )
    assert pd.isna(eds.at["ch-ed-visp", "open_from"])  # round the clock
    assert pd.isna(eds.at["ch-ed-rennaz", "commune"])  # in Vaud, outside the bundle
    assert set(eds["country"]) == {"CH"}
    assert not eds["locality"].isin(["Sierre", "Brig"]).any()  # no emergency department there


def test_the_country_of_the_commune_decides_the_numbers() -> None:
    ch = [c.number for c in channels_for("CH")]
    fr = [c.number for c in channels_for("FR")]
    assert ch[0] == "144" and "0848 200 300" in ch and not {"15", "116 117", "3237"} & set(ch)
    assert fr[:3] == ["15", "116 117", "3237"] and "144" not in fr


def test_valais_access_is_the_e2sfca_of_the_estimated_supply() -> None:
    com = _communes().iloc[:2]
    values = valais_access(com, local_provider(com))
    # Two communes beyond 20 minutes of each other: each reaches its own supply only, so the
    # value is its region's density.
    assert values["ch:1"] == pytest.approx(0.79, rel=1e-6)
    assert values["ch:2"] == pytest.approx(0.85, rel=1e-6)
    assert valais_access(_communes().iloc[3:], local_provider(_communes().iloc[3:])).isna().all()
