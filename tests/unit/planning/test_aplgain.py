"""APL siting objectives: heuristic ≤ brute-force optimum ≤ reported bound."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from proxisante.access.apl import DREES_DECAY
from proxisante.planning.siting.aplgain import AplSiting, solve_apl
from proxisante.planning.siting.exact import SitingOptions
from proxisante.planning.siting.instance import make_instance
from tests.unit.planning._oracle import subsets


def _exact_value(t, std, pop, base, supply, chosen, objective):
    """ΔAPL by a plain two-step computation on the dense matrix, then the objective."""
    w = np.where(np.isfinite(t), DREES_DECAY(np.nan_to_num(t, posinf=99.0)), 0.0)
    catch = w.T @ std
    r = np.where(catch > 0, supply / np.where(catch > 0, catch, 1.0), 0.0) * chosen
    after = base + w @ r
    if objective == "apl-gain":
        return float(std @ (np.minimum(after, 2.5) - np.minimum(base, 2.5)))
    return float(pop[(base < 2.5) & (after >= 2.5 - 1e-12)].sum())


@pytest.mark.parametrize("objective", ["apl-gain", "lift-above-2.5"])
@pytest.mark.parametrize("seed", range(8))
def test_heuristic_between_value_and_bound(objective, seed):
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(4, 12)), int(rng.integers(3, 8))
    p = int(rng.integers(1, m))
    t = rng.uniform(0, 25, size=(n, m)).round(1)
    t[t >= 20] = np.inf
    pop = rng.integers(50, 2000, size=n).astype(float)
    std = pop * rng.uniform(0.8, 1.3, size=n)
    base = rng.uniform(0.5, 4.0, size=n)
    supply = np.full(m, 4700.0 * rng.uniform(0.2, 1.0))
    o, d = np.nonzero(np.isfinite(t))
    inst = make_instance(
        [str(i) for i in range(n)],
        std,
        [str(j) for j in range(m)],
        sp.csr_array((t[o, d], (o, d)), shape=(n, m)),
    )
    res = solve_apl(inst, SitingOptions(objective, p), AplSiting(base, pop, supply))
    chosen = np.array([str(j) in res.selected for j in range(m)])
    assert chosen.sum() == p
    got = _exact_value(t, std, pop, base, supply, chosen, objective)
    assert res.value == pytest.approx(got, rel=1e-9, abs=1e-9)
    best = max(
        _exact_value(t, std, pop, base, supply, c, objective)
        for c in subsets(m, p, np.zeros(m, bool))
    )
    assert got <= best + 1e-6
    assert best <= res.bound * (1 + 1e-9) + 1e-6
    assert res.gap >= (best - got) / max(res.bound, 1e-12) - 1e-9
