"""Hostile input at the edge of every route (issue 20): integers beyond 64 bits, NUL characters in
forms and JSON, a rota period in year 9999 — each a 4xx naming the input, the same on SQLite and
PostgreSQL (``web_any``), nothing stored; and the security headers on every answer, errors
included."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import func, select

from proxisante.config import Settings
from proxisante.store.migrate import upgrade
from proxisante.store.portal import PortalItemRow
from proxisante.store.projects.models import StatusChangeRow
from proxisante.store.registry.models import PatientRow
from proxisante.web.app import create_app
from proxisante.web.input_guard import INT64_MAX, INT64_MIN

from .conftest import Web  # type: ignore[import-not-found]
from .test_projects_access import seed_project  # type: ignore[import-not-found]

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BIG = "99999999999999999999"  # the issue's value: above 2**63 - 1


def _auth(web: Web, who: str = "coord") -> dict[str, str]:
    return {"Authorization": f"Bearer {web.tokens[who]}"}


def _count(web: Web, model: Any) -> int:
    with web.factory() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _error(r: Any, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    message: str = body["error"]["message"]
    return message


def _api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every APIRoute of the app, those of included routers too."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            for context in contexts():
                if isinstance(context.original_route, APIRoute):
                    yield context.original_route


def _int_parameters(web: Web) -> list[tuple[str, str, str, str]]:
    """``(method, path, location, name)`` for each integer path or query parameter of every
    route (pages and API), read from the routes' own signatures."""
    from proxisante.web.input_guard import _is_int

    out = []
    for route in _api_routes(web.client.app.routes):  # type: ignore[attr-defined]
        stack = [route.dependant]
        found = []
        while stack:
            dep = stack.pop()
            found += [
                ("path", f.alias) for f in dep.path_params if _is_int(f.field_info.annotation)
            ]
            found += [
                ("query", f.alias) for f in dep.query_params if _is_int(f.field_info.annotation)
            ]
            stack.extend(dep.dependencies)
        for method in sorted(route.methods or ()):
            out += [(method, route.path, where, name) for where, name in found]
    return out


def _url(path: str, where: str, name: str, value: str) -> str:
    filled = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: value if m.group(1) == name else "t1", path)
    if where == "query":
        filled += f"?{name}={value}"
    return filled


def test_the_issue_routes_have_integer_parameters(web: Web) -> None:
    """The routes of the reproduction are among those the bound test below walks."""
    params = {(m, p, n) for m, p, _w, n in _int_parameters(web)}
    for expected in [
        ("GET", "/projets/{pid}", "pid"),
        ("POST", "/api/v1/projects/{pid}/milestones/{mid}/done", "mid"),
        ("POST", "/api/v1/projects/{pid}/status", "pid"),
        ("POST", "/api/v1/projects/{pid}/snapshots", "pid"),
        ("POST", "/api/v1/rota/{rota_id}/swaps/{swap_id}/accept", "swap_id"),
        ("POST", "/api/v1/rota/{rota_id}/swaps/{swap_id}/refuse", "swap_id"),
        ("PUT", "/api/v1/portail/contenus/{item_id}", "item_id"),
        ("DELETE", "/api/v1/portail/contenus/{item_id}", "item_id"),
        ("GET", "/api/v1/territories/{tid}/patients", "offset"),
    ]:
        assert expected in params, expected
    assert len(params) > 40


@pytest.mark.parametrize(
    "value", [str(INT64_MAX + 1), BIG, str(INT64_MIN - 1), "-" + BIG, "1" + "0" * 400]
)
def test_every_integer_parameter_beyond_64_bits_is_a_422_naming_it(
    web_any: Web, value: str
) -> None:
    for method, path, where, name in _int_parameters(web_any):
        url = _url(path, where, name, value)
        sessions = [{}, _auth(web_any, "coord"), _auth(web_any, "admin")]
        for headers in sessions if value == str(INT64_MAX + 1) else sessions[1:2]:
            r = web_any.client.request(method, url, headers=headers, follow_redirects=False)
            message = _error(r, 422)
            assert f"{where}.{name}" in message and "hors limites" in message, (method, url)
            assert "9\xa0223\xa0372\xa0036\xa0854\xa0775\xa0807" in message


def test_the_largest_64_bit_integers_are_no_5xx(web_any: Web) -> None:
    """At the bounds themselves the routes answer as for any unknown id (404, 400 …), never 5xx
    (PostgreSQL's 32-bit id columns refuse them: a 400 from the database's refusal)."""
    for method, path, where, name in _int_parameters(web_any):
        for value in (str(INT64_MAX), str(INT64_MIN)):
            url = _url(path, where, name, value)
            r = web_any.client.request(method, url, headers=_auth(web_any), follow_redirects=False)
            assert r.status_code < 500, (method, url, r.text[:200])


