"""Server-side sessions (issue 9): bound to one database, revoked at logout, at a password
change and at deactivation, expired after 12 hours; on SQLite and PostgreSQL."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from proxisante.config import Settings
from proxisante.store.db import make_engine, make_session_factory
from proxisante.web.app import create_app

from .conftest import NOW, Web, seed_web  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _login(web: Web, username: str = "helper", password: str = PASSWORD) -> str:
    r = web.client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


@pytest.fixture
def two_apps(db_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, TestClient, Path]]:
    """A ``serve --demo`` database and a production database (SQLite or PostgreSQL) that share
    one PROXISANTE_HOME, each behind its own app."""
    from proxisante.bootstrap.demo import prepare_demo

    home = tmp_path / "home"
    prod_settings = Settings(home=home, database_url=db_url)
    engine = make_engine(db_url)
    seed_web(make_session_factory(engine))  # production users, an admin among them
    demo_settings, demo = prepare_demo(prod_settings)
    demo_app = create_app(demo_settings, demo=demo)
    prod_app = create_app(prod_settings, engine=engine)
    with TestClient(demo_app) as demo_client, TestClient(prod_app) as prod_client:
        yield demo_client, prod_client, home
    demo_app.state.engine.dispose()
    engine.dispose()


@pytest.mark.slow
def test_a_demo_token_or_cookie_is_refused_by_another_database(
    two_apps: tuple[TestClient, TestClient, Path],
) -> None:
    demo, prod, home = two_apps
    r = demo.post("/api/v1/auth/login", json={"username": "medecin1", "password": "demo-medecin"})
    assert r.status_code == 200, r.text
    token = r.json()["token"]
    assert demo.get("/api/v1/me", headers=_bearer(token)).status_code == 200
    # the same token, as a bearer header and as the session cookie, on the production server
    r = prod.get("/api/v1/me", headers=_bearer(token))
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthenticated"
    prod.cookies.set("ps_session", token)
    assert prod.get("/api/v1/me").status_code == 401
    assert prod.get("/api/v1/users").status_code == 401
    assert prod.get("/admin", follow_redirects=False).status_code == 303  # to the login page
    # no signing secret shared through the home folder
    assert not (home / "web-secret").exists()
    demo_secret = demo.app.state.accounts.secret()  # type: ignore[attr-defined]
    prod_secret = prod.app.state.accounts.secret()  # type: ignore[attr-defined]
    assert demo_secret != prod_secret and len(demo_secret) == 32


def test_logout_revokes_the_bearer_token_at_once(web_any: Web) -> None:
    web = web_any
    token = _login(web)
    assert web.client.get("/api/v1/me", headers=_bearer(token)).status_code == 200
    assert web.client.post("/api/v1/auth/logout", headers=_bearer(token)).status_code == 204
    assert web.client.get("/api/v1/me", headers=_bearer(token)).status_code == 401
    other = _login(web)  # another session of the same user is not affected by that logout
    assert web.client.get("/api/v1/me", headers=_bearer(other)).status_code == 200


def test_logout_revokes_the_cookie_at_once(web: Web) -> None:
    r = web.client.post("/api/v1/auth/login", json={"username": "helper", "password": PASSWORD})
    cookie, csrf = r.cookies["ps_session"], r.headers["X-CSRF-Token"]
    assert r.cookies["ps_csrf"] == csrf
    assert web.client.get("/api/v1/me").status_code == 200  # the client now sends the cookie
    assert web.client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    web.client.cookies.set("ps_session", cookie)  # a copy of the old cookie, replayed
    assert web.client.get("/api/v1/me").status_code == 401
    assert web.client.get("/aidant", follow_redirects=False).status_code == 303


def test_page_logout_revokes_the_cookie(web: Web) -> None:
    r = web.client.post(
        "/login", data={"username": "helper", "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303
    cookie = web.client.cookies.get("ps_session")
    page = web.client.get("/aidant")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    out = web.client.post("/logout", data={"csrf": csrf}, follow_redirects=False)
    assert out.status_code == 303
    web.client.cookies.set("ps_session", str(cookie))
    assert web.client.get("/api/v1/me").status_code == 401


def test_deactivation_revokes_every_session_at_once(web_any: Web) -> None:
    web = web_any
    tokens = [_login(web), web.tokens["helper"]]
    admin = _bearer(web.tokens["admin"])
    uid = web.seed.users["helper"]
    assert web.client.post(f"/api/v1/users/{uid}/deactivate", headers=admin).status_code == 204
    for token in tokens:
        assert web.client.get("/api/v1/me", headers=_bearer(token)).status_code == 401
    r = web.client.post("/api/v1/auth/login", json={"username": "helper", "password": PASSWORD})
    assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_credentials"
    actions = [a["action"] for a in web.client.get("/api/v1/audit", headers=admin).json()]
    assert "user.deactivate" in actions


def test_deactivation_is_for_admins_and_checks_its_target(web: Web) -> None:
    admin = _bearer(web.tokens["admin"])
    coord = _bearer(web.tokens["coord"])
    uid = web.seed.users["helper"]
    r = web.client.post(f"/api/v1/users/{uid}/deactivate", headers=coord)
    assert r.status_code == 403
    assert web.client.get("/api/v1/me", headers=_bearer(web.tokens["helper"])).status_code == 200
    r = web.client.post("/api/v1/users/999999/deactivate", headers=admin)
    assert r.status_code == 404 and "introuvable" in r.json()["error"]["message"]
    own = web.seed.users["admin"]
    r = web.client.post(f"/api/v1/users/{own}/deactivate", headers=admin)
    assert r.status_code == 409 and "propre compte" in r.json()["error"]["message"]
    assert web.client.get("/api/v1/me", headers=admin).status_code == 200


def test_password_change_ends_every_session(web_any: Web) -> None:
    web = web_any
    token = _login(web)
    other = web.tokens["helper"]
    body = {"current_password": "wrong password", "new_password": "a brand new passphrase"}
    r = web.client.post("/api/v1/auth/password", json=body, headers=_bearer(token))
    assert r.status_code == 403 and "incorrect" in r.json()["error"]["message"]
    assert web.client.get("/api/v1/me", headers=_bearer(token)).status_code == 200
    body["current_password"] = PASSWORD
    r = web.client.post(
        "/api/v1/auth/password", json={**body, "new_password": "short"}, headers=_bearer(token)
    )
    assert r.status_code == 400 and "Mot de passe refusé" in r.json()["error"]["message"]
    r = web.client.post("/api/v1/auth/password", json=body, headers=_bearer(token))
    assert r.status_code == 204
    for t in (token, other):
        assert web.client.get("/api/v1/me", headers=_bearer(t)).status_code == 401
    old = web.client.post("/api/v1/auth/login", json={"username": "helper", "password": PASSWORD})
    assert old.status_code == 401
    _login(web, password="a brand new passphrase")


def test_sessions_expire_after_twelve_hours(web: Web, tmp_path: Path) -> None:
    now = [NOW]
    db = web.client.app.state.settings.database_url  # type: ignore[attr-defined]
    app = create_app(Settings(home=tmp_path, database_url=db), clock=lambda: now[0])
    token = app.state.tokens.issue(web.seed.users["helper"])
    with TestClient(app) as client:
        assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 200
        now[0] = NOW + timedelta(hours=11, minutes=59)
        assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 200
        now[0] = NOW + timedelta(hours=12)
        assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 401
    app.state.engine.dispose()


def test_tokens_are_random_and_stored_hashed(web: Web) -> None:
    from sqlalchemy import select

    from proxisante.store.accounts.models import SessionRow

    token = _login(web)
    assert len(token) >= 40 and str(web.seed.users["helper"]) != token
    with web.factory() as s:
        ids = list(s.scalars(select(SessionRow.id)))
    assert token not in ids and len(ids) >= 1
