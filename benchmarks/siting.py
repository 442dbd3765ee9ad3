"""Benchmark: ``plan site`` exact models against PySAL spopt (PuLP + CBC, its default solver).

Same instances, same run. Demand points are real French communes (town-hall points, INSEE
population as weight), candidates a seeded random sample of them, times from the ``estimate``
provider (minutes). spopt receives the dense cost matrix (pairs beyond the cut-off at 999 min).

1. MCLP, 5 000 demand × 500 candidates, p = 20, radius 20 min: time and objective, both;
2. p-median on a ladder of sizes with every pair stored (the same dense matrix for both): the
   largest size spopt solves in under 5 minutes (CBC time limit 300 s) and ours at that size;
3. national MCLP and p-median, 34 875 communes × 2 000 candidates, p = 20, radius (p-median:
   cut-off, unreached points counted at 20 min) 20 min: ours only (time and reported gap).

Run: ``.venv/bin/python benchmarks/siting.py [--json] [--skip-spopt] [--pmedian-sizes 500x50,…]``.
Goals (issue 12): ≥ 10× faster than spopt with an objective at least as good; national < 60 s
with a gap ≤ 1 %.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

import numpy as np

from proxisante.access.communes import commune_points
from proxisante.access.providers import TravelSource, TravelSpec, commune_times
from proxisante.planning.siting.exact import SitingOptions, solve_exact
from proxisante.planning.siting.instance import SitingInstance, make_instance
from proxisante.territory import load_territory


def instance(n: int | None, m: int, cutoff: float, seed: int = 0) -> SitingInstance:
    """The first ``n`` French communes (by code; all if None), ``m`` random candidates."""
    c = load_territory().communes
    c = c[(c["country"] == "FR") & c["lon"].notna() & c["lat"].notna()]
    if n is not None:
        c = c.iloc[:n]
    rng = np.random.default_rng(seed)
    cand = np.sort(rng.choice(len(c), size=m, replace=False))
    points = commune_points(c)
    times, _ = commune_times(points, TravelSource(TravelSpec("estimate")), cutoff)
    return make_instance(
        points.codes,
        c["population"].fillna(0).to_numpy(dtype=np.float64),
        [points.codes[j] for j in cand],
        times.minutes[:, cand],
    )


def dense(inst: SitingInstance, beyond: float = 999.0) -> np.ndarray:
    m = inst.minutes.tocsr()
    out = np.full(m.shape, beyond)
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    out[rows, m.indices] = m.data
    return out


def ours(inst: SitingInstance, options: SitingOptions) -> dict[str, float | bool]:
    start = time.perf_counter()
    res = solve_exact(inst, options)
    return {
        "seconds": round(time.perf_counter() - start, 3),
        "objective": res.value,
        "gap": res.gap,
        "optimal": res.optimal,
    }


def spopt_run(kind: str, cost: np.ndarray, w: np.ndarray, p: int, radius: float) -> dict:
    import pulp
    from spopt.locate import MCLP, PMedian

    start = time.perf_counter()
    if kind == "mclp":
        model = MCLP.from_cost_matrix(cost, w, radius, p_facilities=p)
    else:
        model = PMedian.from_cost_matrix(cost, w, p_facilities=p)
    try:
        model = model.solve(pulp.PULP_CBC_CMD(msg=False, timeLimit=300))
    except RuntimeError:  # spopt raises when CBC stops at its time limit without a solution
        return {
            "seconds": round(time.perf_counter() - start, 3),
            "objective": None,
            "status": "not solved in 300 s",
        }
    seconds = time.perf_counter() - start
    status = pulp.LpStatus[model.problem.status]
    return {
        "seconds": round(seconds, 3),
        "objective": float(model.problem.objective.value()),
        "status": status,
    }


def mclp_vs_spopt(skip: bool) -> dict:
    inst = instance(5000, 500, 20.0 + 1e-6)
    out: dict = {"size": "5000 × 500, p = 20, radius 20 min", "pairs": int(inst.minutes.nnz)}
    out["ours"] = ours(inst, SitingOptions("mclp", 20, radius_min=20.0, time_limit_s=300))
    if not skip:
        out["spopt"] = spopt_run("mclp", dense(inst), inst.weights, 20, 20.0)
        out["speed_ratio"] = round(out["spopt"]["seconds"] / out["ours"]["seconds"], 1)
    out["load_average_1min"] = round(os.getloadavg()[0], 2)
    return out


def pmedian_ladder(sizes: list[tuple[int, int]], p: int, skip: bool) -> list[dict]:
    rows = []
    for n, m in sizes:
        inst = instance(n, m, 1e6)  # every pair stored: the same problem as spopt's
        row: dict = {"size": f"{n} × {m}, p = {p}", "pairs": int(inst.minutes.nnz)}
        row["ours"] = ours(inst, SitingOptions("p-median", p, time_limit_s=300))
        if not skip:
            row["spopt"] = spopt_run("p-median", dense(inst), inst.weights, p, 0.0)
            row["speed_ratio"] = round(row["spopt"]["seconds"] / row["ours"]["seconds"], 1)
        row["load_average_1min"] = round(os.getloadavg()[0], 2)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
        if not skip and (row["spopt"]["seconds"] > 300 or row["spopt"]["status"] != "Optimal"):
            del row["speed_ratio"]
            break
    return rows


def national() -> dict:
    start = time.perf_counter()
    inst = instance(None, 2000, 20.0 + 1e-6)
    built = time.perf_counter() - start
    mclp = ours(inst, SitingOptions("mclp", 20, radius_min=20.0, time_limit_s=60))
    median = ours(inst, SitingOptions("p-median", 20, radius_min=20.0, time_limit_s=60))
    return {
        "size": f"{inst.n_demand} × {inst.n_candidates}, p = 20, radius / cut-off 20 min",
        "pairs": int(inst.minutes.nnz),
        "instance_seconds": round(built, 2),
        "ours": mclp,
        "ours_p_median": median,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-spopt", action="store_true")
    parser.add_argument("--only", choices=("mclp", "p-median", "national"))
    parser.add_argument("--pmedian-sizes", default="500x50,700x70,1000x100,1500x100")
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--pmedian-p", type=int, default=10)
    args = parser.parse_args()
    sizes = [tuple(int(v) for v in s.split("x")) for s in args.pmedian_sizes.split(",")]
    if args.only == "national":
        print(json.dumps(national(), ensure_ascii=False, indent=2))
        return
    if args.only == "p-median":
        pmedian_ladder(sizes, args.pmedian_p, args.skip_spopt)
        return
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU,"
        f" Python {platform.python_version()}",
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
        "solver": "ours: OR-Tools model builder + HiGHS; spopt: PuLP + CBC (default)",
        "mclp": mclp_vs_spopt(args.skip_spopt),
    }
    print(json.dumps(report, ensure_ascii=False), flush=True)
    report["p_median"] = pmedian_ladder(sizes, args.pmedian_p, args.skip_spopt)  # type: ignore[arg-type]
    if not args.skip_national:
        report["national"] = national()
    report["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