def test_the_issue_reproductions(web_any: Web) -> None:
    web = web_any
    message = _error(web.client.get(f"/projets/{BIG}"), 422)  # anonymous
    assert message.startswith("Requête invalide : path.pid : nombre entier hors limites")
    r = web.client.get(f"/api/v1/territories/t1/patients?offset={BIG}", headers=_auth(web))
    assert "query.offset" in _error(r, 422)
    r = web.client.get(f"/api/v1/territories/t1/patients?offset={INT64_MAX}", headers=_auth(web))
    assert r.status_code == 200, r.text[:200]
    for method, url in [
        ("POST", f"/api/v1/rota/1/swaps/{BIG}/accept"),
        ("POST", f"/api/v1/rota/1/swaps/{BIG}/refuse"),
        ("PUT", f"/api/v1/portail/contenus/{BIG}"),
        ("DELETE", f"/api/v1/portail/contenus/{BIG}"),
        ("POST", f"/api/v1/projects/{BIG}/status"),
        ("POST", f"/api/v1/projects/{BIG}/snapshots"),
        ("POST", f"/api/v1/projects/1/milestones/{BIG}/done"),
    ]:
        assert "hors limites" in _error(web.client.request(method, url, headers=_auth(web)), 422)


def test_integers_beyond_64_bits_in_json_bodies_are_refused(web_any: Web) -> None:
    web = web_any
    seeded = seed_project(web)
    r = web.client.post(
        f"/api/v1/projects/{seeded.pid}/milestones",
        json={"title": "Jalon", "due": "2027-06-30", "x": int(BIG)},
        headers=_auth(web),
    )
    assert "body.x" in _error(r, 422)
    r = web.client.post(
        "/api/v1/territories/t1/patients",
        json={"last_name": "A", "languages": ["fr", [1, -int(BIG)]]},
        headers=_auth(web),
    )
    assert "body.languages[1][1]" in _error(r, 422)


# ---------------------------------------------------------------- NUL characters

PERSON = {
    "commune": "Vichy",
    "last_name": "Kervadec",
    "first_name": "Ondine",
    "birth_date": "14/07/1956",
    "phone": "06 11 22 33 44",
    "consent": "1",
}


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.mark.parametrize("field", ["last_name", "first_name", "phone", "commune"])
def test_nul_in_the_inscription_form_is_400_naming_the_field(web_any: Web, field: str) -> None:
    before = _count(web_any, PatientRow)
    r = web_any.client.post("/inscription", data={**PERSON, field: "Ab\x00c"})
    assert f"body.{field}" in _error(r, 400) and "NUL" in r.json()["error"]["message"]
    assert _count(web_any, PatientRow) == before
    done = web_any.client.post("/inscription", data=PERSON)  # the same form without the NUL
    assert done.status_code == 201, done.text[:300]
    assert _count(web_any, PatientRow) == before + 1


