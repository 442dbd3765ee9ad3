"""Operations: ``/healthz`` (database reachable, migrations current) and ``/metrics``
(Prometheus text format, by ``prometheus-client``).

``/healthz`` answers 200 ``{"status": "ok", …}`` or 503 with what is wrong (the database
unreachable, or behind or ahead of this version's migrations); never a personal datum, never
the database's address.

``/metrics`` answers only with the bearer token of ``PROXISANTE_METRICS_TOKEN`` (401 otherwise)
and is 404 without one: the figures say how busy the registry is. It gives

- ``proxisante_http_requests_total{method, route, status}`` and
  ``proxisante_http_request_duration_seconds{method, route}`` (a histogram), counted by
  :class:`RequestMetrics` with the route's *template* (``/api/v1/patients/{pid}``), so that
  identifiers never become labels;
- ``proxisante_outbox_messages{state}`` (waiting, failed, to_check) and
  ``proxisante_matching_runs_total`` / ``proxisante_matching_proposals_total``, read from the
  database at each scrape (the same for every worker).

Several workers (``serve --workers N``): ``serve`` sets ``PROMETHEUS_MULTIPROC_DIR`` before the
workers start, each worker writes its counters there and a scrape, whichever worker answers it,
adds them up (``prometheus_client.multiprocess``).
"""

from __future__ import annotations

import functools
import hmac
import os
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from proxisante import __version__
from proxisante.i18n import _
from proxisante.store.db import READ_ONLY
from proxisante.web.errors import ApiError

router = APIRouter(include_in_schema=False)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
_OWN = CollectorRegistry(auto_describe=True)
REQUESTS = Counter(
    "proxisante_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ["method", "route", "status"],
    registry=_OWN,
)
LATENCY = Histogram(
    "proxisante_http_request_duration_seconds",
    "Time to answer a request, by method and route template.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=_OWN,
)


class RequestMetrics:
    """ASGI middleware: counts each answer and its duration under the route's template."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [500]

        async def send_status(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            route = getattr(scope.get("route"), "path", None) or "(unmatched)"
            method = str(scope.get("method", ""))
            REQUESTS.labels(method, route, str(status[0])).inc()
            LATENCY.labels(method, route).observe(time.perf_counter() - start)


class _DatabaseFigures(Collector):
    """Figures read from the database at each scrape (the same whichever worker answers)."""

    def __init__(self, request: Request) -> None:
        self.app = request.app

    def collect(self) -> Iterator[Metric]:
        from proxisante.store.notify.repository import outbox_summary
        from proxisante.store.registry.models import MatchingRunRow

        state = self.app.state
        box = outbox_summary(
            state.session_factory,
            state.clock(),
            timedelta(seconds=state.settings.outbox_lease_s),
        )
        gauge = GaugeMetricFamily(
            "proxisante_outbox_messages",
            "Notification messages: waiting to be sent, given up, handed without receipt.",
            labels=["state"],
        )
        for key, value in box.items():
            gauge.add_metric([key], value)
        yield gauge
        with state.session_factory() as s:
            runs, proposals = s.execute(
                select(func.count(MatchingRunRow.id), func.sum(MatchingRunRow.n_proposals))
            ).one()
        yield CounterMetricFamily(
            "proxisante_matching_runs", "Matching runs written.", value=int(runs or 0)
        )
        yield CounterMetricFamily(
            "proxisante_matching_proposals",
            "Proposals made by matching runs.",
            value=int(proposals or 0),
        )


class _Own(Collector):
    def collect(self) -> Iterator[Metric]:
        yield from _OWN.collect()


def _check_token(request: Request) -> None:
    token = request.app.state.settings.metrics_token
    if not token:
        raise ApiError(404, _("Ressource introuvable : vérifiez l'adresse."))
    given = request.headers.get("authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise ApiError(
            401,
            _(
                "/metrics demande le jeton de PROXISANTE_METRICS_TOKEN dans l'en-tête "
                "'Authorization: Bearer JETON'."
            ),
        )


@router.get("/metrics")
def metrics(request: Request) -> Response:
    _check_token(request)
    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_Own())
    registry.register(_DatabaseFigures(request))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


@functools.cache
def _expected() -> frozenset[str]:
    from proxisante.store.migrate import expected_heads

    return frozenset(expected_heads())


@router.get("/healthz")
def healthz(request: Request) -> JSONResponse:
    """200 when the database answers and is at this version's migrations, else 503."""
    from alembic.runtime.migration import MigrationContext

    body: dict[str, Any] = {"version": __version__}
    try:
        with request.app.state.engine.connect().execution_options(**{READ_ONLY: True}) as conn:
            current = set(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError as exc:
        body.update(status="unavailable", database="unreachable", error=type(exc).__name__)
        return JSONResponse(body, status_code=503)
    expected = _expected()
    body.update(database="ok", revision=sorted(current), expected=sorted(expected))
    if current == expected:
        return JSONResponse({**body, "status": "ok", "migrations": "current"})
    state = "missing" if not current else ("behind" if current <= _known() else "ahead")
    return JSONResponse({**body, "status": "unavailable", "migrations": state}, status_code=503)


@functools.cache
def _known() -> frozenset[str]:
    """Every revision this version ships (a database at another one is ahead of it)."""
    from alembic.script import ScriptDirectory

    from proxisante.store.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return frozenset(r.revision for r in scripts.walk_revisions())
