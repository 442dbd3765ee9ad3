"""``proxisante diagnostic --batch PARENT``: how long every EPCI (Valais: district) of a parent
takes, and what that gives for all 1 255 EPCI of France.

Runs the real command (``html,pdf,json`` by default, as a user would) in a subprocess and
reports the number of territories, the wall time, the wall time per territory, the processes
used, and the CPU seconds the command and its workers used per territory. On a shared machine
the wall time depends on the other work; the CPU time does not (much), so the script also gives
the extrapolation ``CPU per territory × 1 255 / cores`` — the wall time of a France batch on a
machine whose cores are the batch's own.

Run: ``.venv/bin/python benchmarks/diagnostic_batch.py reg:84 [--jobs N] [--format html,pdf,json]
[--json]``; ``fr`` runs the whole of France (about 15 min on 2 free cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FRANCE_EPCI = 1255


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parent", help="dep:03, reg:84, fr, ch-canton:VS …")
    parser.add_argument("--jobs", type=int, default=None, help="default: every core")
    parser.add_argument("--format", default="html,pdf,json")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    jobs = args.jobs or cores
    exe = Path(sys.executable).with_name("proxisante")
    with tempfile.TemporaryDirectory(prefix="bench-diag-") as out:
        argv = [str(exe), "diagnostic", "--batch", args.parent, "--out", out, "--format",
                args.format, "--jobs", str(jobs), "--json"]  # fmt: skip
        load = os.getloadavg()[0]
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(done.stderr)
    summary = json.loads(done.stdout)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    n = int(summary["epci"])
    per_cpu = cpu / n
    result = {
        "parent": args.parent,
        "territories": n,
        "formats": args.format,
        "jobs": jobs,
        "cores": cores,
        "load_average_at_start": round(load, 2),
        "wall_s": round(wall, 1),
        "wall_per_territory_s": round(wall / n, 3),
        "cpu_s": round(cpu, 1),
        "cpu_per_territory_s": round(per_cpu, 3),
        "france_extrapolated_wall_s": round(FRANCE_EPCI * per_cpu / min(jobs, cores), 0),
        "france_extrapolated_from_wall_s": round(FRANCE_EPCI * wall / n, 0),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{args.parent}: {n} territories, {args.format}, {jobs} process(es) on {cores} core(s),"
        f" load average {load:.1f} at start\n"
        f"  wall {wall:.1f} s ({wall / n:.3f} s per territory)\n"
        f"  CPU  {cpu:.1f} s ({per_cpu:.3f} s per territory)\n"
        f"  France ({FRANCE_EPCI} EPCI): {result['france_extrapolated_wall_s'] / 60:.1f} min on"
        f" {min(jobs, cores)} free core(s) (from CPU time);"
        f" {result['france_extrapolated_from_wall_s'] / 60:.1f} min at this run's pace"
    )


if __name__ == "__main__":
    main()
