"""Public web endpoints inside the process: CPU per request of the app alone (no TCP, no
uvicorn), then 50 concurrent callers on one event loop (p95 per endpoint).

The app is built as ``proxisante serve --demo`` builds it, in a fresh home (or
``--home DIR`` to reuse its map cache); each endpoint is asked once before measuring. Requests
are plain ASGI calls. Compare with ``benchmarks/web.py`` (real server, real sockets): the
difference is uvicorn, HTTP and TCP.

Run: ``.venv/bin/python benchmarks/web_app.py [--requests 500] [--clients 50] [--home DIR]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from web import ENDPOINTS, p95


def build_app(home: Path) -> Any:
    for k in [k for k in os.environ if k.startswith("PROXISANTE_")]:
        del os.environ[k]
    os.environ["PROXISANTE_HOME"] = str(home)
    from proxisante.bootstrap import bootstrap
    from proxisante.bootstrap.demo import prepare_demo
    from proxisante.config import Settings
    from proxisante.web.app import create_app

    settings, demo = prepare_demo(Settings.from_environ(os.environ))
    # as serve: the root builds the one provider, the registry's travel over the same object
    return create_app(settings, root=bootstrap(settings), demo=demo)


async def call(app: Any, endpoint: str) -> int:
    path, _sep, query = endpoint.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 1),
        "server": ("localhost", 80),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    await app(scope, receive, send)
    return status


async def measure(app: Any, requests: int, clients: int) -> None:
    for e in ENDPOINTS:
        if await call(app, e) != 200:
            raise SystemExit(f"{e}: not a 200")
    for e in ENDPOINTS:
        cpu = time.process_time()
        for _ in range(requests):
            await call(app, e)
        print(f"CPU {e}: {(time.process_time() - cpu) / requests * 1000:.3f} ms a request")
    lat: dict[str, list[float]] = {e: [] for e in ENDPOINTS}

    async def client(k: int) -> None:
        for i in range(20):
            e = ENDPOINTS[(k + i) % len(ENDPOINTS)]
            t0 = time.perf_counter()
            await call(app, e)
            lat[e].append(time.perf_counter() - t0)

    await asyncio.gather(*(client(k) for k in range(clients)))
    for e, values in lat.items():
        print(
            f"p95 {e} at {clients} concurrent callers: {p95(values) * 1000:.1f} ms "
            f"(median {statistics.median(values) * 1000:.1f} ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="requests per endpoint")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--home", type=Path, default=None)
    args = parser.parse_args()
    print(f"load {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        app = build_app(args.home or Path(tmp))
        asyncio.run(measure(app, args.requests, args.clients))


if __name__ == "__main__":
    main()
