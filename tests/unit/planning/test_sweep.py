"""Sweeps on Dask: the same results on the local scheduler and on a 2-worker LocalCluster."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from proxisante.errors import UserError
from proxisante.planning.scenarios.incremental import AplState
from proxisante.planning.scenarios.scenario import GpLeave, Scenario, StructureOpens
from proxisante.planning.scenarios.whatif import Baseline
from proxisante.planning.siting import aplgain
from proxisante.planning.siting.aplgain import AplSiting, evaluate_candidates, solve_apl
from proxisante.planning.siting.exact import SitingOptions
from proxisante.planning.siting.instance import make_instance
from proxisante.planning.sweep import map_on_client, map_scenarios, map_shared


def _baseline():
    rng = np.random.default_rng(0)
    n = 30
    t = rng.uniform(0, 25, size=(n, n))
    t = (t + t.T) / 2
    o, d = np.nonzero(t < 22)
    minutes = sp.csr_array((t[o, d], (o, d)), shape=(n, n))
    state = AplState.build(minutes, rng.uniform(100, 3000, n), np.full(n, 4700.0))
    codes = tuple(f"c{i}" for i in range(n))
    return Baseline(codes, state.demand, np.full(n, 3.0), state, 4700.0, False)


def _scenarios():
    return [
        Scenario(f"s{k}", "t", (GpLeave(f"c{k}", 1, 1), StructureOpens(f"c{k + 1}", 2, "msp", 2)))
        for k in range(6)
    ]


def _draw(shared, seed):
    return float(np.random.default_rng(seed).normal(shared, 1.0, size=100).mean())


def test_local_scheduler_equals_plain_loop():
    base, scs = _baseline(), _scenarios()
    dask_out = map_scenarios(base, scs, None)
    sync = map_scenarios(base, scs, "sync")
    for a, b in zip(dask_out, sync, strict=True):
        assert np.array_equal(a.after, b.after)


def test_local_cluster_of_two_workers_gives_identical_results():
    from distributed import Client, LocalCluster

    base, scs = _baseline(), _scenarios()
    local = map_scenarios(base, scs, None)
    draws_local = map_shared(_draw, 3.0, list(range(8)), None)
    # Threads in one process (processes=False): process workers are too slow to start here.
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        remote = map_on_client(_run, base, scs, client)
        draws = map_on_client(_draw, 3.0, list(range(8)), client)
        address = cluster.scheduler_address
        by_address = map_shared(_run, base, scs, address)
    for a, b, c in zip(local, remote, by_address, strict=True):
        assert np.array_equal(a.after, b.after) and np.array_equal(a.after, c.after)
    assert draws == draws_local


def _apl_instance(objective: str = "apl-gain"):
    rng = np.random.default_rng(7)
    n, m = 60, 45
    t = rng.uniform(0, 35, size=(n, m)).round(1)
    o, d = np.nonzero(t < 20)
    pop = rng.integers(50, 3000, size=n).astype(float)
    inst = make_instance(
        [f"d{i}" for i in range(n)],
        pop * rng.uniform(0.8, 1.3, size=n),
        [f"c{j}" for j in range(m)],
        sp.csr_array((t[o, d], (o, d)), shape=(n, m)),
        locked=np.arange(m) < 3,
    )
    data = AplSiting(rng.uniform(0.5, 4.0, size=n), pop, np.full(m, 4700.0))
    return inst, SitingOptions(objective, 4), data


@pytest.mark.parametrize("objective", ["apl-gain", "lift-above-2.5"])
def test_candidate_evaluation_on_two_workers_is_identical(objective, monkeypatch):
    """Each candidate's value alone, in chunks of 8 (6 Dask tasks): local, cluster, plain."""
    from distributed import Client, LocalCluster

    monkeypatch.setattr(aplgain, "EVALUATION_CHUNK", 8)
    inst, options, data = _apl_instance(objective)
    local = evaluate_candidates(inst, options, data, None)
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        remote = evaluate_candidates(inst, options, data, cluster.scheduler_address)
    assert np.array_equal(local.objective, remote.objective)
    assert np.array_equal(local.shortfall_reduction, remote.shortfall_reduction)
    # the oracle: open each candidate alone (beside the locked ones) and score it in full
    score = aplgain._Score(objective, data, inst.weights)
    g = aplgain.gain_matrix(inst, data.site_supply)
    base = np.asarray(g @ inst.locked.astype(float)).ravel()
    for j in range(inst.n_candidates):
        after = base + g[:, [j]].toarray().ravel()
        want = score.value(after) - score.value(base)
        assert local.objective[j] == pytest.approx(want, abs=1e-6)
    plain = solve_apl(inst, options, data)
    fed = solve_apl(inst, options, data, first=remote)
    assert fed.selected == plain.selected and fed.value == plain.value


def _run(baseline, scenario):
    from proxisante.planning.scenarios.whatif import run_scenario

    return run_scenario(baseline, scenario)


def test_bad_scheduler_address_is_a_user_error():
    with pytest.raises(UserError, match="tcp://"):
        map_shared(_draw, 1.0, [1], "http://nowhere")
