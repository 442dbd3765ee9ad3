"""Peer check: our E2SFCA equals PySAL ``access`` on a shared random matrix (1e-9 relative)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from proxisante.access.decay import StepDecay
from proxisante.access.fca import two_step_fca
from proxisante.access.traveltimes import from_pairs

DECAY = StepDecay((10.0, 15.0, 20.0), (1.0, 2.0 / 3.0, 1.0 / 3.0))


def shared_problem(n_demand: int, n_supply: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    minutes = rng.uniform(0.0, 40.0, size=(n_demand, n_supply))
    i, j = np.nonzero(minutes < DECAY.cutoff_min)
    demand = rng.uniform(10.0, 5000.0, n_demand)
    supply = rng.uniform(0.0, 20000.0, n_supply) * (rng.random(n_supply) < 0.5)
    return demand, supply, i, j, minutes[i, j]


def weight(x: float) -> float:
    """The same step decay as a plain scalar function, the form PySAL applies row by row."""
    if x < 10.0:
        return 1.0
    if x < 15.0:
        return 2.0 / 3.0
    return 1.0 / 3.0 if x < 20.0 else 0.0


def pysal_e2sfca(demand, supply, i, j, t):
    from access import Access

    demand_df = pd.DataFrame({"geoid": np.arange(demand.size), "pop": demand})
    supply_df = pd.DataFrame({"geoid": np.arange(supply.size), "doc": supply})
    cost_df = pd.DataFrame({"origin": i, "dest": j, "cost": t})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        acc = Access(
            demand_df=demand_df, demand_index="geoid", demand_value="pop",
            supply_df=supply_df, supply_index="geoid", supply_value="doc",
            cost_df=cost_df, cost_origin="origin", cost_dest="dest", cost_name="cost",
        )  # fmt: skip
        out = acc.enhanced_two_stage_fca(weight_fn=weight, max_cost=DECAY.cutoff_min)
    return out["e2sfca_doc"].reindex(np.arange(demand.size)).fillna(0.0).to_numpy()


def ours(demand, supply, i, j, t):
    times = from_pairs(i, j, t, (demand.size, supply.size), DECAY.cutoff_min)
    return two_step_fca(supply, demand, times, DECAY)


def test_small_shared_matrix():
    problem = shared_problem(150, 120)
    np.testing.assert_allclose(ours(*problem), pysal_e2sfca(*problem), rtol=1e-9, atol=0)


@pytest.mark.slow
def test_2000_by_2000_shared_matrix():
    problem = shared_problem(2000, 2000)
    expected = pysal_e2sfca(*problem)
    got = ours(*problem)
    assert (expected > 0).mean() > 0.99
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=0)
