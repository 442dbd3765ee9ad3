"""Schemathesis against the published OpenAPI: no generated request gives a 5xx.

Bounded: a few examples per operation (``MAX_EXAMPLES``), against a fresh seeded database,
on SQLite and on PostgreSQL (which refuses NUL characters SQLite accepts).
"""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from proxisante.config import Settings
from proxisante.web.app import create_app

from .conftest import Web  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis

MAX_EXAMPLES = 10
_spec_app = create_app(
    Settings(home=Path(tempfile.gettempdir()), database_url="sqlite://"), secret_key="spec"
)
SCHEMA = schemathesis.openapi.from_dict(_spec_app.openapi())
OPERATIONS = {r.ok().label: r.ok() for r in SCHEMA.get_all_operations()}


def _call(web: Web, case: Any) -> None:
    role = "pro" if "/professionals/me" in case.path or "/proposals/" in case.path else "admin"
    kwargs = case.as_transport_kwargs(headers={"Authorization": f"Bearer {web.tokens[role]}"})
    response = web.client.request(
        kwargs["method"],
        kwargs["url"],
        params=kwargs.get("params"),
        headers=kwargs.get("headers"),
        json=kwargs.get("json"),
        content=kwargs.get("content") or kwargs.get("data"),
        follow_redirects=False,
    )
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
    if response.status_code >= 400:
        assert set(response.json()) == {"error"}


@pytest.mark.slow
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_server_error(web_any: Web, label: str) -> None:
    web = web_any
    operation = OPERATIONS[label]

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        _call(web, case)

    check()
