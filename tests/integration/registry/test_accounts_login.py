"""Login (issue 9): an atomic, persistent throttle per account and per client address; one
answer for every wrong input; TOTP codes used once; failed logins audited. SQLite and
PostgreSQL."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
import pyotp
import pytest
import uvicorn
from sqlalchemy import func, select

from proxisante.accounts import service
from proxisante.accounts.errors import LoginFailedError, TooManyAttemptsError
from proxisante.config import Settings
from proxisante.store.accounts.models import LoginThrottleRow
from proxisante.store.accounts.repository import SqlAccountStore
from proxisante.store.db import make_engine, make_session_factory
from proxisante.store.migrate import upgrade
from proxisante.store.registry.models import AuditRow
from proxisante.web.app import create_app

from .conftest import NOW, Web, seed_web  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the seeded coordinators' and admin's
N = 50


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(db_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The seeded app behind a real HTTP server (uvicorn, its worker threads)."""
    engine = make_engine(db_url)
    seed_web(make_session_factory(engine))
    app = create_app(Settings(home=tmp_path, database_url=db_url), engine=engine, clock=lambda: NOW)
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    yield f"http://127.0.0.1:{port}", db_url
    srv.should_exit = True
    thread.join(timeout=20)
    engine.dispose()


def _failures_counted(db_url: str) -> tuple[int, int]:
    engine = make_engine(db_url)
    try:
        with make_session_factory(engine)() as s:
            row = s.get(LoginThrottleRow, "account:helper")
            audited = s.scalar(
                select(func.count()).select_from(AuditRow).where(AuditRow.action == "login.failed")
            )
            return (row.failures if row else 0), int(audited or 0)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_fifty_parallel_wrong_passwords_count_at_most_five(
    server: tuple[str, str], tmp_path: Path
) -> None:
    url, db_url = server
    body = {"username": "helper", "password": "wrong password"}
    barrier = threading.Barrier(N)

    def attempt(_: int) -> int:
        with httpx.Client(base_url=url, timeout=60) as client:
            barrier.wait()
            return client.post("/api/v1/auth/login", json=body).status_code

    with ThreadPoolExecutor(N) as pool:
        codes = Counter(pool.map(attempt, range(N)))
    assert set(codes) <= {401, 429}, codes
    assert codes[401] <= 5 and codes[429] >= N - 5, codes
    counted, audited = _failures_counted(db_url)
    assert counted <= 5 and audited <= 5, (counted, audited)
    # the right password while locked: still 429, with a Retry-After
    good = {"username": "helper", "password": PASSWORD}
    r = httpx.post(url + "/api/v1/auth/login", json=good, timeout=60)
    assert r.status_code == 429 and r.json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(r.headers["retry-after"]) <= 15 * 60
    # a restart (a new app on the same database) keeps the lock …
    restarted = create_app(Settings(home=tmp_path, database_url=db_url), clock=lambda: NOW)
    with TestClient(restarted) as client:
        assert client.post("/api/v1/auth/login", json=good).status_code == 429
    restarted.state.engine.dispose()
    # … which ends by itself after 15 minutes (a lock never lasts for ever)
    later = create_app(
        Settings(home=tmp_path, database_url=db_url), clock=lambda: NOW + timedelta(minutes=15)
    )
    with TestClient(later) as client:
        assert client.post("/api/v1/auth/login", json=good).status_code == 200
    later.state.engine.dispose()


