"""What this machine can check of the deployment (there is no container engine here: ``docker
build`` and ``docker compose config`` are not run):

- the ``Dockerfile`` copies files that exist, builds the assets as ``make setup`` does, runs as a
  user that is not root, starts ``proxisante serve`` with several workers;
- ``compose.yaml`` parses, with the app (several workers), PostgreSQL 15 (the image's client is
  15 too), the migration, the outbox runner, Caddy, the SMTP relay settings, forwarded headers
  trusted from Caddy's address only, and only settings the application reads;
- every ``proxisante`` command of ``docs/how-to/deploy.md`` runs on an empty home;
- ``proxisante serve`` answers ``/healthz`` and believes ``X-Forwarded-For`` only from the
  address given to ``--trusted-proxy`` (none by default), with JSON logs.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from proxisante.cli.__main__ import main
from tests.conftest import REPO, CliResult

GUIDE = REPO / "docs" / "how-to" / "deploy.md"
DOCKERFILE = REPO / "Dockerfile"


def _stages(text: str) -> list[str]:
    return re.split(r"^FROM ", text, flags=re.M)[1:]


def test_the_dockerfile_copies_what_exists_and_mirrors_make_setup() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    assets, app = _stages(text)
    assert assets.startswith("node:") and app.startswith("python:3.11-slim")
    for line in re.findall(r"^COPY (?!--from)(.+)$", text, flags=re.M):
        *sources, _dest = line.split()
        for src in sources:
            assert (REPO / src).exists(), src
    # the same asset files as the Makefile's set-up (MapLibre, DSFR), from the lock file
    make = (REPO / "Makefile").read_text(encoding="utf-8")
    wanted = {p for p in re.findall(r"node_modules/\S+", make) if "axe-core" not in p}
    assert wanted <= set(re.findall(r"node_modules/\S+", assets))
    assert "npm ci" in assets and "scripts/subset_icons.py" in app
    assert "scripts/build_assets.py" in app  # fingerprinted, pre-compressed copies
    user = re.findall(r"^USER (\S+)", text, flags=re.M)
    assert user and user[-1] not in ("root", "0")
    cmd = json.loads(re.findall(r"^CMD (.+)$", text, flags=re.M)[-1])
    assert cmd[0] == "serve" and int(cmd[cmd.index("--workers") + 1]) > 1
    assert "postgresql-client-15" in app and "/healthz" in app


def _settings_read() -> set[str]:
    """Every PROXISANTE_* name the application reads."""
    src = REPO / "src" / "proxisante"
    names: set[str] = set()
    for path in src.rglob("*.py"):
        names.update(re.findall(r"PROXISANTE_[A-Z_]+", path.read_text(encoding="utf-8")))
    return names


def test_the_compose_file_has_the_expected_services() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"db", "migrate", "app", "outbox", "caddy"}
    assert services["db"]["image"] == "postgres:15"
    app = services["app"]
    command = app["command"]
    assert command[0] == "serve" and int(command[command.index("--workers") + 1]) > 1
    env = app["environment"]
    caddy_ip = services["caddy"]["networks"]["internal"]["ipv4_address"]
    assert env["PROXISANTE_TRUSTED_PROXIES"] == caddy_ip
    assert env["PROXISANTE_TICK_INTERVAL_S"] == "0"
    assert "proxisante registry tick" in " ".join(services["outbox"]["command"])
    assert services["migrate"]["command"] == ["db", "upgrade"]
    assert {"PROXISANTE_SMTP_HOST", "PROXISANTE_SMTP_PORT", "PROXISANTE_SMTP_FROM"} <= set(env)
    assert env["PROXISANTE_DATABASE_URL"].startswith("postgresql://")
    unknown = {k for k in env if k.startswith("PROXISANTE_")} - _settings_read()
    assert unknown == set()
    for volume in services["caddy"]["volumes"]:
        if volume.startswith("./"):
            assert (REPO / volume.split(":")[0]).exists(), volume
    caddyfile = (REPO / "deploy" / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy app:8000" in caddyfile and "/metrics" in caddyfile


def _guide_commands() -> list[list[str]]:
    """The arguments of every ``proxisante`` command in the guide's shell blocks, in order."""
    text = GUIDE.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            run = re.search(r"docker compose run --rm app (.+)$", line)
            found = run or re.search(r"(?:^|\s)proxisante\s+(.+)$", line)
            if found:
                out.append(shlex.split(found.group(1), comments=True))
    return out


