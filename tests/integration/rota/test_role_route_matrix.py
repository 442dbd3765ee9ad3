"""Every new rota route × every role: who may, who gets 401 / 403, and 404 for another
territory's rota (its existence is not disclosed). Each request starts from the seed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.rota.conftest import DESCRIPTION, ROLES, Env, night

# role → expected status; t1 rota; D1 = pro, D2 = pro2
R = "{rota}"
CASES: list[tuple[str, str, Any, dict[str, int]]] = [
    ("GET", "/api/v1/rota", None, {"anon": 401, "helper": 403, "analyst": 403}),
    (
        "GET",
        f"/api/v1/rota/{R}",
        None,
        {"anon": 401, "coord2": 404, "reg2": 404, "helper": 403, "analyst": 403},
    ),
    (
        "GET",
        f"/api/v1/rota/{R}/me",
        None,
        {"anon": 401, "coord2": 404, "reg2": 404, "helper": 403, "analyst": 403},
    ),
    (
        "GET",
        f"/api/v1/rota/{R}/swaps",
        None,
        {"anon": 401, "coord2": 404, "reg2": 404, "helper": 403, "analyst": 403},
    ),
    (
        "POST",
        f"/api/v1/rota/{R}/swaps",
        {"shift_id": night(6), "to_doctor": "D2"},
        {
            "anon": 401,
            "coord": 201,
            "coord2": 404,
            "pro": 201,
            "pro2": 409,
            "reg": 403,
            "reg2": 404,
            "helper": 403,
            "analyst": 403,
            "admin": 403,
        },
    ),
    (
        "POST",
        f"/api/v1/rota/{R}/swaps/preview",
        {"shift_id": night(6), "to_doctor": "D2"},
        {
            "anon": 401,
            "coord": 200,
            "coord2": 404,
            "pro": 200,
            "pro2": 409,
            "reg": 403,
            "reg2": 404,
            "helper": 403,
            "analyst": 403,
            "admin": 403,
        },
    ),
    (
        "POST",
        f"/api/v1/rota/{R}/unavailability",
        {"start": "2027-05-02", "end": "2027-05-02"},
        {
            "anon": 401,
            "coord": 403,
            "coord2": 404,
            "pro": 201,
            "pro2": 201,
            "reg": 403,
            "reg2": 404,
            "helper": 403,
            "analyst": 403,
            "admin": 403,
        },
    ),
    (
        "POST",
        f"/api/v1/rota/{R}/feed",
        None,
        {
            "anon": 401,
            "coord": 403,
            "coord2": 404,
            "pro": 201,
            "pro2": 201,
            "reg": 403,
            "reg2": 404,
            "helper": 403,
            "analyst": 403,
            "admin": 403,
        },
    ),
    (
        "DELETE",
        f"/api/v1/rota/{R}/feed",
        None,
        {
            "anon": 401,
            "coord": 403,
            "coord2": 404,
            "pro": 204,
            "pro2": 204,
            "reg": 403,
            "reg2": 404,
            "helper": 403,
            "analyst": 403,
            "admin": 403,
        },
    ),
    (
        "POST",
        "/api/v1/rota/territories/t1",
        {"description": DESCRIPTION, "time_limit_s": 10},
        {
            "anon": 401,
            "coord": 201,
            "coord2": 404,
            "pro": 403,
            "pro2": 403,
            "reg": 403,
            "reg2": 403,
            "helper": 403,
            "analyst": 403,
            "admin": 403,
        },
    ),
]
DEFAULT_READ = 200


def _expected(method: str, table: dict[str, int], who: str) -> int:
    return table.get(who, DEFAULT_READ)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_matrix(env: Env, case: int) -> None:
    method, path, body, table = CASES[case]
    failures = []
    for who in ROLES:
        env.reset()
        r = env.call(who, method, path.replace(R, str(env.rota_id)), body)
        want = _expected(method, table, who)
        if r.status_code != want:
            failures.append(f"{who}: {r.status_code} ≠ {want} ({r.text[:120]})")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("answer", ["accept", "refuse"])
def test_accept_matrix(env: Env, answer: str) -> None:
    """Only the receiving doctor (or the coordination of the territory) answers a swap."""
    want = {
        "anon": 401,
        "coord": 200,
        "coord2": 404,
        "pro": 403,
        "pro2": 200,
        "reg": 403,
        "reg2": 404,
        "helper": 403,
        "analyst": 403,
        "admin": 403,
    }
    failures = []
    for who in ROLES:
        env.reset()
        made = env.call(
            "pro",
            "POST",
            f"/api/v1/rota/{env.rota_id}/swaps",
            {"shift_id": night(6), "to_doctor": "D2"},
        ).json()
        swap_id = made["swap"]["id"]
        r = env.call(who, "POST", f"/api/v1/rota/{env.rota_id}/swaps/{swap_id}/{answer}")
        if r.status_code != want[who]:
            failures.append(f"{who}: {r.status_code} ≠ {want[who]} ({r.text[:120]})")
    assert not failures, "\n".join(failures)


def test_matrices_cover_every_rota_route(env: Env) -> None:
    """A new rota route cannot land without a row in one of the two matrices above."""
    spec = env.client.get("/api/v1/openapi.json").json()
    served = {
        (method.upper(), path)
        for path, ops in spec["paths"].items()
        if path.startswith("/api/v1/rota")
        for method in ops
    }
    listed = {(m, p.replace(R, "{rota_id}")) for m, p, _, _ in CASES}
    for answer in ("accept", "refuse"):
        listed.add(("POST", f"/api/v1/rota/{{rota_id}}/swaps/{{swap_id}}/{answer}"))
    listed = {(m, p.replace("/territories/t1", "/territories/{territory_id}")) for m, p in listed}
    assert served - listed == set()


FRENCH_KEYS = {"gardes", "medecin_id", "moi", "equite", "echange", "statut", "libelle"}
FRENCH_KEYS |= {"territoire", "publie_le", "charges", "ecart_charge", "de", "a", "en_retour"}


def test_every_rota_route_answers_a_typed_english_keyed_model(env: Env) -> None:
    """Each JSON answer of the rota API has a response model (a schema in the OpenAPI
    document), and no key of those models is one of the French keys they used to have."""
    spec = env.client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    untyped, keys = [], set()
    for path, ops in spec["paths"].items():
        if not path.startswith("/api/v1/rota"):
            continue
        for method, op in ops.items():
            code = next(c for c in op["responses"] if c.startswith("2"))
            if code == "204":
                continue
            schema = op["responses"][code]["content"]["application/json"]["schema"]
            ref = schema.get("$ref") or schema.get("items", {}).get("$ref")
            if ref is None:
                untyped.append(f"{method.upper()} {path}")
                continue
            todo = [ref.rsplit("/", 1)[1]]
            while todo:
                model = schemas[todo.pop()]
                for name, prop in model.get("properties", {}).items():
                    keys.add(name)
                    for sub in (prop, prop.get("items", {}), *prop.get("anyOf", [])):
                        inner = sub.get("$ref") or sub.get("items", {}).get("$ref")
                        if inner:
                            todo.append(inner.rsplit("/", 1)[1])
    assert untyped == []
    assert {"shifts", "doctor_id", "fairness_before", "status"} <= keys
    assert keys & FRENCH_KEYS == set()