def test_burst_then_right_password_is_still_refused(web_any: Web) -> None:
    web = web_any
    bad = {"username": "helper", "password": "wrong password"}
    codes = [web.client.post("/api/v1/auth/login", json=bad).status_code for _ in range(7)]
    assert codes == [401] * 5 + [429] * 2
    r = web.client.post("/api/v1/auth/login", json={**bad, "password": PASSWORD})
    assert r.status_code == 429
    assert "réessayez dans 15 minute(s)" in r.json()["error"]["message"]
    # another account is not locked by it
    r = web.client.post("/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD})
    assert r.status_code == 200


def test_a_totp_code_opens_one_session_only(web_any: Web) -> None:
    web = web_any
    code = pyotp.TOTP(SECRET).now()
    body = {"username": "coord", "password": PASSWORD, "totp": code}
    assert web.client.post("/api/v1/auth/login", json=body).status_code == 200
    replay = web.client.post("/api/v1/auth/login", json=body)
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "invalid_credentials"
    # the same code for another user with the same secret is that user's own first use
    other = web.client.post("/api/v1/auth/login", json={**body, "username": "coord2"})
    assert other.status_code == 200


def test_every_wrong_input_gets_the_same_answer(web_any: Web) -> None:
    web = web_any
    code = pyotp.TOTP(SECRET).now()
    wrong = "000000" if code != "000000" else "111111"
    answers = []
    for body in (
        {"username": "coord", "password": "wrong password", "totp": code},  # wrong password
        {"username": "coord", "password": PASSWORD, "totp": wrong},  # wrong code
        {"username": "coord", "password": PASSWORD},  # no code
        {"username": "nobody-here", "password": PASSWORD, "totp": code},  # unknown user
    ):
        r = web.client.post("/api/v1/auth/login", json=body)
        answers.append((r.status_code, r.json()))
    assert answers[0][0] == 401
    assert all(a == answers[0] for a in answers), answers
    # the HTML login page too
    pages = [
        web.client.post("/login", data=b, follow_redirects=False)
        for b in (
            {"username": "coord2", "password": "wrong password", "totp": code},
            {"username": "coord2", "password": PASSWORD, "totp": wrong},
        )
    ]
    assert pages[0].status_code == pages[1].status_code == 401
    assert pages[0].text == pages[1].text and "Connexion refusée" in pages[0].text


CROSS_SITE = [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "https://other.testserver"},
    {"Origin": "https://evil.example"},  # a browser without Sec-Fetch-*
    {"Origin": "null"},  # a sandboxed frame or a redirect chain
    {"Referer": "https://evil.example/page"},  # neither Sec-Fetch-* nor Origin
]
SAME_SITE = [
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    {"Origin": "http://testserver"},
    {"Referer": "http://testserver/login"},
    {},  # not a browser (a script): no header says where it comes from
]


@pytest.mark.parametrize("headers", CROSS_SITE)
def test_a_login_form_posted_from_another_site_is_refused(
    web: Web, headers: dict[str, str]
) -> None:
    """Login CSRF: another site's form would sign the victim's browser into the attacker's
    account; refused (403), no session, no attempt counted."""
    body = {"username": "helper", "password": PASSWORD}
    r = web.client.post("/login", data=body, headers=headers, follow_redirects=False)
    assert r.status_code == 403
    assert "depuis un autre site" in r.text
    assert "ps_session" not in r.headers.get("set-cookie", "")
    with web.factory() as s:
        audited = s.scalar(
            select(func.count()).select_from(AuditRow).where(AuditRow.action.like("login%"))
        )
    assert audited == 0
    de = web.client.post("/login?lang=de", data=body, headers=headers, follow_redirects=False)
    assert de.status_code == 403 and "von einer anderen Website" in de.text


@pytest.mark.parametrize("headers", SAME_SITE)
def test_a_login_form_of_this_site_signs_in(web: Web, headers: dict[str, str]) -> None:
    body = {"username": "helper", "password": PASSWORD}
    r = web.client.post("/login", data=body, headers=headers, follow_redirects=False)
    assert r.status_code == 303 and "ps_session=" in r.headers["set-cookie"]


def test_the_api_login_takes_no_cross_site_simple_form(web: Web) -> None:
    """A page of another site can post a "simple" body (text/plain, form) without a CORS
    preflight; the API login reads JSON only, so none of them opens a session."""
    raw = json.dumps({"username": "helper", "password": PASSWORD})
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        r = web.client.post(
            "/api/v1/auth/login",
            content=raw,
            headers={"Content-Type": content_type, "Origin": "https://evil.example"},
        )
        assert r.status_code == 422 and "set-cookie" not in r.headers


