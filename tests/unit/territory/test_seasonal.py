"""The seasonal population: secondary homes × persons per home × occupancy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.territory.seasonal import (
    DEFAULT_OCCUPANCY,
    SeasonalParameterError,
    SeasonalParameters,
    household_size,
    seasonal_population,
    secondary_share,
)


def _communes():
    return pd.DataFrame(
        {
            "population_2018": [2000.0, 500.0, 100.0],
            "households_2018": [1000.0, 250.0, 0.0],
            "dwellings_2018": [1500.0, 1250.0, 10.0],
            "secondary_homes_2018": [100.0, 900.0, 5.0],
        },
        index=["a", "b", "c"],
    )


def test_default_uses_each_communes_household_size():
    com = _communes()
    assert household_size(com).tolist()[:2] == [2.0, 2.0]
    people = seasonal_population(com, SeasonalParameters())
    assert people.tolist()[:2] == pytest.approx([100 * 2 * DEFAULT_OCCUPANCY, 900 * 2 * 0.7])
    assert np.isnan(people["c"])  # no household: no size, no estimate


def test_parameters_are_settable():
    people = seasonal_population(_communes(), SeasonalParameters(0.5, 3.0))
    assert people.tolist() == pytest.approx([150.0, 1350.0, 7.5])
    assert "3,0 personnes" in SeasonalParameters(0.5, 3.0).describe()


def test_share_of_secondary_homes():
    assert secondary_share(_communes()).tolist() == pytest.approx([100 / 1500, 0.72, 0.5])


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"occupancy": -0.1}, "occupation -0.1"),
        ({"occupancy": 1.2}, "occupation 1.2"),
        ({"occupancy": float("nan")}, "occupation nan"),
        ({"persons_per_home": 0.0}, "personnes par logement 0.0"),
    ],
)
def test_out_of_range_parameters_are_user_errors_naming_them(kwargs, named):
    with pytest.raises(SeasonalParameterError) as err:
        SeasonalParameters(**kwargs)
    assert named in str(err.value) and err.value.exit_code == 2


def test_without_census_columns_nothing_is_invented():
    bare = pd.DataFrame(index=["a"])
    assert seasonal_population(bare, SeasonalParameters()).isna().all()
