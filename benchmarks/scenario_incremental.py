"""Benchmark: one site changed on the national instance, incremental vs full APL recomputation.

National instance: every French commune (34 875), ``estimate`` travel times under 20 minutes,
bundle supply and demand (as ``plan scenario`` builds it). Change: one commune gains one GP FTE
(a different commune each repetition, seeded). Incremental: :func:`planning.scenarios.incremental.
with_changes` (only the catchment of the site). Baseline, same run: the access engine's full
APL (:func:`proxisante.access.apl.apl`: weights, both steps) on the same changed supply. Results
are checked equal (max absolute difference printed).

Run: ``.venv/bin/python benchmarks/scenario_incremental.py [--repeat 50]``.
Goal (issue 12): ≤ 10 ms and ≥ 20× faster than a full recomputation, equal results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time

import numpy as np
import scipy.sparse as sp

from proxisante.access.apl import apl
from proxisante.access.communes import apl_inputs
from proxisante.access.providers import TravelSource, TravelSpec, commune_times
from proxisante.access.traveltimes import TravelTimes
from proxisante.planning.scenarios.incremental import AplState, with_changes
from proxisante.territory import load_territory


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    com = load_territory().communes
    universe = com[com["country"] == "FR"]
    inputs = apl_inputs(universe, year=2023)
    times, _ = commune_times(inputs.points, TravelSource(TravelSpec("estimate")), 20.0)
    start = time.perf_counter()
    state = AplState.build(times.minutes, inputs.demand, inputs.supply)
    build = time.perf_counter() - start
    full_times = TravelTimes(sp.csr_array(times.minutes), 20.0)
    rng = np.random.default_rng(0)
    with_changes(state, inputs.supply.copy(), None)  # warm-up (first call allocates)
    inc, full, diffs = [], [], []
    for site in rng.choice(len(inputs.supply), size=args.repeat, replace=False):
        supply = inputs.supply.copy()
        supply[site] += 4700.0
        t0 = time.perf_counter()
        fast = with_changes(state, supply, None)
        t1 = time.perf_counter()
        ref = apl(supply, inputs.demand, full_times)
        t2 = time.perf_counter()
        inc.append(t1 - t0)
        full.append(t2 - t1)
        diffs.append(float(np.max(np.abs(fast.apl - ref))))
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU,"
        f" Python {platform.python_version()}",
        "communes": len(inputs.supply),
        "pairs": int(times.minutes.nnz),
        "state_build_s": round(build, 3),
        "repeat": args.repeat,
        "incremental_ms_median": round(statistics.median(inc) * 1e3, 3),
        "incremental_ms_p95": round(float(np.percentile(inc, 95)) * 1e3, 3),
        "incremental_ms_max": round(max(inc) * 1e3, 3),
        "full_ms_median": round(statistics.median(full) * 1e3, 3),
        "speed_ratio_median": round(statistics.median(full) / statistics.median(inc), 1),
        "max_abs_difference": max(diffs),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