def test_failed_logins_are_audited_with_identifiers_only(web_any: Web) -> None:
    web = web_any
    secret_typed = "Quelvennec-typed-in-the-wrong-field"
    web.client.post("/api/v1/auth/login", json={"username": "helper", "password": "hunter2-x"})
    web.client.post("/api/v1/auth/login", json={"username": secret_typed, "password": "x"})
    with web.factory() as s:
        rows = list(s.scalars(select(AuditRow).where(AuditRow.action == "login.failed")))
    assert len(rows) == 2
    assert rows[0].user_id == web.seed.users["helper"]
    details = " ".join(r.detail for r in rows)
    assert "hunter2" not in details and secret_typed not in details
    assert "unknown user name" in details


@pytest.mark.slow
def test_one_address_cannot_lock_account_after_account(web_any: Web) -> None:
    """20 failures from one address lock that address (for 15 min, then 30, 60 … ≤ 24 h):
    it can lock at most four accounts per window, and others can still log in."""
    store = SqlAccountStore(web_any.factory)
    attacker = "203.0.113.9"
    for name in ("coord", "coord2", "pro", "pro2"):
        for _ in range(5):
            creds = service.Credentials(name, "wrong password", None, attacker)
            with pytest.raises(LoginFailedError):
                service.login(store, creds, NOW, time.time())
    good = service.Credentials("analyst", PASSWORD, None, attacker)
    with pytest.raises(TooManyAttemptsError):
        service.login(store, good, NOW, time.time())
    # the same user from another address is fine; the locked address stays locked longer
    elsewhere = service.Credentials("analyst", PASSWORD, None, "198.51.100.7")
    assert service.login(store, elsewhere, NOW, time.time()).account.username == "analyst"
    later = NOW + timedelta(minutes=15)
    for i in range(20):  # the address keeps failing after its first lock …
        with contextlib.suppress(LoginFailedError, TooManyAttemptsError):
            service.login(store, service.Credentials(f"x{i}", "y", None, attacker), later, 0)
    with pytest.raises(TooManyAttemptsError) as info:
        service.login(store, good, later, time.time())
    assert info.value.until - later == timedelta(minutes=30)  # … and is locked for longer


def _serve_app(db_url: str, home: Path, proxies: tuple[str, ...]) -> tuple[uvicorn.Server, int]:
    """The seeded app behind uvicorn with the options ``proxisante serve`` gives it."""
    from proxisante.cli.serve import server_options

    engine = make_engine(db_url)
    seed_web(make_session_factory(engine))
    app = create_app(Settings(home=home, database_url=db_url), engine=engine, clock=lambda: NOW)
    options = server_options(proxies, "text")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, **options))
    threading.Thread(target=srv.run, daemon=True).start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    return srv, port


@pytest.mark.slow
@pytest.mark.parametrize(("proxies", "locked"), [((), True), (("127.0.0.1",), False)])
def test_a_local_client_cannot_choose_its_throttle_key(
    tmp_path: Path, proxies: tuple[str, ...], locked: bool
) -> None:
    """``serve`` believes ``X-Forwarded-For`` from nobody by default, the loopback included:
    21 failed logins from 127.0.0.1, each under another forged address and user name, are
    all counted against 127.0.0.1, whose 20-failure lock then answers 429. Only with the
    loopback named as the trusted proxy are the forged addresses believed (the control)."""
    url = f"sqlite:///{tmp_path / 'proxy.db'}"
    upgrade(url)
    srv, port = _serve_app(url, tmp_path, proxies)
    try:
        codes = []
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for i in range(21):
                r = client.post(
                    "/api/v1/auth/login",
                    json={"username": f"nobody-{i}", "password": "wrong password"},
                    headers={"X-Forwarded-For": f"203.0.113.{i + 1}"},
                )
                codes.append(r.status_code)
    finally:
        srv.should_exit = True
    assert codes[:20] == [401] * 20
    assert codes[20] == (429 if locked else 401)
