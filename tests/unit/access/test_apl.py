"""The DREES APL: a 5-commune example computed by hand, activity caps, age weights."""

from __future__ import annotations

import numpy as np
import pytest

from proxisante.access.apl import (
    AGE_BANDS,
    AGE_WEIGHTS,
    DREES_DECAY,
    apl,
    counted_activity,
    is_under_served,
    standardised_population,
    supply_from_counts,
    supply_from_practitioners,
)
from proxisante.access.traveltimes import from_dense
from proxisante.errors import InternalError, UserError

# Five communes A–E. Road times (minutes, symmetric); the diagonal is the intra-commune time.
#        A     B     C     D     E
TIMES = [
    [0.0, 5.0, 12.0, 18.0, 25.0],  # A
    [5.0, 3.0, 8.0, 14.0, 21.0],  # B
    [12.0, 8.0, 0.0, 9.0, 16.0],  # C
    [18.0, 14.0, 9.0, 0.0, 11.0],  # D
    [25.0, 21.0, 16.0, 11.0, 0.0],  # E
]
POPULATION = [1000.0, 500.0, 1500.0, 300.0, 200.0]


def five_commune_supply() -> np.ndarray:
    """GPs: two in A (2 000 → 3 600 and 3 600), one in B (200 → 0), one in C (4 500),
    one in E (8 000 → 6 000). Supply per commune: A 7 200, B 0, C 4 500, D 0, E 6 000."""
    return supply_from_practitioners(
        5,
        commune_index=[0, 0, 1, 2, 4],
        activity=[2000.0, 3600.0, 200.0, 4500.0, 8000.0],
        age=[50, 40, 60, 45, 66],
        is_liberal=[True] * 5,
        had_activity_last_year=[True] * 5,
        is_health_centre=[False] * 5,
    )


def test_five_communes_by_hand():
    supply = five_commune_supply()
    assert supply.tolist() == [7200.0, 0.0, 4500.0, 0.0, 6000.0]
    # Weights: < 10 min → 1; 10–15 → 2/3; 15–20 → 1/3; ≥ 20 → 0.
    # Step 1, weighted demand around each GP commune:
    #   D_A = 1000·1 + 500·1 + 1500·2/3 + 300·1/3 + 200·0   = 2 600
    #   D_C = 1000·2/3 + 500·1 + 1500·1 + 300·1 + 200·1/3   = 3 033.33…
    #   D_E = 1000·0 + 500·0 + 1500·1/3 + 300·2/3 + 200·1   = 900
    r_a, r_c, r_e = 7200 / 2600, 4500 / (1000 * 2 / 3 + 500 + 1500 + 300 + 200 / 3), 6000 / 900
    # Step 2, APL_i = Σ_j w(t_ij)·R_j:
    expected = [
        r_a + 2 / 3 * r_c,  # A: 3.758
        r_a + r_c,  # B: 4.253
        2 / 3 * r_a + r_c + 1 / 3 * r_e,  # C: 5.552
        1 / 3 * r_a + r_c + 2 / 3 * r_e,  # D: 6.851
        1 / 3 * r_c + r_e,  # E: 7.161
    ]
    got = apl(supply, POPULATION, from_dense(np.array(TIMES), DREES_DECAY.cutoff_min))
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    np.testing.assert_allclose(got.round(3), [3.758, 4.253, 5.552, 6.851, 7.161])
    # Every GP commune is reached: consultations are conserved.
    assert float(got @ np.array(POPULATION)) == pytest.approx(17_700.0)
    assert is_under_served(got).tolist() == [False] * 5


def test_u65_variant_drops_the_gp_aged_66():
    supply = supply_from_practitioners(
        5,
        [0, 0, 1, 2, 4],
        [2000.0, 3600.0, 200.0, 4500.0, 8000.0],
        [50, 40, 60, 45, 66],
        [True] * 5,
        [True] * 5,
        [False] * 5,
        max_age=65,
    )
    assert supply.tolist() == [7200.0, 0.0, 4500.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        (0.0, 0.0),
        (249.0, 0.0),
        (250.0, 3600.0),
        (251.0, 3600.0),
        (3600.0, 3600.0),
        (3601.0, 3601.0),
        (6000.0, 6000.0),
        (6001.0, 6000.0),
    ],
)
def test_activity_caps(activity, expected):
    got = counted_activity(
        [activity], is_liberal=[True], had_activity_last_year=[True], is_health_centre=[False]
    )
    assert got.tolist() == [expected]


def test_new_liberal_gp_counts_5400_and_health_centres_are_not_capped():
    got = counted_activity(
        [100.0, 9000.0, 100.0, 9000.0],
        is_liberal=[True, True, False, False],
        had_activity_last_year=[False, False, False, True],
        is_health_centre=[False, False, True, True],
    )
    assert got.tolist() == [5400.0, 5400.0, 100.0, 9000.0]


def test_age_weights_have_one_weight_per_band():
    assert len(AGE_BANDS) == 19
    assert all(len(w) == 19 for w in AGE_WEIGHTS.values())
    assert AGE_WEIGHTS[2022][-1] == 2.39 and AGE_WEIGHTS[2023][0] == 1.12


def test_standardised_population_uses_the_year_weights():
    bands = np.zeros((2, 19))
    bands[0, 0] = 100.0  # 100 children under 5
    bands[1, 16] = 10.0  # 10 people aged 80–84
    assert standardised_population(bands, 2022).tolist() == pytest.approx([93.0, 17.2])
    assert standardised_population(bands, 2023).tolist() == pytest.approx([112.0, 16.3])


def test_wrong_shapes_are_internal_errors_and_bad_values_user_errors():
    with pytest.raises(InternalError, match="19 tranches"):
        standardised_population(np.ones((3, 5)), 2023)
    with pytest.raises(InternalError, match="carrée"):
        apl([1.0], [1.0, 2.0], from_dense(np.zeros((2, 1)), 20.0))
    with pytest.raises(InternalError, match="2 valeurs"):
        apl([1.0], [1.0, 2.0], from_dense(np.zeros((2, 2)), 20.0))
    with pytest.raises(UserError, match="positives"):
        supply_from_counts([1.0, -2.0], 4700.0)
    with pytest.raises(UserError, match="hors de"):
        supply_from_practitioners(2, [5], [4000.0], [40], [True], [True], [False])
