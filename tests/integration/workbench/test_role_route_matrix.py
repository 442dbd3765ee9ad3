"""Every workbench route × every role. Analysts work on any area; coordinators on areas that
hold a commune of their territory (coord2, Moulins, is refused Vichy's); a saved scenario is
its owner's (another allowed user gets 404: its existence is not disclosed)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.workbench.conftest import CHANGES, ROLES, VICHY_CA, Env

S = "{sid}"
AREA = f"/api/v1/planning/territories/{VICHY_CA}"
REFUSED = dict.fromkeys(("pro", "pro2", "reg", "reg2", "helper", "admin"), 403)
ON_AREA = {"anon": 401, "coord2": 403, **REFUSED}
OWNER_ONLY = {"anon": 401, "coord": 404, "coord2": 404, **REFUSED}
CASES: list[tuple[str, str, Any, dict[str, int]]] = [
    ("POST", f"{AREA}/run", {"changes": CHANGES}, ON_AREA),
    ("GET", f"{AREA}/scenarios", None, ON_AREA),
    ("POST", f"{AREA}/scenarios", {"name": "x", "changes": CHANGES}, {**ON_AREA, "*": 201}),
    ("POST", f"{AREA}/siting", {"objective": "mclp", "p": 1, "radius": 10}, ON_AREA),
    ("GET", f"/api/v1/planning/scenarios/{S}", None, OWNER_ONLY),
    ("DELETE", f"/api/v1/planning/scenarios/{S}", None, {**OWNER_ONLY, "*": 204}),
    ("GET", f"/api/v1/planning/compare?ids={S}", None, OWNER_ONLY),
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_matrix(env: Env, case: int) -> None:
    method, path, body, table = CASES[case]
    failures = []
    for who in ROLES:
        sid = env.reset()
        r = env.call(who, method, path.replace(S, str(sid)), body)
        want = table.get(who, table.get("*", 200))
        if r.status_code != want:
            failures.append(f"{who}: {r.status_code} ≠ {want} ({r.text[:160]})")
    assert not failures, "\n".join(failures)


def test_matrix_covers_every_planning_route(env: Env) -> None:
    """A new workbench route cannot land without a row above."""
    spec = env.client.get("/api/v1/openapi.json").json()
    served = {
        (method.upper(), path)
        for path, ops in spec["paths"].items()
        if path.startswith("/api/v1/planning")
        for method in ops
    }
    listed = {
        (m, p.split("?")[0].replace(S, "{sid}").replace(VICHY_CA, "{code}")) for m, p, _, _ in CASES
    }
    assert served - listed == set()
