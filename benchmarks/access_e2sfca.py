"""Benchmark: our sparse E2SFCA against PySAL ``access`` on shared random matrices.

Baseline, measured in the same run: ``access.Access.enhanced_two_stage_fca`` (PySAL, package
``access`` on PyPI) on the very same pairs, supply, demand and DREES step decay (given to PySAL
as a plain scalar function, the form it applies row by row). Setup (random data, PySAL's
DataFrames) is outside the timed part. Two timings of ours: *from pairs* includes building the
sparse matrix from the pair arrays; *engine only* starts from a ready matrix, as PySAL starts
from a ready cost DataFrame. Results are checked equal to 1e-9 relative before timings are printed.

Run: ``.venv/bin/python benchmarks/access_e2sfca.py [--sizes 500 1000 2000] [--repeat 3]``.
Goal: ≥ 50× faster than PySAL at 2 000 × 2 000.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
import warnings

import numpy as np
import pandas as pd

from proxisante.access.apl import DREES_DECAY
from proxisante.access.fca import two_step_fca
from proxisante.access.traveltimes import TravelTimes, from_pairs


def weight(x: float) -> float:
    if x < 10.0:
        return 1.0
    if x < 15.0:
        return 2.0 / 3.0
    return 1.0 / 3.0 if x < 20.0 else 0.0


def problem(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    minutes = rng.uniform(0.0, 40.0, size=(n, n))
    i, j = np.nonzero(minutes < DREES_DECAY.cutoff_min)
    return {
        "i": i,
        "j": j,
        "t": minutes[i, j],
        "demand": rng.uniform(10.0, 5000.0, n),
        "supply": rng.uniform(0.0, 20000.0, n) * (rng.random(n) < 0.5),
    }


def build_times(p: dict[str, np.ndarray]) -> TravelTimes:
    n = p["demand"].size
    return from_pairs(p["i"], p["j"], p["t"], (n, n), DREES_DECAY.cutoff_min, assume_unique=True)


def run_ours(p: dict[str, np.ndarray]) -> np.ndarray:
    """From the pair arrays: builds the sparse matrix, then the E2SFCA."""
    return two_step_fca(p["supply"], p["demand"], build_times(p), DREES_DECAY)


def run_engine(p: dict[str, np.ndarray], times: TravelTimes) -> np.ndarray:
    """From a ready sparse matrix, as PySAL starts from a ready cost DataFrame."""
    return two_step_fca(p["supply"], p["demand"], times, DREES_DECAY)


def run_pysal(p: dict[str, np.ndarray], frames: dict[str, pd.DataFrame]) -> np.ndarray:
    from access import Access

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        acc = Access(
            demand_df=frames["demand"], demand_index="geoid", demand_value="pop",
            supply_df=frames["supply"], supply_index="geoid", supply_value="doc",
            cost_df=frames["cost"], cost_origin="origin", cost_dest="dest", cost_name="cost",
        )  # fmt: skip
        out = acc.enhanced_two_stage_fca(weight_fn=weight, max_cost=DREES_DECAY.cutoff_min)
    n = p["demand"].size
    return out["e2sfca_doc"].reindex(np.arange(n)).fillna(0.0).to_numpy()


def best_of(repeat: int, func, *args) -> tuple[float, np.ndarray]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for n in args.sizes:
        p = problem(n)
        frames = {
            "demand": pd.DataFrame({"geoid": np.arange(n), "pop": p["demand"]}),
            "supply": pd.DataFrame({"geoid": np.arange(n), "doc": p["supply"]}),
            "cost": pd.DataFrame({"origin": p["i"], "dest": p["j"], "cost": p["t"]}),
        }
        t_ours, ours = best_of(args.repeat, run_ours, p)
        t_engine, _ = best_of(args.repeat, run_engine, p, build_times(p))
        t_pysal, theirs = best_of(1 if n >= 2000 else args.repeat, run_pysal, p, frames)
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=0)
        rows.append(
            {
                "demand_x_supply": f"{n}x{n}",
                "pairs_under_cutoff": int(p["i"].size),
                "ours_from_pairs_s": round(t_ours, 5),
                "ours_engine_only_s": round(t_engine, 5),
                "pysal_access_s": round(t_pysal, 3),
                "speed_ratio_from_pairs": round(t_pysal / t_ours, 1),
                "speed_ratio_engine_only": round(t_pysal / t_engine, 1),
                "max_relative_difference": float(
                    np.max(np.abs(ours - theirs) / np.maximum(np.abs(theirs), 1e-300))
                ),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    print(
        json.dumps(
            {
                "benchmark": "access_e2sfca",
                "baseline": "PySAL access.Access.enhanced_two_stage_fca (same run, same data)",
                "machine": {
                    "platform": platform.platform(),
                    "python": platform.python_version(),
                    "cpus": os.cpu_count(),
                    "processor": platform.processor() or platform.machine(),
                },
                "results": rows,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
