"""Hygiene (issue 9): private files, no-store, CSRF on cookie writes, self-hosted API docs,
and ``serve --demo`` kept on the loopback."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from proxisante.cli.__main__ import main
from proxisante.store.registry.models import PatientRow
from tests.conftest import FIXTURES

from .conftest import Web  # type: ignore[import-not-found]

PASSWORD = "correct horse battery"
ALL_INTERFACES = "0.0.0.0"  # noqa: S104 - the host the demo must refuse
NEW_PATIENT = {
    "commune_code": "03310",
    "last_name": "Nouvel",
    "first_name": "Inscrit",
    "birth_date": "1980-05-01",
    "consent": True,
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _db_files(home: Path, name: str) -> list[Path]:
    return [p for p in home.iterdir() if p.name.startswith(name)]


def test_db_upgrade_leaves_a_private_home_and_database(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert main(["db", "upgrade"], {"PROXISANTE_HOME": str(home)}) == 0
    assert _mode(home) == 0o700
    files = _db_files(home, "proxisante.db")
    assert home / "proxisante.db" in files
    assert {p.name: _mode(p) for p in files} == dict.fromkeys((p.name for p in files), 0o600)


def test_db_upgrade_tightens_an_existing_database(tmp_path: Path) -> None:
    home = tmp_path / "old"
    home.mkdir()
    (home / "proxisante.db").touch(mode=0o644)
    (home / "proxisante.db").chmod(0o644)
    assert main(["db", "upgrade"], {"PROXISANTE_HOME": str(home)}) == 0
    assert _mode(home / "proxisante.db") == 0o600


class _NoServer:
    """Stands for uvicorn.run: records the app instead of serving it."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def __call__(self, app: Any, **kwargs: Any) -> None:
        self.calls.append({"app": app, **kwargs})


def test_serve_leaves_the_database_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    fake = _NoServer()
    monkeypatch.setattr(uvicorn, "run", fake)
    home = tmp_path / "home"
    assert main(["serve"], {"PROXISANTE_HOME": str(home)}) == 0
    assert fake.calls and fake.calls[0]["host"] == "127.0.0.1"
    assert _mode(home) == 0o700
    files = _db_files(home, "proxisante.db")
    assert files and all(_mode(p) == 0o600 for p in files)
    assert not (home / "web-secret").exists()


