"""`proxisante serve --workers N` starts N processes that each build the app (the demo too)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_with_two_workers_answers(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PROXISANTE_HOME": str(tmp_path), "PROXISANTE_TICK_INTERVAL_S": "0"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "proxisante",
            "serve",
            "--demo",
            "--workers",
            "2",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as r:
                    status = r.status
                break
            except OSError:
                time.sleep(0.3)
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
        assert status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
