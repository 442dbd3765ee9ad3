"""A real `proxisante serve --demo` subprocess for the browser tests, and a Chromium to drive it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def demo_server(
    home: Path,
    ready_path: str,
    extra_env: Mapping[str, str] | None = None,
    timeout_s: float = 90,
) -> Iterator[str]:
    """Start the demo server in ``home`` (its home ``home/home``, its log ``home/server.log``);
    yield its URL once ``ready_path`` answers 200."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROXISANTE_")}
    env["PROXISANTE_HOME"] = str(home / "home")
    env.update(extra_env or {})
    log = home / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "proxisante", "serve", "--demo", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(url + ready_path, timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("server did not start:\n" + log.read_text())
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# The demo accounts that need a TOTP code (coordination and administration).
TOTP_ACCOUNTS = frozenset({"coordination", "admin"})


def demo_login(page: Any, url: str, username: str, password: str, query: str = "") -> None:
    """Log in on the demo's login page with the TOTP code it shows for the account.

    A code is usable once: when two logins of the same account came within one 30 s step, the
    page shows no code until the next step; then this waits for it rather than submitting an
    empty code (a failed login that would surface later as a missing page)."""
    code = ""
    for _attempt in range(3):
        page.goto(f"{url}/login{query}")
        if username not in TOTP_ACCOUNTS:
            break  # no second factor (every demo doctor is not on the page's list)
        row = page.locator("tr", has_text=username).first
        code = row.locator("td").nth(3).inner_text().strip()
        if code:
            break
        time.sleep(30 - time.time() % 30 + 1)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    if code:
        page.fill("input[name=totp]", code)
    page.click("form[data-testid=login] button[type=submit]")
    page.wait_for_load_state()


CHROMIUM = "/usr/bin/chromium"  # Debian's Chromium, never a downloaded browser
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def shot(page: Any, name: str) -> None:
    """A full-page screenshot in ``$PROXISANTE_SCREENSHOTS`` (set it to look at the pages)."""
    folder = os.environ.get("PROXISANTE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page (the copy served by the app), each with 3 targets."""
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