def test_serve_demo_refuses_a_public_host(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    fake = _NoServer()
    monkeypatch.setattr(uvicorn, "run", fake)
    env = {"PROXISANTE_HOME": str(tmp_path / "home")}
    for host in (ALL_INTERFACES, "192.168.1.10", "::", "example.org"):
        assert main(["serve", "--demo", "--host", host], env) == 2
        err = capsys.readouterr().err
        assert "refusé avec --demo" in err and "--allow-remote-demo" in err
    assert not fake.calls and not (tmp_path / "home" / "demo.db").exists()


@pytest.mark.slow
def test_serve_demo_on_the_loopback_or_when_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    fake = _NoServer()
    monkeypatch.setattr(uvicorn, "run", fake)
    home = tmp_path / "home"
    env = {"PROXISANTE_HOME": str(home)}
    assert main(["serve", "--demo", "--host", "::1"], env) == 0
    assert main(["serve", "--demo", "--host", ALL_INTERFACES, "--allow-remote-demo"], env) == 0
    assert [c["host"] for c in fake.calls] == ["::1", ALL_INTERFACES]
    files = _db_files(home, "demo.db")
    assert files and all(_mode(p) == 0o600 for p in files)


@pytest.fixture
def umask_022() -> Any:
    """The usual umask, under which a plain ``mkdir`` gives 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.slow
@pytest.mark.usefixtures("umask_022")
def test_registry_demo_creates_a_private_home(tmp_path: Path) -> None:
    home = tmp_path / "parent" / "home"  # neither exists yet
    env = {"PROXISANTE_HOME": str(home)}
    assert main(["registry", "match", "--demo", "--dry-run", "--json"], env) == 0
    assert _mode(home) == 0o700
    files = _db_files(home, "demo.db")
    assert home / "demo.db" in files and all(_mode(p) == 0o600 for p in files)


@pytest.mark.usefixtures("umask_022")
def test_data_import_creates_a_private_home(tmp_path: Path) -> None:
    home = tmp_path / "parent" / "home"  # neither exists yet
    env = {"PROXISANTE_HOME": str(home)}
    rpps = FIXTURES / "importers" / "rpps_valid.txt"
    assert main(["data", "import", "rpps", str(rpps)], env) == 0
    assert _mode(home.parent) == 0o700 and _mode(home) == 0o700
    assert _mode(home / "imports") == 0o700
    files = list((home / "imports").iterdir())
    assert files and all(_mode(p) == 0o600 for p in files)


def test_authenticated_answers_are_never_cached(web: Web) -> None:
    bearer = {"Authorization": f"Bearer {web.tokens['coord']}"}
    for response in (
        web.client.get("/api/v1/me", headers=bearer),
        web.client.get(f"/api/v1/patients/{web.seed.patient_t1}", headers=bearer),
        web.client.get("/api/v1/territories/t1/patients", headers=bearer),
        web.client.get("/coordination", headers=bearer),
        web.client.get("/api/v1/me"),  # 401
        web.client.post("/api/v1/auth/login", json={"username": "helper", "password": PASSWORD}),
    ):
        assert response.headers["cache-control"] == "no-store", response.url


def _patients(web: Web) -> int:
    with web.factory() as s:
        return int(s.scalar(select(func.count()).select_from(PatientRow)) or 0)


def test_cookie_writes_need_the_csrf_token_bearer_writes_do_not(web: Web) -> None:
    r = web.client.post("/api/v1/auth/login", json={"username": "helper", "password": PASSWORD})
    csrf = r.headers["X-CSRF-Token"]
    before = _patients(web)
    url = "/api/v1/territories/t1/patients"
    for headers in ({}, {"X-CSRF-Token": "0" * 64}, {"X-CSRF-Token": ""}):
        refused = web.client.post(url, json=NEW_PATIENT, headers=headers)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "csrf_failed"
        assert "X-CSRF-Token" in refused.json()["error"]["message"]
    assert _patients(web) == before  # nothing stored
    assert web.client.get(url).status_code == 200  # reads need no token
    assert web.client.post(url, json=NEW_PATIENT, headers={"X-CSRF-Token": csrf}).status_code == 201
    web.client.cookies.clear()
    bearer = {"Authorization": f"Bearer {web.tokens['helper']}"}
    assert web.client.post(url, json=NEW_PATIENT, headers=bearer).status_code == 201
    assert _patients(web) == before + 2


def test_a_csrf_token_of_another_session_is_refused(web: Web) -> None:
    other = web.client.post(
        "/api/v1/auth/login", json={"username": "analyst", "password": PASSWORD}
    ).headers["X-CSRF-Token"]
    web.client.post("/api/v1/auth/login", json={"username": "helper", "password": PASSWORD})
    r = web.client.post(
        "/api/v1/territories/t1/patients", json=NEW_PATIENT, headers={"X-CSRF-Token": other}
    )
    assert r.status_code == 403


def test_api_docs_load_nothing_from_another_host(web: Web) -> None:
    page = web.client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text and '"//' not in page.text
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any(r.endswith("swagger-ui-bundle.js") for r in refs)
    for ref in refs:
        assert ref.startswith("/api/v1/docs/"), ref
        asset = web.client.get(ref)
        assert asset.status_code == 200 and asset.content, ref
    csp = page.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "http" not in csp
        and "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]
    )
    spec = web.client.get("/api/v1/openapi.json")
    assert spec.status_code == 200 and "/api/v1/auth/login" in spec.json()["paths"]
