"""Benchmark: the APL of every French commune with the ``estimate`` provider, end to end.

Timed: everything after the bundle is loaded — places and neighbourhood densities, estimated
travel times under 20 minutes, supply and demand, the APL (``apl_inputs`` + ``run_apl``), i.e.
what ``proxisante access apl`` does once the bundle is in memory. Peak memory: the largest
allocation seen by ``tracemalloc`` during one run (NumPy reports its buffers to it) and the
process's peak resident size. Baseline, measured in the same run: PySAL ``access`` E2SFCA on the
same national pairs (given our travel times; PySAL has no travel-time provider).

Run: ``.venv/bin/python benchmarks/access_national.py [--repeat 5] [--no-baseline]``.
Goal: < 2 s on 2 cores after the bundle is loaded.
"""

from __future__ import annotations

import os

# Two cores, as in the goal; set before NumPy/SciPy start their thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "2")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from proxisante.access.apl import DREES_DECAY  # noqa: E402
from proxisante.access.communes import apl_inputs, run_apl  # noqa: E402
from proxisante.access.providers import (  # noqa: E402
    TravelSource,
    TravelSpec,
    build_provider,
    commune_times,
)
from proxisante.territory import load_territory  # noqa: E402


def pysal_national(inputs, times) -> tuple[float, np.ndarray]:  # type: ignore[no-untyped-def]
    from access import Access

    def weight(x: float) -> float:
        if x < 10.0:
            return 1.0
        if x < 15.0:
            return 2.0 / 3.0
        return 1.0 / 3.0 if x < 20.0 else 0.0

    m = times.minutes.tocoo()
    n = len(inputs.points.codes)
    frames = {
        "demand": pd.DataFrame({"geoid": np.arange(n), "pop": inputs.demand}),
        "supply": pd.DataFrame({"geoid": np.arange(n), "doc": inputs.supply}),
        "cost": pd.DataFrame({"origin": m.row, "dest": m.col, "cost": m.data}),
    }
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        acc = Access(
            demand_df=frames["demand"], demand_index="geoid", demand_value="pop",
            supply_df=frames["supply"], supply_index="geoid", supply_value="doc",
            cost_df=frames["cost"], cost_origin="origin", cost_dest="dest", cost_name="cost",
        )  # fmt: skip
        out = acc.enhanced_two_stage_fca(weight_fn=weight, max_cost=DREES_DECAY.cutoff_min)
    seconds = time.perf_counter() - start
    return seconds, out["e2sfca_doc"].reindex(np.arange(n)).fillna(0.0).to_numpy()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))[:2]
        os.sched_setaffinity(0, cpus)
    start = time.perf_counter()
    terr = load_territory()
    fr = terr.communes[terr.communes["country"] == "FR"]
    load_s = time.perf_counter() - start
    rss_after_load = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    spec = TravelSpec("estimate")
    provider = build_provider(spec)
    timings = []
    run = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        inputs = apl_inputs(fr, year=2023)
        run = run_apl(inputs, provider)
        timings.append(time.perf_counter() - t0)
    assert run is not None
    tracemalloc.start()
    inputs = apl_inputs(fr, year=2023)
    run_apl(inputs, provider)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times, _ = commune_times(inputs.points, TravelSource(spec), DREES_DECAY.cutoff_min)
    result = {
        "benchmark": "access_national",
        "communes": len(fr),
        "communes_with_apl": int(run.table["apl"].notna().sum()),
        "pairs_under_20_min": times.n_pairs,
        "bundle_load_s": round(load_s, 3),
        "apl_end_to_end_s": {
            "median": round(statistics.median(timings), 3),
            "min": round(min(timings), 3),
            "runs": len(timings),
        },
        "peak_traced_memory_mb": round(peak / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_after_bundle_load_mb": round(rss_after_load / 1024, 1),
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus_used": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
            "cpus": os.cpu_count(),
        },
    }
    if not args.no_baseline:
        seconds, theirs = pysal_national(inputs, times)
        ours = run.table["apl"].to_numpy()
        ok = np.isfinite(ours)
        engine_start = time.perf_counter()
        from proxisante.access.apl import apl

        apl(inputs.supply, inputs.demand, times)
        engine_s = time.perf_counter() - engine_start
        result["baseline"] = {
            "name": "PySAL access.Access.enhanced_two_stage_fca on the same pairs",
            "pysal_s": round(seconds, 3),
            "ours_apl_step_only_s": round(engine_s, 4),
            "speed_ratio_apl_step": round(seconds / engine_s, 1),
            "speed_ratio_vs_our_end_to_end": round(seconds / statistics.median(timings), 1),
            "max_relative_difference": float(
                np.max(np.abs(ours[ok] - theirs[ok]) / np.maximum(np.abs(theirs[ok]), 1e-12))
            ),
        }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
