"""Heavy requests on the real server (issue 20): the national siting asked twice at once.

Baseline quoted by the issue (before the limits): ``POST /api/v1/planning/territories/fr/siting
{"objective":"mclp","p":20,"radius":120}`` as an analyst ran 47–57 s and lifted the server from
1.2 GB to 5.1 GB; two at once reached 6.2 GB. Target: an answer 400 or 429 within 2 s, and the
server under 1.5 GB with two such requests in parallel.

Set-up: ``proxisante serve --demo`` (one uvicorn worker) in a fresh home, the demo analyst
(``analyste``) logged in through ``POST /api/v1/auth/login``. Measured: the resident memory of
the server process (with its children) sampled every 20 ms from before the two requests to one
second after their answers, the status and time of each answer; then the same with two
departmental siting requests (``dep:03``, accepted) under ``PROXISANTE_HEAVY_CONCURRENCY=1``:
one is computed, the other answered 429 at once.

Run: ``.venv/bin/python benchmarks/heavy_requests.py [--json out.json]``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil

NATIONAL = ("fr", {"objective": "mclp", "p": 20, "radius": 120})
DEPARTMENT = ("dep:03", {"objective": "mclp", "p": 2, "radius": 20})


def _post(
    url: str, body: dict[str, Any], token: str | None = None
) -> tuple[int, bytes, dict[str, str]]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")  # noqa: S310 - loopback http
    try:
        with urllib.request.urlopen(req, timeout=600) as r:  # noqa: S310
            return r.status, r.read(), {k.lower(): v for k, v in r.headers.items()}
    except urllib.error.HTTPError as e:
        return e.code, e.read(), {k.lower(): v for k, v in e.headers.items()}


def _start(home: Path, env_extra: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROXISANTE_")}
    env |= {"PROXISANTE_HOME": str(home), "PROXISANTE_TICK_INTERVAL_S": "0", **env_extra}
    command = [sys.executable, "-m", "proxisante", "serve", "--demo", "--port", str(port)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(1500):
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5):  # noqa: S310
                return proc, url
        except urllib.error.HTTPError:
            return proc, url  # answering
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def _rss(proc: psutil.Process) -> int:
    total = 0
    for p in (proc, *proc.children(recursive=True)):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def _two_at_once(
    url: str, token: str, server: psutil.Process, case: tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    code, body = case
    answers: list[dict[str, Any]] = []
    peak, stop = [_rss(server)], threading.Event()
    before = peak[0]

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _rss(server))
            time.sleep(0.02)

    def ask() -> None:
        t0 = time.perf_counter()
        status, text, headers = _post(
            f"{url}/api/v1/planning/territories/{code}/siting", body, token
        )
        answers.append(
            {
                "status": status,
                "seconds": round(time.perf_counter() - t0, 3),
                "retry_after": headers.get("retry-after"),
                "message": json.loads(text).get("error", {}).get("message", "")[:160]
                if status >= 400
                else "",
            }
        )

    watcher = threading.Thread(target=sample)
    watcher.start()
    callers = [threading.Thread(target=ask) for _ in range(2)]
    for c in callers:
        c.start()
    for c in callers:
        c.join()
    time.sleep(1.0)
    stop.set()
    watcher.join()
    return {
        "area": code,
        "body": body,
        "answers": sorted(answers, key=lambda a: a["status"]),
        "server_rss_before_mb": round(before / 2**20),
        "server_rss_peak_mb": round(peak[0] / 2**20),
    }


def run(env_extra: dict[str, str], case: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        proc, url = _start(Path(tmp), env_extra)
        try:
            status, text, _h = _post(
                f"{url}/api/v1/auth/login", {"username": "analyste", "password": "demo-analyste"}
            )
            if status != 200:
                raise SystemExit(f"login failed: {status} {text[:200]!r}")
            token = json.loads(text)["token"]
            return _two_at_once(url, token, psutil.Process(proc.pid), case) | {"env": env_extra}
        finally:
            proc.terminate()
            proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    out = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_before": os.getloadavg(),
        },
        "baseline_from_issue": {
            "national_siting_seconds": "47-57",
            "server_rss_one_gb": 5.1,
            "server_rss_two_gb": 6.2,
        },
        "national_two_in_parallel": run({}, NATIONAL),
        "department_two_in_parallel_concurrency_1": run(
            {"PROXISANTE_HEAVY_CONCURRENCY": "1"}, DEPARTMENT
        ),
    }
    text = json.dumps(out, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
