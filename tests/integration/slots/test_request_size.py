"""Every route refuses a body over the limit with 413, quickly, in the API's error shape."""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator

import pytest

from proxisante.config import Settings
from proxisante.store.migrate import upgrade
from proxisante.web.app import create_app
from proxisante.web.limits import MAX_BODY_BYTES

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TWENTY_MB = b"x" * (20 * 1024 * 1024)
ROUTES = [
    "/api/v1/auth/login",
    "/api/v1/slots",
    "/api/v1/slots/fhir",
    "/api/v1/slots/some-slot/book",
    "/api/v1/territories/t1/patients",
    "/login",
    "/nowhere",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("limits")
    url = f"sqlite:///{home / 'db.sqlite'}"
    upgrade(url)
    app = create_app(Settings(home=home, database_url=url), secret_key="limits-test")
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()


def _is_413(r: object) -> None:
    assert r.status_code == 413  # type: ignore[attr-defined]
    err = r.json()["error"]  # type: ignore[attr-defined]
    assert err["status"] == 413 and err["code"] == "payload_too_large"
    assert "trop volumineuse" in err["message"] and str(MAX_BODY_BYTES) in err["message"]


@pytest.mark.parametrize("path", ROUTES)
def test_twenty_megabytes_refused_by_length(client: TestClient, path: str) -> None:
    t0 = time.perf_counter()
    r = client.post(path, content=TWENTY_MB, headers={"content-type": "application/json"})
    assert time.perf_counter() - t0 < 2.0
    _is_413(r)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/auth/login", "application/json"),
        ("/api/v1/slots", "application/json"),
        ("/api/v1/slots/fhir", "application/fhir+json"),
        ("/login", "application/x-www-form-urlencoded"),
    ],
)
def test_streamed_body_counted(client: TestClient, path: str, content_type: str) -> None:
    """No Content-Length (chunked): the bytes are counted as they arrive."""

    def chunks() -> Iterator[bytes]:
        for _ in range(20):
            yield b"y" * (1024 * 1024)

    r = client.post(path, content=chunks(), headers={"content-type": content_type})
    _is_413(r)


def test_small_body_passes_and_bad_length_is_400(client: TestClient) -> None:
    r = client.post("/api/v1/auth/login", json={"username": "nobody", "password": "x" * 12})
    assert r.status_code in (401, 422, 429)
    r = client.post("/api/v1/auth/login", content=b"{}", headers={"content-length": "abc"})
    assert r.status_code == 400 and "Content-Length" in r.json()["error"]["message"]
