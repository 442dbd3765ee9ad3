"""The server's CPU time per request on the routes of ``benchmarks/api_load.py``.

Set up as ``api_load.py`` does (demo CPTS, one matching run, logins), but ``serve`` with one
worker, and requests sent one after the other on one keep-alive connection from this process:
the figure is the CPU time (user + system, all threads) that the server process spent, read in
``/proc/PID/stat`` before and after ``--requests`` requests, divided by their number. It does not
depend on the load generator's own CPU, and little on other programs sharing the machine (the
wall time per request, printed beside it, does). A saturated server of N workers answers about
N / cpu_ms × 1000 requests per second when it has N cores to itself.

Run: ``.venv/bin/python benchmarks/api_cpu.py [--requests 500] [--backends sqlite,postgresql]``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import api_load

BASELINE = ("/login", None)  # a page without a session: the fixed cost of one request


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(port: int, pid: int, path: str, token: str | None, n: int) -> dict[str, float]:
    headers = {"Authorization": f"Bearer {token}", "Cookie": f"ps_session={token}"} if token else {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:

        def get() -> None:
            conn.request("GET", path, headers=headers)
            r = conn.getresponse()
            r.read()
            if r.status != 200:
                raise SystemExit(f"{path}: HTTP {r.status}")

        for _ in range(30):
            get()
        cpu0, wall0 = _cpu_s(pid), time.perf_counter()
        for _ in range(n):
            get()
        cpu, wall = _cpu_s(pid) - cpu0, time.perf_counter() - wall0
    finally:
        conn.close()
    return {"server_cpu_ms": round(cpu / n * 1000, 2), "wall_ms": round(wall / n * 1000, 2)}


def _backend(name: str, n: int) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="proxisante-cpu-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROXISANTE_")}
    env["PROXISANTE_HOME"] = str(home)
    pg_db = None
    if name == "sqlite":
        url = f"sqlite:///{home / 'demo.db'}"
        args = ["--demo"]
    else:
        url, pg_db = api_load._create_pg_database()
        env["PROXISANTE_DATABASE_URL"] = url
        args = []
    port = api_load._free_port()
    proc = api_load._start(env, args, port)
    base = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {"backend": name, "requests": n}
    try:
        result["start_up_warm_up_s"] = api_load._wait_for_warm_up(home)
        accounts, _ = api_load._accounts_and_sizes(url)
        coord = api_load._login(base, accounts["coordination"])
        matching = f"{base}/api/v1/territories/cpts-vichy-demo/matching"
        api_load._http("POST", matching, {}, {"Authorization": f"Bearer {coord}"})
        routes = {**api_load.ROUTES, "login page (no session)": BASELINE}
        for label, (path, who) in routes.items():
            token = None
            if who is not None:
                token = coord if who == "coordination" else api_load._login(base, accounts[who])
            result[label] = _measure(port, proc.pid, path, token, n)
            print(f"  {name} {label}: {result[label]}", flush=True)
    finally:
        api_load._stop(proc)
        shutil.rmtree(home, ignore_errors=True)
        if pg_db is not None:
            api_load._drop_pg_database(pg_db)
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=500)
    p.add_argument("--backends", default="sqlite,postgresql")
    a = p.parse_args()
    runs = [_backend(b, a.requests) for b in a.backends.split(",")]
    print(json.dumps({"load_avg": api_load._load(), "runs": runs}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
