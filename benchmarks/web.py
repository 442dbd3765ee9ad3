"""Public web pages: first map render in Chromium, latency under 50 concurrent clients, size of
the map data of a département.

Targets (issue 13): first map render of a département ≤ 2 s on loopback; territory page and
data endpoints p95 ≤ 100 ms at 50 concurrent clients; data of one département ≤ 500 KB.

The server is ``proxisante serve --demo`` (one uvicorn process; ``--workers 1 2`` measures the
load with one, then two worker processes) in a fresh home; the map data is computed once before
measuring (as after the first visit, or the start-up warm-up: it is then cached on disk). The
client is ``urllib``: a new TCP connection per request, no gzip. Chromium is Debian's
(``/usr/bin/chromium``), headless, software GL; the first render is timed by the page's own
clock (User Timing marks of map.js, from the navigation start), the driver's view beside it.
Baseline: the targets above (ratios printed as measured / target).

Slow 4G (issue 24): ``--slow-4g`` loads ``/territoires/dep:03`` in a cold Chromium through a
proxy that models a slow link (1.6 Mbit/s down, 750 kbit/s up, 150 ms latency, shared by every
connection; DevTools' own network emulation leaves the map's web worker unthrottled), with the
page's CPU slowed 4× (DevTools protocol), and prints the first paint, the first map render
(map.js's ``carte-rendue`` mark) and every byte the browser received through the link (headers
and compressed bodies, the worker included). Targets: first paint ≤ 3 s, first map ≤ 5 s,
≤ 600 KB.

Run: ``.venv/bin/python benchmarks/web.py [--clients 50] [--requests 20] [--workers 1 2]``
or ``.venv/bin/python benchmarks/web.py --slow-4g [--runs 5]``.
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
from typing import Any

DEPARTEMENTS = ("dep:03", "dep:59", "dep:62", "dep:02", "dep:76")
ENDPOINTS = (
    "/territoires/200071363",
    "/territoires/dep:03",
    "/donnees/territoires/dep:03/zones.geojson",
    "/api/public/territoires?q=vichy",
)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=600) as r:  # noqa: S310 - loopback only
        return bytes(r.read())


def _start(home: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROXISANTE_")}
    env["PROXISANTE_HOME"] = str(home)
    command = [sys.executable, "-m", "proxisante", "serve", "--demo", "--port", str(port)]
    proc = subprocess.Popen(
        [*command, "--workers", str(workers)],
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


def first_render(url: str, runs: int = 5) -> list[dict[str, float]]:
    """Milliseconds from navigation start to the map's first idle frame, cold browser each time.

    The page's own clock gives the figure: map.js sets the User Timing mark ``carte-rendue``
    on MapLibre's first ``idle`` event (tiles laid out and drawn), and the mark's time is
    counted from the navigation start. The driver's view (``goto`` until Playwright sees the
    ``data-idle`` attribute) is printed beside it: it adds Playwright's polling delay."""
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
            seen = (time.perf_counter() - t0) * 1000
            marks = page.evaluate(
                "() => Object.fromEntries(performance.getEntriesByType('mark')"
                ".map(m => [m.name, m.startTime]))"
            )
            out.append({**marks, "seen": seen})
            b.close()
    return out


SLOW_4G_DOWN_BPS = 1.6e6 / 8
SLOW_4G_UP_BPS = 750e3 / 8
SLOW_4G_LATENCY_S = 0.150
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class SlowLink:
    """A TCP proxy that models one slow link between Chromium and the server: every byte
    crosses it at most at the link's rate (one queue per direction, shared by all connections,
    as on one radio link) and arrives ``latency`` later (half each way). Unlike DevTools' network
    emulation, it also slows the requests of the map's web worker."""

    def __init__(self, target_port: int) -> None:
        import asyncio

        self.target_port = target_port
        self.loop = asyncio.new_event_loop()
        self.free_at = {"down": 0.0, "up": 0.0}
        self.received = 0
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait()

    def _run(self, ready: threading.Event) -> None:
        import asyncio

        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._client, "127.0.0.1", self.port)
        )
        ready.set()
        self.loop.run_until_complete(server.serve_forever())

    async def _pipe(self, reader: Any, writer: Any, way: str) -> None:
        import asyncio

        rate = SLOW_4G_DOWN_BPS if way == "down" else SLOW_4G_UP_BPS
        try:
            while chunk := await reader.read(16_384):
                now = time.monotonic()
                start = max(now, self.free_at[way])
                self.free_at[way] = start + len(chunk) / rate
                await asyncio.sleep(self.free_at[way] + SLOW_4G_LATENCY_S / 2 - now)
                if way == "down":
                    self.received += len(chunk)
                writer.write(chunk)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _client(self, reader: Any, writer: Any) -> None:
        import asyncio

        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        await asyncio.gather(
            self._pipe(reader, up_writer, "up"), self._pipe(up_reader, writer, "down")
        )


