"""Properties of `plan site`: locked sites stay, p is respected, capacities are held."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from proxisante.planning.siting.aplgain import AplSiting, solve_apl
from proxisante.planning.siting.exact import SitingOptions, solve_exact
from proxisante.planning.siting.instance import make_instance


@st.composite
def instances(draw):
    n = draw(st.integers(1, 9))
    m = draw(st.integers(1, 7))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    t = rng.uniform(0, 30, size=(n, m)).round(1)
    keep = rng.random((n, m)) < 0.7
    o, d = np.nonzero(keep)
    locked = rng.random(m) < 0.3
    free = int((~locked).sum())
    p = draw(st.integers(0, free))
    inst = make_instance(
        [f"d{i}" for i in range(n)],
        rng.integers(0, 40, size=n).astype(float),
        [f"c{j}" for j in range(m)],
        sp.csr_array((t[o, d], (o, d)), shape=(n, m)),
        capacity=rng.integers(0, 60, size=m).astype(float),
        locked=locked,
    )
    return inst, p


@settings(max_examples=40, deadline=None, derandomize=True)
@given(instances(), st.sampled_from(["mclp", "p-median", "capacitated"]))
def test_exact_models_keep_locked_sites_and_open_p(case, objective):
    inst, p = case
    res = solve_exact(inst, SitingOptions(objective, p, radius_min=15.0))
    locked = {c for c, k in zip(inst.candidate_ids, inst.locked, strict=True) if k}
    assert locked <= set(res.selected)
    assert len(res.opened) == p
    assert set(res.selected) == locked | set(res.opened)
    if objective == "capacitated":
        cap = dict(zip(inst.candidate_ids, inst.capacity, strict=True))
        assert all(load <= cap[c] + 1e-6 for c, load in res.loads.items())
        assert sum(res.loads.values()) <= inst.weights.sum() + 1e-6
        assert abs(sum(res.loads.values()) - res.value) <= 1e-6 * max(1.0, res.value)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(instances(), st.sampled_from(["apl-gain", "lift-above-2.5"]))
def test_apl_objectives_keep_locked_sites_and_bound_the_value(case, objective):
    inst, p = case
    n, m = inst.n_demand, inst.n_candidates
    data = AplSiting(np.linspace(0.5, 3.5, n), inst.weights + 1.0, np.full(m, 3000.0))
    res = solve_apl(inst, SitingOptions(objective, p), data)
    locked = {c for c, k in zip(inst.candidate_ids, inst.locked, strict=True) if k}
    assert locked <= set(res.selected)
    assert len(res.opened) == p
    assert res.value <= res.bound * (1 + 1e-9) + 1e-9
    assert 0.0 <= res.gap <= 1.0