def test_nul_in_a_project_note_is_400_on_the_page_and_the_api(web_any: Web) -> None:
    web = web_any
    pid = seed_project(web).pid
    page = web.client.get(f"/espace/projets/{pid}", headers=_auth(web))
    assert page.status_code == 200
    form = {"csrf": _csrf(page.text), "stage": "projet", "status": "en-cours", "note": "a\x00b"}
    r = web.client.post(f"/espace/projets/{pid}/statut", data=form, headers=_auth(web))
    assert "body.note" in _error(r, 400)
    r = web.client.post(
        f"/api/v1/projects/{pid}/status",
        json={"stage": "projet", "status": "en-cours", "note": "a\x00b"},
        headers=_auth(web),
    )
    assert "body.note" in _error(r, 400)
    r = web.client.post(
        f"/espace/projets/{pid}/statut",
        data={**form, "note": "sans caractère nul"},
        headers=_auth(web),
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text[:300]
    with web.factory() as s:
        notes = [c.note for c in s.scalars(select(StatusChangeRow))]
    assert "sans caractère nul" in notes and not any("\x00" in n for n in notes)


def test_nul_in_a_portal_form_and_a_scenario_name_is_400(web_any: Web) -> None:
    web = web_any
    before = _count(web, PortalItemRow)
    form = {"csrf": "0" * 64, "kind": "annonce", "title": "Titre\x00", "body": "Texte"}
    r = web.client.post("/espace/portail/nouveau", data=form, headers=_auth(web))
    assert "body.title" in _error(r, 400)
    r = web.client.post("/espace/portail/nouveau", data={**form, "title": "T", "x\x00": "1"})
    assert "NUL" in _error(r, 400)
    r = web.client.post(
        "/api/v1/portail/contenus", json={"kind": "annonce", "title": "T\x00"}, headers=_auth(web)
    )
    assert "body.title" in _error(r, 400)
    assert _count(web, PortalItemRow) == before
    r = web.client.post(
        "/api/v1/planning/territories/200071363/scenarios",
        json={"name": "Scénario\x00", "changes": []},
        headers=_auth(web, "analyst"),
    )
    assert "body.name" in _error(r, 400)
    r = web.client.post(
        "/api/v1/planning/territories/200071363/scenarios",
        json={"name": "ok", "changes": [], "n\x00": 1},
        headers=_auth(web, "analyst"),
    )
    assert "NUL" in _error(r, 400)


# ---------------------------------------------------------------- rota period in year 9999

YEAR_9999 = """\
period: {start: 9999-12-01, end: 9999-12-31}
country: FR
shift_types:
  - {code: nuit, label: Nuit, start: "20:00", end: "08:00", weight: 2, night: true,
     days: [weekday, saturday, sunday, holiday, bridge]}
sectors:
  - {code: S1, name: Moulins, communes: ["03190", "03321"]}
doctors:
  - {id: D1, name: "Dr Fictif A", sector: S1, max_shifts: 40}
"""


def test_a_rota_period_in_year_9999_is_a_4xx_with_a_message(web_any: Web) -> None:
    r = web_any.client.post(
        "/api/v1/rota/territories/t1",
        json={"description": YEAR_9999, "label": "an 9999"},
        headers=_auth(web_any),
    )
    assert 400 <= r.status_code < 500, (r.status_code, r.text[:300])
    message = r.json()["error"]["message"]
    assert "period" in message and "plage prise en charge" in message
    assert "31 décembre 2099" in message


# ---------------------------------------------------------------- security headers

HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cache-control": "no-store",
}


def _has_security_headers(r: Any) -> None:
    for name, value in HEADERS.items():
        assert r.headers.get(name) == value, (r.status_code, name, dict(r.headers))
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]


def _boom() -> None:
    raise RuntimeError("un bogue")


@pytest.fixture
def crashing(tmp_path: Path) -> Iterator[TestClient]:
    """The real app with one more route that fails (for the 500 answer)."""
    from fastapi import APIRouter

    url = f"sqlite:///{tmp_path / 'x.db'}"
    upgrade(url)
    extra = APIRouter()
    extra.add_api_route("/api/v1/boom", _boom)
    app = create_app(
        Settings(home=tmp_path, database_url=url), extra_routers=[extra], secret_key="s"
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


def test_security_headers_on_every_error_answer(web: Web, crashing: TestClient) -> None:
    c = web.client
    answers = {
        "400 NUL (middleware)": (c.get("/api/v1/territories/t1%00/patients"), 400),
        "400 Content-Length": (c.post("/api/v1/auth/login", headers={"content-length": "x"}), 400),
        "400 NUL form (edge guard)": (c.post("/inscription", data={"last_name": "a\x00"}), 400),
        "400 JSON": (
            c.post(
                "/api/v1/auth/login", content=b"{", headers={"content-type": "application/json"}
            ),
            422,
        ),
        "401": (c.get("/api/v1/territories/t1/patients"), 401),
        "403": (c.get("/api/v1/users", headers=_auth(web, "coord")), 403),
        "404 route": (c.get("/api/v1/nulle-part"), 404),
        "404 page": (c.get("/nulle-part", headers={"accept": "text/html"}), 404),
        "405": (c.delete("/api/v1/auth/login"), 405),
        "413": (
            c.post("/api/v1/auth/login", headers={"content-length": str(50 * 1024 * 1024)}),
            413,
        ),
        "422 validation": (c.get("/projets/abc"), 422),
        "422 bound": (c.get(f"/projets/{BIG}"), 422),
        "500": (crashing.get("/api/v1/boom"), 500),
    }
    for _ in range(6):  # the account lock: 429 with Retry-After
        locked = c.post("/api/v1/auth/login", json={"username": "coord", "password": "faux" * 3})
    answers["429"] = (locked, 429)
    for what, (r, status) in answers.items():
        assert r.status_code == status, (what, r.status_code, r.text[:200])
        _has_security_headers(r)


def test_security_headers_on_normal_answers_are_unchanged(web: Web) -> None:
    _has_security_headers(web.client.get("/api/v1/territories/t1/patients", headers=_auth(web)))
    public = web.client.get("/static/does-not-exist.css")
    assert public.headers["x-frame-options"] == "DENY"