def slow_4g_render(url: str, runs: int = 5) -> list[dict[str, float]]:
    """First paint, first map and bytes received of a cold load through the slow link."""
    from playwright.sync_api import sync_playwright

    link = SlowLink(int(url.rsplit(":", 1)[1]))
    slow = f"http://127.0.0.1:{link.port}"
    out = []
    with sync_playwright() as p:
        for _ in range(runs):
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = b.new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            link.received = 0
            page.goto(slow + "/territoires/dep:03")
            page.wait_for_selector("#carte[data-idle]", timeout=120_000)
            # The bytes of the whole map: its background (roads, names) comes after the first
            # render, which the marks time.
            page.wait_for_selector("#carte[data-fond-pret]", timeout=120_000)
            timings = page.evaluate(
                "() => Object.fromEntries(performance.getEntriesByType('paint')"
                ".concat(performance.getEntriesByType('mark'))"
                ".map(m => [m.name, m.startTime]))"
            )
            out.append({**timings, "bytes": float(link.received)})
            b.close()
    return out


def _print_slow_4g(url: str, runs: int) -> None:
    rows = slow_4g_render(url, runs)
    for r in rows:
        print(
            f"  run: first paint {r['first-paint']:.0f} ms, first contentful paint "
            f"{r['first-contentful-paint']:.0f} ms, map script {r['carte-script']:.0f} ms, "
            f"first map {r['carte-rendue']:.0f} ms, {r['bytes'] / 1000:.0f} KB received"
        )
    fp = max(r["first-paint"] for r in rows) / 1000
    first_map = max(r["carte-rendue"] for r in rows) / 1000
    kb = max(r["bytes"] for r in rows) / 1000
    print(f"slow 4G (1.6 Mbit/s, 150 ms, CPU ×4), /territoires/dep:03, {len(rows)} cold loads:")
    print(f"  first paint, worst: {fp:.2f} s (target ≤ 3 s: ratio {fp / 3:.2f})")
    print(f"  first map, worst: {first_map:.2f} s (target ≤ 5 s: ratio {first_map / 5:.2f})")
    print(f"  bytes on the wire, worst: {kb:.0f} KB (target ≤ 600 KB: ratio {kb / 600:.2f})")


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
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1], help="server processes, one run each"
    )
    parser.add_argument(
        "--slow-4g", action="store_true", help="only the cold load under the slow-4G profile"
    )
    parser.add_argument("--runs", type=int, default=5, help="cold loads (--slow-4g)")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    print("client: urllib, one new TCP connection per request, no gzip")
    with tempfile.TemporaryDirectory() as tmp:
        for n, workers in enumerate(args.workers):
            proc, url = _start(Path(tmp), workers)
            try:
                for _ in range(4 * workers):  # compute the data once, warm every worker
                    for e in ENDPOINTS:
                        _get(url + e)
                if args.slow_4g:
                    _print_slow_4g(url, args.runs)
                    return
                if n == 0:
                    _render_and_sizes(url)
                lat = load(url, args.clients, args.requests)
                print(f"server: {workers} worker process(es), load {os.getloadavg()[0]:.1f}")
                for e, values in lat.items():
                    q = p95(values) * 1000
                    print(
                        f"p95 {e} at {args.clients} clients: {q:.0f} ms over {len(values)} "
                        f"requests (target ≤ 100 ms: ratio {q / 100:.2f})"
                    )
            finally:
                proc.terminate()
                proc.wait(timeout=20)


def _render_and_sizes(url: str) -> None:
    for d, n in sizes(url).items():
        print(f"data {d}: {n / 1000:.0f} KB (target ≤ 500 KB: ratio {n / 500_000:.2f})")
    renders = first_render(url)
    for r in renders:
        print(
            f"  run: script starts {r['carte-script']:.0f} ms, data handed to the map "
            f"{r['carte-donnees']:.0f} ms, first idle frame {r['carte-rendue']:.0f} ms "
            f"(seen by the driver after {r['seen']:.0f} ms)"
        )
    worst = max(r["carte-rendue"] for r in renders) / 1000
    best = min(r["carte-rendue"] for r in renders) / 1000
    print(
        f"first map render dep:03, cold Chromium, navigation start to first idle frame, "
        f"{len(renders)} runs: {best:.2f}–{worst:.2f} s (target ≤ 2 s: ratio {worst / 2:.2f})"
    )


if __name__ == "__main__":
    main()
