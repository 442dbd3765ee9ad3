"""Real Chromium on /api/v1/docs: Swagger UI renders under the app's strict CSP and every
request of the page goes to the server itself (no CDN, works offline)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from proxisante.config import Settings
from proxisante.store.migrate import upgrade
from proxisante.web.app import create_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'docs.db'}"
    upgrade(url)
    app = create_app(Settings(home=tmp_path, database_url=url))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=20)
    app.state.engine.dispose()


def test_swagger_ui_renders_from_this_server_only(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    requested: list[str] = []
    console: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("request", lambda r: requested.append(r.url))
        page.on("console", lambda m: console.append(m.text))
        page.goto(server + "/api/v1/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("ProxiSanté")
        expect(page.locator(".opblock-summary-path").first).to_be_visible()
        browser.close()
    foreign = [u for u in requested if not u.startswith((server, "data:"))]
    assert not foreign, foreign
    assert not [c for c in console if "Content Security Policy" in c], console
