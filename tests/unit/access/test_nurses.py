"""The nurse APL: DREES decay and units, and the estimated supply per commune."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from proxisante.access.apl import AGE_BANDS
from proxisante.access.nurses import (
    NURSE_AGE_WEIGHTS,
    estimate_supply,
    nurse_apl,
    nurse_standardised_population,
    nurses_le65,
)
from proxisante.access.traveltimes import from_dense


def test_nurse_apl_is_fte_per_100k_with_the_drees_steps():
    # Commune 1 is 17 min away: weight 1/3 both ways.
    tt = from_dense(np.array([[0.0, 17.0], [17.0, 0.0]]), 20.0)
    out = nurse_apl([3.0, 0.0], [1000.0, 2000.0], tt)
    ratio = 3.0 / (1000.0 + 2000.0 / 3.0)
    assert out.tolist() == pytest.approx([1e5 * ratio, 1e5 * ratio / 3.0])


def test_nurse_weights_are_the_drees_ones():
    assert len(NURSE_AGE_WEIGHTS[2023]) == len(AGE_BANDS)
    assert NURSE_AGE_WEIGHTS[2023][-1] == 15.11 and NURSE_AGE_WEIGHTS[2022][0] == 0.03
    one_old = [0.0] * 18 + [10.0]
    assert nurse_standardised_population([one_old], 2023).tolist() == pytest.approx([151.1])


def _communes():
    return pd.DataFrame(
        {
            "departement": ["dep:01", "dep:01", "dep:01", "dep:02"],
            "population": [1000.0, 3000.0, 1000.0, 500.0],
        },
        index=["a", "b", "c", "d"],
    )


def test_departement_spread_follows_population_and_keeps_the_count():
    s = estimate_supply(_communes(), pd.Series({"01": 10.0, "02": 4.0}), 2023, "departement")
    assert s.fte.tolist() == pytest.approx([2.0, 6.0, 2.0, 4.0])
    assert "ESTIMATION" in s.label


def test_bassin_spread_follows_the_bassins_density_then_the_departement_count():
    com = _communes()
    pole = pd.Series(["a", "a", "c", "d"], index=com.index)
    bassins = pd.DataFrame({"pole": ["a", "c", "d"], "nurse_density_2024": [10.0, 40.0, 20.0]})
    s = estimate_supply(com, pd.Series({"01": 10.0, "02": 4.0}), 2023, "bv", pole, bassins)
    # BV a: 4 000 × 10 / 10 000 = 4 nurses (1 to a, 3 to b); BV c: 1 000 × 40 / 10 000 = 4.
    # Département 01 holds 8 by density and 10 by DREES: everyone × 10 / 8.
    assert s.fte.tolist() == pytest.approx([1.25, 3.75, 5.0, 4.0])
    assert s.fte[:3].sum() == pytest.approx(10.0)


def test_nurses_le65_leaves_the_total_and_the_65_plus_out():
    rows = pd.DataFrame(
        {
            "dep": ["01"] * 4,
            "year": [2023] * 4,
            "band_order": [0, 1, 9, 10],
            "count": [100, 7, 20, 5],
        }
    )
    assert nurses_le65(rows, 2023).to_dict() == {"01": 27.0}
