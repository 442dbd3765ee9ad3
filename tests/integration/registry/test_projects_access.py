"""Projects: every new route × every role (other territory → 404, elected → read only,
anonymous → only the public pages), and the matrix covers every new API route."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from proxisante.actor import Actor
from proxisante.bootstrap.services import project_service
from proxisante.projects.validate import MilestoneInput, ProjectInput
from proxisante.store.accounts.users import create_user
from proxisante.store.db import transaction
from tests.travel import national

from .conftest import NOW, Web  # type: ignore[import-not-found]

ROLES = ["anon", "coord", "coord2", "pro", "pro2", "helper", "analyst", "elected", "admin"]
READERS = {"coord": 200, "analyst": 200, "elected": 200, "admin": 200}
PROJECT = {
    "title": "Maison de santé de Dompierre",
    "kind": "msp",
    "territory": "200071470",
    "nature": "immobilier",
    "end": "2028-12-31",
    "public": True,
    "territory_id": "t1",
}


@dataclass(frozen=True)
class Seeded:
    web: Web
    tokens: dict[str, str]
    pid: int
    mid: int


def seed_project(web: Web) -> Seeded:
    with transaction(web.factory) as s:
        uid = create_user(
            s, username="elu", password_hash="x", role="elected", territory_id="t1", now=NOW
        ).id
        svc = project_service(s, lambda: NOW, national())
        coord = Actor(web.seed.users["coord"], "coordinator", "t1")
        project = svc.create(
            coord,
            ProjectInput(
                title="MSP", kind="msp", territory="200071470", nature="immobilier", public=True
            ),
        )
        milestone = svc.add_milestone(coord, project.id, MilestoneInput("Étude", "2027-01-31"))
    tokens = dict(web.tokens)
    tokens["elected"] = web.client.app.state.tokens.issue(uid)  # type: ignore[attr-defined]
    assert milestone.id is not None
    return Seeded(web, tokens, project.id, milestone.id)


@pytest.fixture
def seeded(web: Web) -> Seeded:
    return seed_project(web)


def _x(default: int, **by_role: int) -> dict[str, int]:
    out = dict.fromkeys(ROLES, default)
    out["anon"] = 401
    out.update(by_role)
    return out


def api_routes(pid: int, mid: int) -> list[tuple[str, str, Any, dict[str, int]]]:
    manage = {"coord": 200, "coord2": 404, "analyst": 200, "admin": 200}
    read = {**READERS, "coord2": 404}
    return [
        ("GET", "/api/v1/projects", None, _x(403, **READERS, coord2=200)),
        (
            "POST",
            "/api/v1/projects",
            PROJECT,
            _x(403, coord=201, coord2=201, analyst=201, admin=201),
        ),
        ("GET", f"/api/v1/projects/{pid}", None, _x(403, **read)),
        ("PUT", f"/api/v1/projects/{pid}", PROJECT, _x(403, **manage)),
        (
            "POST",
            f"/api/v1/projects/{pid}/milestones",
            {"title": "Permis", "due": "2027-06-30"},
            _x(403, coord=201, coord2=404, analyst=201, admin=201),
        ),
        (
            "POST",
            f"/api/v1/projects/{pid}/milestones/{mid}/done",
            {"done": True},
            _x(403, coord=204, coord2=404, analyst=204, admin=204),
        ),
        (
            "POST",
            f"/api/v1/projects/{pid}/status",
            {"stage": "projet", "status": "en-cours"},
            _x(403, **manage),
        ),
        ("GET", f"/api/v1/projects/{pid}/snapshots", None, _x(403, **read)),
        ("POST", f"/api/v1/projects/{pid}/snapshots", None, _x(403, **manage)),
        ("GET", f"/api/v1/projects/{pid}/evaluation", None, _x(403, **read)),
        ("GET", "/api/v1/public/projects", None, _x(200, anon=200)),
        ("GET", f"/api/v1/public/projects/{pid}", None, _x(200, anon=200)),
    ]


def page_routes(pid: int, mid: int) -> list[tuple[str, str, Any, dict[str, int]]]:
    read = {**READERS, "coord2": 404}
    manage_get = {"coord": 200, "coord2": 200, "analyst": 200, "admin": 200}
    post_ok = {"coord": 303, "coord2": 404, "analyst": 303, "admin": 303}
    form = {
        "title": "MSP",
        "kind": "msp",
        "territory": "200071470",
        "nature": "immobilier",
    }
    return [
        ("GET", "/projets", None, _x(200, anon=200)),
        ("GET", f"/projets/{pid}", None, _x(200, anon=200)),
        ("GET", "/registre/chiffres", None, _x(200, anon=200)),
        ("GET", "/registre/chiffres.csv?territoire=t1", None, _x(200, anon=200)),
        ("GET", "/espace/projets", None, _x(403, anon=303, **READERS, coord2=200)),
        ("GET", f"/espace/projets/{pid}", None, _x(403, anon=303, **read)),
        ("GET", "/espace/projets/nouveau", None, _x(403, anon=303, **manage_get)),
        (
            "GET",
            f"/espace/projets/{pid}/modifier",
            None,
            _x(403, anon=303, coord=200, coord2=404, analyst=200, admin=200),
        ),
        (
            "POST",
            "/espace/projets/nouveau",
            form,
            # an administrator has no registry territory of their own: refused with a message
            _x(403, anon=303, coord=303, coord2=303, analyst=303, admin=400),
        ),
        ("POST", f"/espace/projets/{pid}/modifier", form, _x(403, anon=303, **post_ok)),
        (
            "POST",
            f"/espace/projets/{pid}/jalons",
            {"title": "Permis", "due": "2027-06-30"},
            _x(403, anon=303, **post_ok),
        ),
        (
            "POST",
            f"/espace/projets/{pid}/jalons/{mid}/fait",
            {"done": "1"},
            _x(403, anon=303, **post_ok),
        ),
        (
            "POST",
            f"/espace/projets/{pid}/statut",
            {"stage": "projet", "status": "en-cours"},
            _x(403, anon=303, **post_ok),
        ),
        ("POST", f"/espace/projets/{pid}/releve", {}, _x(403, anon=303, **post_ok)),
    ]


def _call(s: Seeded, role: str, method: str, path: str, body: Any) -> Any:
    headers = {} if role == "anon" else {"Authorization": f"Bearer {s.tokens[role]}"}
    client = s.web.client
    if path.startswith("/espace") and method == "POST":
        csrf = "" if role == "anon" else client.app.state.tokens.csrf(s.tokens[role])  # type: ignore[attr-defined]
        return client.post(
            path, data={**body, "csrf": csrf}, headers=headers, follow_redirects=False
        )
    return client.request(method, path, json=body, headers=headers, follow_redirects=False)


N_API, N_PAGES = 12, 14


@pytest.mark.parametrize("index", range(N_API + N_PAGES))
def test_role_route_matrix(seeded: Seeded, index: int) -> None:
    routes = api_routes(seeded.pid, seeded.mid) + page_routes(seeded.pid, seeded.mid)
    assert len(routes) == N_API + N_PAGES
    method, path, body, expected = routes[index]
    for role in ROLES:
        response = _call(seeded, role, method, path, body)
        assert response.status_code == expected[role], (method, path, role, response.text[:300])
        if path.startswith("/api/") and response.status_code >= 400:
            assert set(response.json()["error"]) == {"status", "code", "message"}


def test_matrix_covers_every_project_api_route(seeded: Seeded) -> None:
    spec = seeded.web.client.get("/api/v1/openapi.json").json()
    ours = {
        (m.upper(), p)
        for p, ops in spec["paths"].items()
        for m in ops
        if p.startswith(("/api/v1/projects", "/api/v1/public/"))
    }
    listed = {
        (
            m,
            p.replace(f"/milestones/{seeded.mid}/", "/milestones/{mid}/").replace(
                f"/projects/{seeded.pid}", "/projects/{pid}"
            ),
        )
        for m, p, _, _ in api_routes(seeded.pid, seeded.mid)
    }
    assert ours == listed


def test_a_private_project_is_hidden_from_the_public(seeded: Seeded) -> None:
    h = {"Authorization": f"Bearer {seeded.tokens['coord']}"}
    body = {**PROJECT, "public": False}
    c = seeded.web.client
    assert c.put(f"/api/v1/projects/{seeded.pid}", json=body, headers=h).status_code == 200
    assert c.get(f"/projets/{seeded.pid}").status_code == 404
    assert c.get(f"/api/v1/public/projects/{seeded.pid}").status_code == 404
    assert c.get("/api/v1/public/projects").json() == []
    assert "Maison de santé" not in c.get("/projets").text
    he = {"Authorization": f"Bearer {seeded.tokens['elected']}"}
    assert c.get(f"/api/v1/projects/{seeded.pid}", headers=he).json()["draft"]["public"] is False


def test_public_views_do_not_publish_user_ids(seeded: Seeded) -> None:
    c = seeded.web.client
    public = c.get(f"/api/v1/public/projects/{seeded.pid}").json()
    assert public["history"] and all(h["user_id"] is None for h in public["history"])
    assert all(
        h["user_id"] is None for p in c.get("/api/v1/public/projects").json() for h in p["history"]
    )
    h = {"Authorization": f"Bearer {seeded.tokens['coord']}"}
    team = c.get(f"/api/v1/projects/{seeded.pid}", headers=h).json()
    assert team["history"][0]["user_id"] == seeded.web.seed.users["coord"]
