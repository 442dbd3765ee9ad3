"""Supply and demand of a commune run from the territory table and imported files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.access.communes import MEAN_ACTIVITY_PER_GP, apl_inputs, run_apl
from tests.travel import local_provider


def communes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "lon": [3.0, 3.1, 4.0],
            "lat": [46.0, 46.0, 46.0],
            "area_km2": [10.0, 10.0, 10.0],
            "population": [1000, 500, 800],
            "gp_liberal": [2.0, 0.0, 1.0],
            "departement": ["dep:03", "dep:03", "dep:42"],
            "pop_std_2023": [1100.0, 450.0, np.nan],
        },
        index=pd.Index(["03001", "03002", "42001"], name="code"),
    )


def gps() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["a", "b", "c", "d"],
            "profession": ["gp"] * 4,
            "commune": ["03001", "03001", None, "03002"],
            "lon": [np.nan, np.nan, 3.101, np.nan],
            "lat": [np.nan, np.nan, 46.0, np.nan],
            "activity": [7000.0, 9000.0, 100.0, 4000.0],
            "age": [70.0, 50.0, 40.0, 45.0],
            "mode": ["liberal", "salaried", "liberal", "centre_sante"],
            "had_activity_last_year": [True, True, False, True],
            "health_centre": [None, None, None, None],
        }
    )


def test_individual_activity_replaces_headcounts_in_the_covered_departements():
    inputs = apl_inputs(communes(), year=2023, professionals=gps())
    # 03001: GP a capped at 6 000 (GP b, salaried outside a centre, is left out);
    # 03002: GP c placed by coordinates, a newcomer (5 400), and GP d of a centre (4 000, uncapped);
    # 42001 is in another département: headcount × mean activity.
    assert inputs.supply.tolist() == [6000.0, 9400.0, MEAN_ACTIVITY_PER_GP]
    assert inputs.supply_u65 is not None and inputs.u65_known is not None
    assert inputs.supply_u65.tolist() == [0.0, 9400.0, MEAN_ACTIVITY_PER_GP]
    assert inputs.u65_known.tolist() == [True, True, False]
    run = run_apl(inputs, local_provider(communes()))
    assert np.isnan(run.table.loc["42001", "apl_u65"]) and run.table.loc["03001", "apl_u65"] >= 0
    assert "activité individuelle de 3 médecins" in inputs.supply_label


def test_demand_choices_are_labelled():
    plain = apl_inputs(communes(), year=2023, demand="population")
    assert plain.demand.tolist() == [1000.0, 500.0, 800.0]
    assert "non standardisée" in plain.demand_label
    drees = apl_inputs(communes(), year=2023, demand="drees-standardised")
    assert drees.demand.tolist() == pytest.approx([1100.0, 450.0, 800.0])
    assert "DREES" in drees.demand_label
    assert "population municipale pour une commune sans valeur DREES" in drees.demand_label


def test_demand_is_the_drees_standardised_population_by_default():
    default = apl_inputs(communes(), year=2023)
    assert default.demand.tolist() == pytest.approx([1100.0, 450.0, 800.0])
    assert "standardisée DREES" in default.demand_label


def test_demand_without_any_drees_value_says_it_is_plain_population():
    swiss = communes().assign(pop_std_2023=np.nan)
    inputs = apl_inputs(swiss, year=2023)
    assert inputs.demand.tolist() == [1000.0, 500.0, 800.0]
    assert "non standardisée" in inputs.demand_label
