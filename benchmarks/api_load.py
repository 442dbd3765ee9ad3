"""API under load: a professional's proposals and a coordinator's dashboard (the API's and the
home page's), ``serve`` with several workers, on SQLite and on PostgreSQL.

Target (issue 14): p95 ≤ 50 ms at 200 requests/s on each route; the saturation throughput is
reported. Baseline quoted by the issue: one worker saturated near 145 requests/s on the proposals
route, p99 0.75 s.

Set-up, per backend: a fresh home; the demo CPTS (fictitious, CA Vichy Communauté: its
professionals and patients) in the database — ``serve --demo`` for SQLite, the same data
written into a fresh PostgreSQL database (``PROXISANTE_TEST_PG`` server) for PostgreSQL — and
one matching run so that the professional has proposals; then ``proxisante serve --workers N``
in its own process group. Logins through ``POST /api/v1/auth/login`` (demo passwords and TOTP).

Load, on loopback, from other processes than the server:

- **fixed rate** (open loop): this script started again as a separate Python process
  (``--generate``) sends requests at ``--rate`` per second on keep-alive connections; each
  latency is measured from the request's *scheduled* time, so a slow server is not hidden by a
  waiting client (no coordinated omission);
- **saturation**: ``wrk`` (Debian package ``wrk``; ``apt-get install wrk``), closed loop,
  ``--connections`` connections for ``--seconds`` seconds: requests/s and its latency
  percentiles.

The machine and the sizes are printed beside each figure, with the load average before and
after each measurement (a shared machine inflates the latencies).

Run: ``.venv/bin/python benchmarks/api_load.py [--workers 4] [--rate 200] [--seconds 15]
[--backends sqlite,postgresql] [--connections 32] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROUTES = {
    "proposals (professional)": ("/api/v1/proposals", "medecin1"),
    # The coordinator's dashboard as the API serves it (counts, share attached, recent
    # attachments: identifiers only) and as the coordinator's home page shows it, with the
    # first 200 patients of the list (each shown patient an audited read).
    "dashboard API (coordinator)": (
        "/api/v1/territories/cpts-vichy-demo/dashboard",
        "coordination",
    ),
    "dashboard page (coordinator)": ("/coordination", "coordination"),
}


# ------------------------------------------------------------------ the load generator process


async def _worker(
    host: str,
    port: int,
    request: bytes,
    schedule: asyncio.Queue[float],
    out: list[tuple[float, float, int]],
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    while True:
        due = await schedule.get()
        if due < 0:
            break
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            writer.write(request)
            status = await _read_response(reader)
        except (ConnectionError, asyncio.IncompleteReadError):
            writer.close()
            reader, writer = await asyncio.open_connection(host, port)
            status = 599
        out.append((due, time.perf_counter(), status))
    writer.close()


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = re.search(rb"(?i)content-length:\s*(\d+)", head)
    if length:
        await reader.readexactly(int(length.group(1)))
    else:  # chunked
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status


async def _generate(url: str, headers: list[str], rate: float, seconds: float, conns: int) -> Any:
    m = re.match(r"http://([^:/]+):(\d+)(/.*)", url)
    if m is None:
        raise SystemExit(f"bad url {url}")
    host, port, path = m.group(1), int(m.group(2)), m.group(3)
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}:{port}", *headers, "", ""]
    request = "\r\n".join(lines).encode()
    schedule: asyncio.Queue[float] = asyncio.Queue()
    out: list[tuple[float, float, int]] = []
    start = time.perf_counter() + 0.5
    n = int(rate * seconds)
    for i in range(n):
        schedule.put_nowait(start + i / rate)
    for _ in range(conns):
        schedule.put_nowait(-1.0)
    # Requests are taken in order by whichever connection is free: a connection is busy
    # for the whole of one request, so ``conns`` bounds the requests in flight.
    await asyncio.gather(*(_worker(host, port, request, schedule, out) for _ in range(conns)))
    lat = sorted((done - due) * 1000 for due, done, _ in out)
    errors = sum(1 for *_, s in out if s >= 400)
    span = max(d for _, d, _ in out) - start
    return {
        "requests": len(out),
        "errors": errors,
        "achieved_rps": round(len(out) / span, 1),
        "p50_ms": _pct(lat, 50),
        "p95_ms": _pct(lat, 95),
        "p99_ms": _pct(lat, 99),
        "max_ms": round(lat[-1], 1),
    }


def _pct(sorted_ms: list[float], p: float) -> float:
    k = min(len(sorted_ms) - 1, max(0, round(p / 100 * len(sorted_ms)) - 1))
    return round(sorted_ms[k], 1)


# ------------------------------------------------------------------ server and data


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _http(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})  # noqa: S310
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310 - loopback only
        raw = r.read()
        return json.loads(raw) if r.headers.get_content_type().endswith("json") else raw


def _seed_postgres(url: str) -> None:
    from datetime import UTC, datetime

    from proxisante.accounts.passwords import hash_password
    from proxisante.accounts.totp import new_totp_secret
    from proxisante.bootstrap.demo import demo_communes
    from proxisante.bootstrap.demo_registry import create_demo
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.migrate import upgrade

    upgrade(url)
    engine = make_engine(url)
    try:
        with transaction(make_session_factory(engine)) as session:
            create_demo(
                session,
                communes=demo_communes(),
                now=datetime.now(UTC).replace(tzinfo=None, microsecond=0),
                hash_password=hash_password,
                new_totp_secret=new_totp_secret,
            )
    finally:
        engine.dispose()


def _pg_admin() -> str:
    return os.environ.get("PROXISANTE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def _create_pg_database() -> tuple[str, str]:
    """A fresh database on the ``PROXISANTE_TEST_PG`` server with the demo data: its URL and
    its name."""
    import psycopg
    from sqlalchemy.engine import make_url

    pg_db = f"proxisante_load_{os.getpid()}"
    with psycopg.connect(_pg_admin(), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{pg_db}"')
    url = make_url(_pg_admin()).set(drivername="postgresql+psycopg", database=pg_db)
    text = url.render_as_string(hide_password=False)
    _seed_postgres(text)
    return text, pg_db


def _drop_pg_database(pg_db: str) -> None:
    import psycopg

    with psycopg.connect(_pg_admin(), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')


def _accounts_and_sizes(url: str) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    from sqlalchemy import func, select

    from proxisante.bootstrap.demo_registry import demo_accounts
    from proxisante.store.db import make_engine, make_session_factory
    from proxisante.store.registry.models import (
        AuditRow,
        PatientRow,
        ProfessionalRow,
        ProposalRow,
        UserRow,
    )

    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as s:
            accounts = {a["username"]: a for a in demo_accounts(s)}
            pro = s.scalar(select(UserRow.professional_id).where(UserRow.username == "medecin1"))

            def count(table: Any, *where: Any) -> int:
                return int(s.scalar(select(func.count()).select_from(table).where(*where)) or 0)

            sizes = {
                "patients": count(PatientRow),
                "professionals": count(ProfessionalRow),
                "proposals": count(ProposalRow),
                "proposals_of_medecin1": count(ProposalRow, ProposalRow.professional_id == pro),
                "audit_rows": count(AuditRow),
            }
    finally:
        engine.dispose()
    return accounts, sizes


def _login(base: str, account: dict[str, str]) -> str:
    import pyotp

    body = {"username": account["username"], "password": account["password"]}
    if account.get("totp_secret"):
        body["totp"] = pyotp.TOTP(account["totp_secret"]).now()
    return str(_http("POST", base + "/api/v1/auth/login", body)["token"])


def _start(env: dict[str, str], args: list[str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxisante", "serve", "--port", str(port), *args],
        env=env,
        stdout=subprocess.DEVNULL,
        # The server's own log, for a failing run: API_LOAD_SERVER_LOG=FILE.
        stderr=open(os.environ.get("API_LOAD_SERVER_LOG", os.devnull), "ab"),  # noqa: SIM115
        start_new_session=True,
    )
    for _ in range(900):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5)
            return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("the server did not start") from None
            time.sleep(0.2)
    raise SystemExit("the server did not answer in 180 s")


def _wait_for_warm_up(home: Path, timeout_s: float = 300.0) -> float:
    """Wait for the server's start-up work (the public national map, computed once in the
    background and cached under the home) so that it is not measured as request time; the
    seconds waited."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout_s:
        if any((home / "cache" / "web").glob("geo-*/national.geojson")):
            break
        time.sleep(0.5)
    time.sleep(1.0)  # the other workers read it from the disk
    return round(time.perf_counter() - start, 1)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server and every process of its group (its workers may still be answering
    queued requests after the supervisor has exited: they would share the cores with the next
    measurement)."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    start = time.monotonic()
    while time.monotonic() - start < 60:
        try:
            os.killpg(proc.pid, 0)  # is any process of the group left?
        except ProcessLookupError:
            return
        if time.monotonic() - start > 30:
            os.killpg(proc.pid, signal.SIGKILL)
        time.sleep(0.2)


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _fixed_rate(url: str, token: str, rate: float, seconds: float, conns: int) -> Any:
    cmd = [
        sys.executable,
        __file__,
        "--generate",
        url,
        "--rate",
        str(rate),
        "--seconds",
        str(seconds),
        "--connections",
        str(conns),
        "--header",
        f"Authorization: Bearer {token}",
        "--header",
        f"Cookie: ps_session={token}",
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _saturation(url: str, token: str, seconds: float, conns: int) -> Any:
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"note": "wrk missing (apt-get install wrk)"}
    cmd = [
        wrk,
        "-t2",
        f"-c{conns}",
        f"-d{int(seconds)}s",
        "--latency",
        "-H",
        f"Authorization: Bearer {token}",
        "-H",
        f"Cookie: ps_session={token}",
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    got: dict[str, Any] = {"rps": float(rps.group(1)) if rps else None}
    for p in ("50", "99"):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        if m:
            scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            got[f"p{p}_ms"] = round(float(m.group(1)) * scale, 1)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    got["non_2xx"] = int(non2xx.group(1)) if non2xx else 0
    return got


def _backend(name: str, a: argparse.Namespace) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="proxisante-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROXISANTE_")}
    env["PROXISANTE_HOME"] = str(home)
    pg_db = None
    if name == "sqlite":
        url = f"sqlite:///{home / 'demo.db'}"
        serve_args = ["--demo", "--workers", str(a.workers)]
    else:
        url, pg_db = _create_pg_database()
        env["PROXISANTE_DATABASE_URL"] = url
        serve_args = ["--workers", str(a.workers)]
    port = _free_port()
    proc = _start(env, serve_args, port)
    base = f"http://127.0.0.1:{port}"
    result: dict[str, Any] = {"backend": name, "workers": a.workers}
    result["start_up_warm_up_s"] = _wait_for_warm_up(home)
    try:
        accounts, _ = _accounts_and_sizes(url)
        coord = _login(base, accounts["coordination"])
        csrf = {"Authorization": f"Bearer {coord}"}
        territory = "cpts-vichy-demo"
        _http("POST", f"{base}/api/v1/territories/{territory}/matching", {}, csrf)
        result["sizes"] = _accounts_and_sizes(url)[1]
        for label, (path, who) in ROUTES.items():
            token = coord if who == "coordination" else _login(base, accounts[who])
            url_r = base + path
            for _ in range(20):  # warm-up (imports, caches, connections of every worker)
                _http(
                    "GET",
                    url_r,
                    headers={"Authorization": f"Bearer {token}", "Cookie": f"ps_session={token}"},
                )
            before = _load()
            fixed = _fixed_rate(url_r, token, a.rate, a.seconds, a.connections)
            fixed["load_avg_before"], fixed["load_avg_after"] = before, _load()
            before = _load()
            sat = _saturation(url_r, token, a.seconds, a.connections)
            sat["load_avg_before"], sat["load_avg_after"] = before, _load()
            result[label] = {"at_rate": fixed, "saturation": sat}
            print(f"  {name} {label}: {fixed} | saturation {sat}", flush=True)
    finally:
        _stop(proc)
        shutil.rmtree(home, ignore_errors=True)
        if pg_db is not None:
            _drop_pg_database(pg_db)
    return result


def _machine() -> dict[str, Any]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": platform.python_version(),
        "system": platform.platform(),
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "load_avg_start": _load(),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--rate", type=float, default=200.0)
    p.add_argument("--seconds", type=float, default=15.0)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--generate", metavar="URL", help=argparse.SUPPRESS)
    p.add_argument("--header", action="append", default=[], help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.generate:  # the load generator's own process
        got = asyncio.run(_generate(a.generate, a.header, a.rate, a.seconds, a.connections))
        print(json.dumps(got))
        return
    report: dict[str, Any] = {"machine": _machine(), "target": "p95 <= 50 ms at 200 req/s"}
    print(f"machine: {report['machine']}", flush=True)
    report["runs"] = [_backend(b, a) for b in a.backends.split(",")]
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if a.json:
        Path(a.json).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
