"""Benchmark of the rota solver: 40 sectors, 600 doctors, 6 months (FICTITIOUS doctors).

Reports the solve time and the weighted load spread of CP-SAT against a named baseline measured
in the same run: the *greedy least-loaded* assignment (each shift, in time order, to the
eligible doctor with the smallest load so far — ``proxisante.rota.baseline``).

Run: ``.venv/bin/python benchmarks/rota_solve.py [--sectors 40 --doctors 600 --months 6
--time-limit 50]``. Goal: feasible in under 60 s, weighted load spread ≤ 1 shift per sector.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from collections import Counter
from datetime import date, timedelta
from datetime import time as dtime

from proxisante.rota.baseline import greedy_sector
from proxisante.rota.calendar import generate_shifts
from proxisante.rota.check import check_rota
from proxisante.rota.fairness import sector_fairness
from proxisante.rota.model import (
    DayKind,
    Doctor,
    RotaProblem,
    Rules,
    Sector,
    ShiftType,
    Unavailability,
)
from proxisante.rota.solver import solve_rota

ALL_DAYS = frozenset(DayKind)
SHIFT_TYPES = (
    ShiftType("nuit", "Nuit", dtime(20), dtime(8), 2.0, ALL_DAYS, night=True),
    ShiftType(
        "samedi", "Samedi après-midi", dtime(12), dtime(20), 1.0, frozenset({DayKind.SATURDAY})
    ),
    ShiftType(
        "dimanche",
        "Dimanche, férié ou pont (jour)",
        dtime(8),
        dtime(20),
        1.5,
        frozenset({DayKind.SUNDAY, DayKind.HOLIDAY, DayKind.BRIDGE}),
    ),
)


def synthetic_problem(*, sectors: int, doctors: int, months: int, seed: int = 1) -> RotaProblem:
    """A fictitious instance: doctors spread evenly over sectors, each away ~2 weeks."""
    rng = random.Random(seed)
    start = date(2027, 1, 1)
    end = date(2027 + (months - 1) // 12, (months - 1) % 12 + 1, 28)
    end = (end.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    secs = tuple(
        Sector(f"S{i:02d}", f"Secteur fictif {i}", (f"{3001 + i:05d}",)) for i in range(sectors)
    )
    docs = []
    for k in range(doctors):
        away = start + timedelta(days=rng.randrange((end - start).days - 14))
        docs.append(
            Doctor(
                id=f"D{k:04d}",
                name=f"Médecin fictif {k}",
                sector=secs[k % sectors].code,
                unavailable=(Unavailability(away, away + timedelta(days=13)),),
                max_shifts=40,
                exempt_from=frozenset({"nuit"}) if rng.random() < 0.05 else frozenset(),
                previous_load=float(rng.choice([0, 0, 0, 1, 2])),
            )
        )
    return RotaProblem(
        start=start,
        end=end,
        country="FR",
        subdivision=None,
        timezone="Europe/Paris",
        bridge_days=True,
        shift_types=SHIFT_TYPES,
        sectors=secs,
        doctors=tuple(docs),
        rules=Rules(min_gap_hours=12, rest_after_night_hours=24),
    )


def _machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} logical CPUs, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sectors", type=int, default=40)
    ap.add_argument("--doctors", type=int, default=600)
    ap.add_argument("--months", type=int, default=6)
    ap.add_argument("--time-limit", type=float, default=50.0)
    ap.add_argument(
        "--workers", type=int, default=None, help="CP-SAT workers (default: min(8, CPUs))"
    )
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    problem = synthetic_problem(sectors=args.sectors, doctors=args.doctors, months=args.months)
    shifts = generate_shifts(problem)

    t0 = time.perf_counter()
    greedy = []
    stuck = 0
    for sector in problem.sectors:
        mine = [s for s in shifts if s.sector == sector.code]
        got = greedy_sector(problem.doctors_of(sector.code), mine, problem.rules)
        if got is None:
            stuck += 1
        else:
            greedy.extend(got)
    greedy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    rota = solve_rota(problem, time_limit_s=args.time_limit, num_workers=args.workers)
    solve_s = time.perf_counter() - t0

    violations = check_rota(problem, rota.shifts, rota.assignments)
    cp_spreads = [
        sector_fairness(problem, s.code, shifts, rota.assignments) for s in problem.sectors
    ]
    gr_spreads = [sector_fairness(problem, s.code, shifts, greedy) for s in problem.sectors]
    cp_max = max(f.load_spread for f in cp_spreads)
    gr_max = max(f.load_spread for f in gr_spreads)
    result = {
        "machine": _machine(),
        "python": platform.python_version(),
        "sizes": {
            "sectors": args.sectors,
            "doctors": args.doctors,
            "months": args.months,
            "shifts": len(shifts),
            "period": f"{problem.start}..{problem.end}",
        },
        "time_limit_s": args.time_limit,
        "solver_local_search_then_cp_sat": {
            "solve_time_s": round(solve_s, 2),
            "hard_violations": len(violations),
            "max_weighted_load_spread": round(cp_max, 2),
            "mean_weighted_load_spread": round(
                sum(f.load_spread for f in cp_spreads) / len(cp_spreads), 2
            ),
            "max_weekend_spread": max(f.weekend_spread for f in cp_spreads),
            "sectors_by_status": dict(Counter(s.status for s in rota.stats)),
        },
        "baseline_greedy_least_loaded": {
            "time_s": round(greedy_s, 2),
            "sectors_stuck": stuck,
            "max_weighted_load_spread": round(gr_max, 2),
            "mean_weighted_load_spread": round(
                sum(f.load_spread for f in gr_spreads) / len(gr_spreads), 2
            ),
            "max_weekend_spread": max(f.weekend_spread for f in gr_spreads),
        },
        "ratio_max_spread_solver_over_greedy": round(cp_max / gr_max, 3) if gr_max else None,
        "ratio_time_solver_over_greedy": round(solve_s / greedy_s, 1) if greedy_s else None,
        "goal": "feasible < 60 s, weighted load spread <= 1 shift",
        "goal_met": solve_s < 60 and not violations and cp_max <= 1.0,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
