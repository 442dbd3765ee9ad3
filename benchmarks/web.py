"""Public web pages: first map render in Chromium, latency under 50 concurrent clients, size of
the map data of a département.

Targets (issue 13): first map render of a département ≤ 2 s on loopback; territory page and
data endpoints p95 ≤ 100 ms at 50 concurrent clients; data of one département ≤ 500 KB.

The server is ``proxisante serve --demo`` (one uvicorn process) in a fresh home; the map data
is computed once before measuring (as after the first visit, or the start-up warm-up: it is
then cached on disk). Chromium is Debian's (``/usr/bin/chromium``), headless, software GL.
Baseline: the targets above (ratios printed as measured / target).

Run: ``.venv/bin/python benchmarks/web.py [--clients 50] [--requests 20]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

DEPARTEMENTS = ("dep:03", "dep:59", "dep:62", "dep:02", "dep:76")
ENDPOINTS = (
    "/territoires/200071363",
    "/territoires/dep:03",
    "/donnees/territoires/dep:03/zones.geojson",
    "/api/public/territoires?q=vichy",
)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as r:  # noqa: S310 - loopback only
        return bytes(r.read())


def _start(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROXISANTE_")}
    env["PROXISANTE_HOME"] = str(home)
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxisante", "serve", "--demo", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            _get(url + "/")
            return proc, url
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def sizes(url: str) -> dict[str, int]:
    return {d: len(_get(f"{url}/donnees/territoires/{d}/zones.geojson")) for d in DEPARTEMENTS}


def first_render(url: str, runs: int = 3) -> list[float]:
    """Seconds from navigation to the map's first idle frame, cold browser each time."""
    from playwright.sync_api import sync_playwright

    out = []
    with sync_playwright() as p:
        for _ in range(runs):
            b = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
            )
            page = b.new_page()
            t0 = time.perf_counter()
            page.goto(url + "/territoires/dep:03")
            page.wait_for_selector("#carte[data-idle]", timeout=60_000)
            out.append(time.perf_counter() - t0)
            b.close()
    return out


def load(url: str, clients: int, requests: int) -> dict[str, list[float]]:
    """Each client requests every endpoint in turn, back to back; latencies per endpoint."""
    lat: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
    lock = threading.Lock()
    start = threading.Barrier(clients)

    def client(k: int) -> None:
        start.wait()
        for i in range(requests):
            e = ENDPOINTS[(k + i) % len(ENDPOINTS)]
            t0 = time.perf_counter()
            _get(url + e)
            dt = time.perf_counter() - t0
            with lock:
                lat[e].append(dt)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return lat


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="requests per client")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = _start(Path(tmp))
        try:
            for e in ENDPOINTS:  # compute and cache the data once
                _get(url + e)
            for d, n in sizes(url).items():
                print(f"data {d}: {n / 1000:.0f} KB (target ≤ 500 KB: ratio {n / 500_000:.2f})")
            renders = first_render(url)
            best, worst = min(renders), max(renders)
            print(
                f"first map render dep:03, cold Chromium: {best:.2f}–{worst:.2f} s "
                f"(target ≤ 2 s: ratio {worst / 2:.2f})"
            )
            lat = load(url, args.clients, args.requests)
            for e, values in lat.items():
                q = p95(values) * 1000
                print(
                    f"p95 {e} at {args.clients} clients: {q:.0f} ms over {len(values)} "
                    f"requests (target ≤ 100 ms: ratio {q / 100:.2f})"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=20)


if __name__ == "__main__":
    main()
