"""Demand ageing from the départements' age pyramids, one vintage of DREES weights."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.access.apl import AGE_WEIGHTS
from proxisante.planning.projection import demography as dm
from proxisante.territory import bundle


@pytest.fixture(scope="module")
def pyramids():
    return dm.Pyramids.from_table(bundle.load_population_ages())


def test_the_bundle_has_every_departement_and_the_sources_totals(pyramids):
    assert len(pyramids.deps) == 101 and pyramids.years[0] == 1990 and pyramids.years[-1] == 2021
    now = pyramids.at(2021)
    assert now[pyramids.deps.index("03")].sum() == 331_745  # SOURCES.md §17
    assert now[pyramids.deps.index("34")].sum() == 1_196_633


def test_one_vintage_of_weights_and_plain_population_as_an_option():
    assert dm.weights("drees-standardised").tolist() == list(AGE_WEIGHTS[2023])
    assert (dm.weights("population") == 1).all()


def test_a_population_that_only_ages_is_projected_exactly():
    """Cohorts that keep their size and as many births as before: an unchanged pyramid. Ratios
    are kept per age: if the 20–24 doubled on becoming 25–29 (arrivals), the next 20–24 double
    too, and the doubled cohort keeps its size at 30–34."""
    flat = np.full((1, 19), 100.0)
    flat[0, 18] = 100.0
    assert np.allclose(dm.project_pyramid(flat, flat, 2), flat)
    before = np.full((1, 19), 100.0)
    now = before.copy()
    now[0, 5] = 200.0  # the 20–24 of five years ago became twice as many 25–29
    ahead = dm.project_pyramid(now, before, 1)
    assert ahead[0, 5] == pytest.approx(200.0) and ahead[0, 6] == pytest.approx(200.0)
    assert ahead[0, 7] == pytest.approx(100.0)


def test_an_older_pyramid_weighs_more():
    young = np.zeros((1, 19))
    young[0, 4:9] = 100.0
    old = np.zeros((1, 19))
    old[0, 14:19] = 100.0
    w = dm.weights("drees-standardised")
    assert (old @ w)[0] > (young @ w)[0]


def test_growth_is_per_departement_and_applied_to_its_communes(pyramids):
    g = dm.demand_growth(pyramids)
    first, second, known = g.of(pd.Series(["03", "34", "999"]))
    assert known.tolist() == [True, True, False]
    assert first[1] > first[0]  # Hérault grows, Allier does not
    assert first[2] == second[2] == 0.0
    plain = dm.demand_growth(pyramids, "population")
    k = g.deps.index("03")
    assert g.first[k] > plain.first[k]  # ageing: standardised demand falls less than people


def test_the_cohort_projection_beats_trend_and_no_change(pyramids):
    """Standardised demand by département from 2011 (data up to 2011) and 2016, observed 2016 and
    2021: the cohort projection, the default, has the lowest mean absolute error."""
    b = dm.backtest(pyramids)
    assert len(b.mape) == 3
    for _base, _years, cohort, trend, none in b.mape:
        assert cohort < trend and cohort < none
    assert len({r.dep for r in b.rows}) >= 100
