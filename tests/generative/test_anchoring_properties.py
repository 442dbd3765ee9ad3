"""Anchored APL never leaves its domain (Hypothesis, derandomised).

Over random territories and random scenarios — GPs leaving (up to every GP of a random
"territory" and of the communes around it), structures opening, advanced consultations, IPA
time, travel times scaled — no anchored APL is below 0; the baseline is the official APL
exactly; where the anchoring is "ratio", the relative change is the model's.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from proxisante.access.anchoring import AnchorMethod, anchor
from proxisante.planning.scenarios.incremental import AplState
from proxisante.planning.scenarios.scenario import (
    AdvancedConsultation,
    Change,
    GpLeave,
    IpaTime,
    ScaleTimes,
    Scenario,
    StructureOpens,
)
from proxisante.planning.scenarios.whatif import Baseline, commune_table, run_scenario

FAST = settings(max_examples=60, deadline=None, derandomize=True)
ACT = 4700.0

apl_values = st.floats(0.0, 40.0, allow_subnormal=False)


@FAST
@given(
    st.integers(1, 30).flatmap(
        lambda n: st.tuples(
            hnp.arrays(np.float64, n, elements=apl_values | st.just(np.nan)),
            hnp.arrays(np.float64, n, elements=apl_values),
            hnp.arrays(np.float64, n, elements=apl_values | st.just(-1e-16)),
        )
    )
)
def test_anchored_values_are_never_negative(arrays):
    official, before, after = arrays
    a = anchor(official, before, after)
    known = np.isfinite(official)
    assert np.all(a.values[known] >= 0)
    assert np.all(np.isnan(a.values[~known]))
    assert np.all((a.method == AnchorMethod.NONE.value) == ~known)
    same = anchor(official, before, before)
    np.testing.assert_allclose(same.values[known], official[known], rtol=1e-12)
    ratio = a.method == AnchorMethod.RATIO.value
    np.testing.assert_allclose(
        a.values[ratio] / official[ratio],
        np.maximum(after[ratio], 0) / before[ratio],
        rtol=1e-12,
    )


@st.composite
def territories_and_scenarios(draw: st.DrawFn) -> tuple[Baseline, Scenario]:
    """A random territory (times, demand, GPs, official APL) and a random scenario on it."""
    n = draw(st.integers(2, 14))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 30, size=(n, 2))
    t = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(t, rng.uniform(0, 9, n))
    o, d = np.nonzero(t < 40)
    minutes = sp.csr_array((t[o, d], (o, d)), shape=(n, n))
    gps = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.0, 1.0, 2.0, 5.0])))
    demand = rng.uniform(50, 5000, n)
    state = AplState.build(minutes, demand, gps * ACT)
    # The official APL: the model's times a local factor (agreeing or not), some zeros, some
    # unknown.
    factor = draw(hnp.arrays(np.float64, n, elements=st.sampled_from([0.2, 0.6, 1.0, 1.7, 4.0])))
    official = state.apl * factor
    official[draw(hnp.arrays(np.bool_, n))] = 0.5
    official[draw(hnp.arrays(np.bool_, n)) & (rng.uniform(size=n) < 0.2)] = np.nan
    codes = tuple(f"c{i}" for i in range(n))
    baseline = Baseline(codes, demand, official, state, ACT, False)
    changes: list[Change] = []
    if draw(st.booleans()):
        # Every GP of a random territory and of the communes within 15 minutes of it leaves.
        inside = draw(hnp.arrays(np.bool_, n))
        around = inside | (t[inside].min(axis=0, initial=np.inf) < 15)
        changes += [GpLeave(codes[i], gps[i], 1) for i in np.flatnonzero(around) if gps[i] > 0]
    for _k in range(draw(st.integers(0, 5))):
        i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        kind = draw(st.sampled_from(["leave", "open", "advanced", "ipa", "times"]))
        if kind == "leave":
            changes.append(GpLeave(codes[i], draw(st.sampled_from([0.5, 1.0, 3.0, 20.0])), 1))
        elif kind == "open":
            changes.append(StructureOpens(codes[i], draw(st.sampled_from([0.5, 2.0])), "msp", 1))
        elif kind == "advanced":
            changes.append(AdvancedConsultation(codes[i], codes[j], 2.0, 1))
        elif kind == "ipa":
            changes.append(IpaTime(codes[i], 1.0, 0.5, 1))
        else:
            factor = draw(st.sampled_from([0.7, 1.0, 1.5]))
            changes.append(ScaleTimes((codes[i],), factor, None, 1))
    if not changes:
        changes.append(GpLeave(codes[0], 1.0, 1))
    return baseline, Scenario("random", "t", tuple(changes))


@FAST
@given(territories_and_scenarios())
def test_no_scenario_gives_a_negative_anchored_apl(case):
    baseline, scenario = case
    outcome = run_scenario(baseline, scenario)
    table = commune_table(baseline, outcome, list(baseline.codes))
    known = np.isfinite(baseline.official)
    after = table["apl_anchored_after"].to_numpy()
    assert np.all(after[known] >= 0.0)
    np.testing.assert_allclose(
        table["apl_anchored_before"].to_numpy()[known], baseline.official[known]
    )
    assert set(table["anchoring"]) <= {m.value for m in AnchorMethod}
