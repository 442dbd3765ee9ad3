"""Schemathesis over the slot operations, as the roles that may call them: no 5xx.

The whole-API fuzz calls every operation as an administrator, whom the slot writes refuse
before reading the body; here the coordination publishes and the regulation books, so that
generated bodies reach the service. SQLite and PostgreSQL.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from .conftest import Env  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis

MAX_EXAMPLES = 15


def _operations(env: Env) -> dict[str, Any]:
    schema = schemathesis.openapi.from_dict(env.app.openapi())
    return {
        r.ok().label: r.ok()
        for r in schema.get_all_operations()
        if r.ok().path.startswith("/api/v1/slots")
    }


@pytest.mark.slow
def test_no_server_error_on_slot_routes(env: Env) -> None:
    operations = _operations(env)
    assert len(operations) == 8
    for label, operation in sorted(operations.items()):
        _fuzz(env, operation, "reg" if "/book" in label or "/release" in label else "coord")


def _fuzz(env: Env, operation: Any, who: str) -> None:
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        kwargs = case.as_transport_kwargs(headers=env.headers(who))
        r = env.client.request(
            kwargs["method"],
            kwargs["url"],
            params=kwargs.get("params"),
            headers=kwargs.get("headers"),
            json=kwargs.get("json"),
            content=kwargs.get("content") or kwargs.get("data"),
            follow_redirects=False,
        )
        assert r.status_code < 500, (case.method, case.path, r.text[:300])
        if r.status_code >= 400:
            assert set(r.json()) == {"error"}

    check()
