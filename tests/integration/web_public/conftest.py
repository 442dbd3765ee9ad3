"""A web app for the public pages (no login, no database rows needed), shared by the module's
tests; its map cache lives in a temporary home."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from proxisante.config import Settings
from proxisante.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def public_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("public-home")


@pytest.fixture(scope="session")
def client(public_home: Path) -> Iterator[TestClient]:
    settings = Settings(home=public_home, database_url=f"sqlite:///{public_home / 'db.sqlite'}")
    app = create_app(settings, secret_key="k" * 32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield TestClient(app)


@pytest.fixture(autouse=True)
def _fresh_cookies(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts without the cookies an earlier one left on the shared client (a page
    visited with ``?lang=de`` remembers the language in a cookie)."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()
    yield