def test_the_guide_s_commands_run(
    cli: Callable[..., CliResult], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = _guide_commands()
    firsts = {" ".join(c[:2]) for c in commands}
    assert {
        "db upgrade",
        "db backup",
        "db restore",
        "registry add-territory",
        "registry privacy",
        "registry add-user",
        "registry purge",
        "registry tick",
        "serve --host",
    } <= firsts
    serve = next(c for c in commands if c[0] == "serve")
    assert serve[serve.index("--trusted-proxy") + 1] == "127.0.0.1"
    monkeypatch.setenv("PROXISANTE_NEW_PASSWORD", "a long password for the guide")
    (home / "backups").mkdir()
    assert cli("db", "upgrade").code == 0  # the `migrate` service, first
    ran = 0
    for args in commands:
        if args[0] == "serve":
            continue
        args = [a.replace("/var/lib/proxisante", str(home)) for a in args]
        result = cli(*args)
        assert result.code == 0, (args, result.err)
        ran += 1
    assert ran >= 9


def test_a_proxy_setting_that_is_not_an_address_is_refused(home: Path) -> None:
    env = {"PROXISANTE_HOME": str(home), "PROXISANTE_TRUSTED_PROXIES": "*"}
    assert main(["serve"], env) == 2
    assert main(["serve", "--trusted-proxy", "everyone"], {"PROXISANTE_HOME": str(home)}) == 2


# ---------------------------------------------------------------- serve, for real


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(home: Path, *extra: str) -> tuple[int, str, str]:
    """Start ``serve``, get /healthz and a failed login sent with a forged X-Forwarded-For;
    stop it. Returns the health status, the login's audit detail, the server's stderr."""
    port = _free_port()
    env = {**os.environ, "PROXISANTE_HOME": str(home), "PROXISANTE_TICK_INTERVAL_S": "0"}
    env.pop("PROXISANTE_DATABASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxisante", "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        deadline, health = time.monotonic() + 120, 0
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    health = r.status
                break
            except OSError:
                time.sleep(0.3)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/auth/login",
            data=b'{"username": "nobody-here", "password": "wrong password"}',
            headers={"Content-Type": "application/json", "X-Forwarded-For": "203.0.113.7"},
        )
        try:
            urllib.request.urlopen(request, timeout=10)  # noqa: S310 - a literal http URL
        except urllib.error.HTTPError as exc:
            assert exc.code == 401
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    db = sqlite3.connect(home / "proxisante.db")
    detail = db.execute(
        "SELECT detail FROM registry_audit WHERE action = 'login.failed' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    db.close()
    return health, detail, err


@pytest.mark.slow
def test_serve_believes_forwarded_headers_only_from_the_trusted_proxy(home: Path) -> None:
    assert main(["db", "upgrade"], {"PROXISANTE_HOME": str(home)}) == 0
    health, detail, _err = _serve(home)
    assert health == 200
    assert detail.endswith("from 127.0.0.1")  # the header is ignored by default
    health, detail, err = _serve(home, "--trusted-proxy", "127.0.0.1", "--log-format", "json")
    assert health == 200
    assert detail.endswith("from 203.0.113.7")  # believed from the configured proxy
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    assert any("trusted from: 127.0.0.1" in x["message"] for x in lines)
    assert all(set(x) >= {"time", "level", "logger", "message"} for x in lines)
