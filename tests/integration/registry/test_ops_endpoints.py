"""``/healthz`` (database reachable, migrations current; 200 or 503 JSON) and ``/metrics``
(Prometheus text, behind its token) on SQLite and PostgreSQL; the JSON log format."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from proxisante.config import Settings
from proxisante.store.migrate import upgrade
from proxisante.web.app import create_app
from proxisante.web.logs import JsonFormatter, logging_config

from .conftest import NOW, Web  # type: ignore[import-not-found]


def _families(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.setdefault(sample.name, []).append((sample.labels, sample.value))
    return out


def test_healthz_ok(web_any: Web) -> None:
    r = web_any.client.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["migrations"] == "current"
    assert body["revision"] == body["expected"]
    assert "@" not in r.text and "sqlite:" not in r.text  # no address of the database


def test_healthz_503_behind_and_unreachable(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0013_capacity_kinds")
    app = create_app(Settings(home=tmp_path, database_url=url), clock=lambda: NOW)
    with TestClient(app) as c:
        r = c.get("/healthz")
    app.state.engine.dispose()
    assert r.status_code == 503
    assert r.json()["migrations"] == "behind" and r.json()["revision"] == ["0013_capacity_kinds"]
    # (no start-up events: the app's start-up reads its key from the database)
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    app = create_app(Settings(home=tmp_path, database_url=empty), clock=lambda: NOW)
    r = TestClient(app).get("/healthz")
    assert r.status_code == 503 and r.json()["migrations"] == "missing"
    app.state.engine.dispose()
    down = "postgresql://postgres@127.0.0.1:1/nowhere"  # nothing listens on port 1
    app = create_app(Settings(home=tmp_path, database_url=down), clock=lambda: NOW)
    r = TestClient(app).get("/healthz")
    assert r.status_code == 503 and r.json()["database"] == "unreachable"
    assert "127.0.0.1" not in r.text


def test_metrics_need_their_token(web: Web, tmp_path: Path) -> None:
    assert web.client.get("/metrics").status_code == 404  # no token set: no metrics
    settings = Settings(
        home=tmp_path, database_url=str(web.factory.kw["bind"].url), metrics_token="s3cret"
    )
    app = create_app(settings, engine=web.factory.kw["bind"], clock=lambda: NOW)
    with TestClient(app) as c:
        assert c.get("/metrics").status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_metrics_count_requests_by_route_template(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    web: Web = request.getfixturevalue("web" if backend == "sqlite" else "web_pg")
    engine = web.factory.kw["bind"]
    settings = Settings(home=tmp_path, database_url=str(engine.url), metrics_token="s3cret")
    app = create_app(settings, engine=engine, clock=lambda: NOW)
    auth = {"Authorization": "Bearer s3cret"}
    coord = {"Authorization": f"Bearer {web.tokens['coord']}"}
    with TestClient(app) as c:
        before = _families(c.get("/metrics", headers=auth).text)
        pid = web.seed.patient_t1
        for _ in range(3):
            assert c.get(f"/api/v1/patients/{pid}", headers=coord).status_code == 200
        assert c.get("/api/v1/patients/999999", headers=coord).status_code == 404
        r = c.get("/metrics", headers=auth)
    assert r.headers["content-type"].startswith("text/plain")
    after = _families(r.text)

    def count(fams: dict[str, list[tuple[dict[str, str], float]]], status: str) -> float:
        return sum(
            v
            for labels, v in fams.get("proxisante_http_requests_total", [])
            if labels == {"method": "GET", "route": "/api/v1/patients/{pid}", "status": status}
        )

    assert count(after, "200") - count(before, "200") == 3
    assert count(after, "404") - count(before, "404") == 1
    routes = {labels["route"] for labels, _ in after["proxisante_http_requests_total"]}
    assert not any(re.search(rf"/{pid}(/|$)", route) for route in routes)  # templates only
    assert any(
        labels.get("route") == "/api/v1/patients/{pid}"
        for labels, _ in after["proxisante_http_request_duration_seconds_bucket"]
    )
    assert after["proxisante_matching_runs_total"][0][1] == 1  # the seed's run
    assert after["proxisante_matching_proposals_total"][0][1] == 2
    states = {labels["state"]: v for labels, v in after["proxisante_outbox_messages"]}
    assert set(states) == {"waiting", "failed", "to_check"} and states["waiting"] >= 1


def test_json_logs_carry_no_exception_text() -> None:
    record = logging.LogRecord("proxisante.x", logging.WARNING, __file__, 1, "tick %d", (3,), None)
    try:
        raise ValueError("Quelvennec 06 12 34 56 78")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "tick 3" and line["exception"] == "ValueError"
    assert line["level"] == "WARNING" and line["logger"] == "proxisante.x"
    assert "Quelvennec" not in JsonFormatter().format(record)
    config = logging_config("json")
    assert config["root"]["level"] == "WARNING"  # never INFO: SQLAlchemy would log SQL
    assert config["loggers"]["proxisante"]["level"] == "INFO"
