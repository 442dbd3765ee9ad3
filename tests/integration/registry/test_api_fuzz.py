"""Schemathesis against the published OpenAPI: no generated request gives a 5xx.

Bounded and deterministic in the default suite: a few examples per operation
(``MAX_EXAMPLES``) drawn from a fixed seed (``derandomize=True``), so that CI passes or fails
the same way every time, against a fresh seeded database, on SQLite and on PostgreSQL (which
refuses NUL characters SQLite accepts). ``make fuzz`` (``PROXISANTE_FUZZ=long``) draws many more
examples, randomly, each run a new seed.
"""

from __future__ import annotations

import os
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

LONG = os.environ.get("PROXISANTE_FUZZ") == "long"
MAX_EXAMPLES = int(os.environ.get("PROXISANTE_FUZZ_EXAMPLES", "200")) if LONG else 8
_spec_app = create_app(
    Settings(home=Path(tempfile.gettempdir()), database_url="sqlite://"), secret_key="spec"
)
SCHEMA = schemathesis.openapi.from_dict(_spec_app.openapi())
OPERATIONS = {r.ok().label: r.ok() for r in SCHEMA.get_all_operations()}


def _role(path: str) -> str:
    """The role whose token reaches the handler of this path (not only the role check)."""
    if "/professionals/me" in path or "/proposals/" in path:
        return "pro"
    if path.startswith(("/api/v1/users", "/api/v1/audit")):
        return "admin"
    return "coord"


def _pin(web: Web, case: Any) -> None:
    """Point path parameters at seeded rows, so the handlers run past their 404s."""
    seeded = {"tid": "t1", "pid": web.seed.patient_t1}
    if "/proposals/" in case.path:
        seeded["pid"] = web.seed.proposal_pro
    for name in list(case.path_parameters or {}):
        if name in seeded:
            case.path_parameters[name] = seeded[name]


def _call(web: Web, case: Any, role: str) -> None:
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
    """Each operation: as generated with an admin token, then pinned to seeded rows with the
    token of the role that uses it (coordinator, professional), on SQLite and PostgreSQL."""
    web = web_any
    operation = OPERATIONS[label]

    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=not LONG,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case: Any) -> None:
        _call(web, case, "admin")
        _pin(web, case)
        _call(web, case, _role(case.path))

    check()
