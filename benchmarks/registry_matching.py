"""Benchmark of the registry matching: 1 000 000 patients, 50 000 professionals (FICTITIOUS).

The communes are the real French communes of the embedded bundle (town halls, populations);
patients and professionals are invented and drawn in proportion to the population. Priority
levels A–E with a realistic mix, two age bands (some professionals take no children), 5 % of
patients needing home visits. Maximum travel time 30 min (straight-line estimate).

Timed: the min-cost-flow engine (:func:`proxisante.registry.matching.solve_matching`) from
arrays to per-patient assignment. Baseline, measured in the same run on the same instance: the
*greedy* assignment (patients in priority order, each group to the nearest eligible professional
group with room) — the usual hand-made procedure. Reported: time, peak memory (max RSS),
patients served per level and mean travel time for both.

Run: ``.venv/bin/python benchmarks/registry_matching.py [--patients 1000000 --professionals
50000 --seed 1]``. Goal: under 60 s for 1 000 000 × 50 000.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from collections import defaultdict

import numpy as np

from proxisante.registry.matching import solve_matching
from proxisante.registry.priority import LEVELS
from proxisante.registry.travel import CommunePoints, commune_pairs_within
from proxisante.types import BoolArray, FloatArray, IntArray

LEVEL_MIX = (0.05, 0.20, 0.20, 0.20, 0.35)
MAX_TRAVEL_MIN = 30.0


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_instance(n_patients: int, n_pros: int, seed: int) -> dict[str, object]:
    from proxisante.territory import load_territory

    communes = load_territory().communes
    communes = communes[communes["lon"].notna() & communes["lat"].notna()]
    points = CommunePoints(
        codes=tuple(communes.index.astype(str)),
        lon=communes["lon"].to_numpy(np.float64),
        lat=communes["lat"].to_numpy(np.float64),
    )
    pop = communes["population"].fillna(0).to_numpy(np.float64) + 1
    rng = np.random.default_rng(seed)
    p_commune = rng.choice(len(pop), size=n_patients, p=pop / pop.sum())
    p_level = rng.choice(len(LEVELS), size=n_patients, p=LEVEL_MIX)
    child = rng.random(n_patients) < 0.18
    home = rng.random(n_patients) < 0.05
    # classes: 0 adult, 1 adult needing home visits, 2 child, 3 child needing home visits
    p_class = child.astype(np.int64) * 2 + home.astype(np.int64)
    weight = pop**1.2  # professionals concentrate in towns
    d_commune = rng.choice(len(pop), size=n_pros, p=weight / weight.sum())
    d_places = rng.integers(1, 21, size=n_pros)  # mean 10.5 places: demand exceeds supply
    adults_only = rng.random(n_pros) < 0.15
    visits = rng.random(n_pros) < 0.5
    # professional classes: bit 0 home visits, bit 1 adults only
    d_class = visits.astype(np.int64) + 2 * adults_only.astype(np.int64)
    compatible = np.zeros((4, 4), dtype=bool)
    for pc in range(4):
        for dc in range(4):
            needs_home, is_child = bool(pc & 1), bool(pc & 2)
            compatible[pc, dc] = (not needs_home or bool(dc & 1)) and not (is_child and dc & 2)
    return {
        "points": points,
        "patient_commune": p_commune.astype(np.int64),
        "patient_level": p_level.astype(np.int64),
        "patient_class": p_class,
        "pro_commune": d_commune.astype(np.int64),
        "pro_places": d_places.astype(np.int64),
        "pro_class": d_class,
        "compatible": compatible,
    }


def greedy(inst: dict[str, object]) -> tuple[IntArray, FloatArray]:
    """Baseline: groups in priority order, each to the nearest eligible professional group."""
    points = inst["points"]
    assert isinstance(points, CommunePoints)
    pc, pl, pcl = (
        np.asarray(inst[k]) for k in ("patient_commune", "patient_level", "patient_class")
    )
    dc, dp, dcl = (np.asarray(inst[k]) for k in ("pro_commune", "pro_places", "pro_class"))
    compatible: BoolArray = np.asarray(inst["compatible"])
    room: dict[tuple[int, int], int] = defaultdict(int)
    for c, cl, n in zip(dc.tolist(), dcl.tolist(), dp.tolist(), strict=True):
        room[(c, cl)] += n
    pro_classes_at: dict[int, list[int]] = defaultdict(list)
    for c, cl in room:
        pro_classes_at[c].append(cl)
    o, d, t = commune_pairs_within(points, np.unique(pc), np.unique(dc), MAX_TRAVEL_MIN)
    order = np.lexsort((t, o))
    near: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for oi, di, ti in zip(o[order].tolist(), d[order].tolist(), t[order].tolist(), strict=True):
        near[oi].append((di, ti))
    served = np.zeros(len(pc), dtype=bool)
    minutes = np.full(len(pc), np.nan)
    key = (pl * len(points.codes) + pc) * 4 + pcl
    order_p = np.lexsort((np.arange(len(pc)), key))
    keys_sorted = key[order_p]
    bounds = np.flatnonzero(np.diff(keys_sorted)) + 1
    for block in np.split(order_p, bounds):
        first = int(block[0])
        c, cl = int(pc[first]), int(pcl[first])
        pos = 0
        for dcom, ti in near[c]:
            for dclass in pro_classes_at[dcom]:
                if not compatible[cl, dclass]:
                    continue
                avail = room[(dcom, dclass)]
                take = min(avail, len(block) - pos)
                if take > 0:
                    served[block[pos : pos + take]] = True
                    minutes[block[pos : pos + take]] = ti
                    room[(dcom, dclass)] = avail - take
                    pos += take
                if pos == len(block):
                    break
            if pos == len(block):
                break
    return served.astype(np.int64), minutes


def summarise(levels: IntArray, served: BoolArray, minutes: FloatArray) -> dict[str, object]:
    return {
        "served": int(served.sum()),
        "served_by_level": {
            lvl: int((served & (levels == i)).sum()) for i, lvl in enumerate(LEVELS)
        },
        "mean_travel_min": round(float(np.nanmean(minutes[served])), 2) if served.any() else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patients", type=int, default=1_000_000)
    parser.add_argument("--professionals", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    t0 = time.perf_counter()
    inst = build_instance(args.patients, args.professionals, args.seed)
    setup_s = time.perf_counter() - t0
    rss_before = _max_rss_mb()
    t0 = time.perf_counter()
    result = solve_matching(max_travel_min=MAX_TRAVEL_MIN, **inst)  # type: ignore[arg-type]
    solve_s = time.perf_counter() - t0
    rss_after = _max_rss_mb()
    t0 = time.perf_counter()
    g_served, g_minutes = greedy(inst)
    greedy_s = time.perf_counter() - t0
    levels = np.asarray(inst["patient_level"])
    served = result.professional >= 0
    # sanity: no professional over capacity
    used = np.bincount(result.professional[served], minlength=args.professionals)
    assert (used <= np.asarray(inst["pro_places"])).all()
    report = {
        "machine": f"{platform.machine()} {os.cpu_count()} CPU, {platform.python_version()}",
        "patients": args.patients,
        "professionals": args.professionals,
        "places": int(np.asarray(inst["pro_places"]).sum()),
        "communes": len(inst["points"].codes),  # type: ignore[attr-defined]
        "setup_s": round(setup_s, 2),
        "min_cost_flow": {
            "time_s": round(solve_s, 2),
            **summarise(levels, served, result.travel_time_min),
        },
        "greedy_baseline": {
            "time_s": round(greedy_s, 2),
            **summarise(levels, g_served.astype(bool), g_minutes),
        },
        "time_ratio_flow_over_greedy": round(solve_s / greedy_s, 2),
        "peak_rss_mb_before_solve": round(rss_before),
        "peak_rss_mb_after_solve": round(rss_after),
        "goal_under_60_s": solve_s < 60,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
