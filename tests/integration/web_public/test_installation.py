"""The installation portal: content near a commune within a travel time, managed by
coordinators and administrators through the API (validated with clear messages, audited,
nothing stored on refusal), and the demo's FICTITIOUS content."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from proxisante.access.reach import within
from proxisante.config import Settings
from proxisante.portal.demo import demo_items
from proxisante.store.accounts.users import create_user
from proxisante.store.db import transaction
from proxisante.store.migrate import upgrade
from proxisante.store.portal import PortalItemRow, SqlPortalRepository
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow
from proxisante.territory import load_territory
from proxisante.web.app import create_app
from tests.travel import national

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NOW = datetime(2027, 3, 2, 9, 0)
ITEM = {
    "kind": "stage",
    "commune": "03190",
    "title": "Stage (test)",
    "places": 1,
    "supervisor": "Dr Test (fictif)",
}


@dataclass
class Env:
    client: TestClient
    app: Any
    tokens: dict[str, str]

    def post(self, who: str, body: dict[str, Any]) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who in self.tokens else {}
        return self.client.post("/api/v1/portail/contenus", json=body, headers=headers)

    def count(self, model: Any = PortalItemRow) -> int:
        with self.app.state.session_factory() as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    home = tmp_path_factory.mktemp("portal")
    url = f"sqlite:///{home / 'db.sqlite'}"
    upgrade(url)
    app = create_app(
        Settings(home=Path(home), database_url=url), secret_key="p" * 32, clock=lambda: NOW
    )
    users = {}
    with transaction(app.state.session_factory) as s:
        crud.create_territory(
            s,
            territory_id="t1",
            name="CPTS",
            communes=[crud.CommuneRecord("03190", "Moulins", 3.3333, 46.5667)],
            now=NOW,
        )
        for name, role in (("coord", "coordinator"), ("admin", "admin"), ("pro", "helper")):
            users[name] = create_user(
                s,
                username=name,
                password_hash="x",
                role=role,
                territory_id=None if role == "admin" else "t1",
                now=NOW,
            ).id
        repo = SqlPortalRepository(s, lambda: NOW)
        for draft in demo_items(NOW.date()):
            repo.add(draft)
    tokens = {n: app.state.tokens.issue(uid) for n, uid in users.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield Env(TestClient(app), app, tokens)


def test_student_filters_internships_within_30_min_of_moulins(env: Env) -> None:
    reach = within(load_territory(), "03190", 30, national())
    assert "03321" in reach and "03310" not in reach  # Yzeure is near, Vichy is not
    # Three communes are named Moulins: the page offers them, each with its département.
    choices = env.client.get(
        "/installation", params={"commune": "moulins", "minutes": "30", "type": "stage"}
    )
    assert choices.status_code == 200 and "Vouliez-vous dire" in choices.text
    assert "code=03190" in choices.text and "Allier" in choices.text
    r = env.client.get(
        "/installation",
        params={"commune": "Moulins", "code": "03190", "minutes": "30", "type": "stage"},
    )
    assert r.status_code == 200
    html = r.text
    assert "MSP des Bords d&#39;Allier (fictive)" in html and "Yzeure (fictif)" in html
    assert "Stage de médecine générale — Vichy (fictif)" not in html
    assert "Aide à l" not in html  # only internships were asked for
    assert "fictif" in html and "Dr Maître-de-Stage Un (fictif)" in html
    assert "Communes à portée" in html and "Yzeure" in html  # zones with their class


def test_zoning_compiled_and_simulated_are_shown_apart_never_as_zonage_alone(env: Env) -> None:
    import re

    r = env.client.get(
        "/installation", params={"commune": "Moulins", "code": "03190", "minutes": "15"}
    )
    assert r.status_code == 200
    html = r.text
    assert "Zonage médecins (compilation non vérifiée, arrêtés ARS)" in html
    assert "ZIP / ZAC : simulation ProxiSanté" in html
    assert "Classe ProxiSanté (diagnostic, pas un zonage)" in html
    assert "Seul l’arrêté de zonage de l’ARS ouvre droit aux aides" in html
    # No heading or column is "Zonage" alone.
    assert not re.search(r"<t[hd][^>]*>\s*Zonage\s*</t[hd]>", html)
    assert not re.search(r"<h[1-6][^>]*>\s*Zonage\s*</h[1-6]>", html)
    row = re.search(r"Yzeure</a></th>(.*?)</tr>", html, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(1))
    compiled = load_territory().communes.at["03321", "zoning_compiled"]
    assert cells[3] == {"ZIP": "ZIP", "ZAC": "ZAC", "HZ": "hors zonage"}[compiled]
    assert cells[4].endswith("(simulation)")


def test_all_content_kinds_with_source_link_and_validity(env: Env) -> None:
    r = env.client.get("/installation", params={"commune": "Moulins", "minutes": "20"})
    html = r.text
    for title in ("Aides", "Démarches", "Personnes à contacter", "Logements"):
        assert title in html
    assert 'href="https://www.ars.sante.fr/"' in html and "Valable jusqu" in html


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ({"minutes": "abc"}, "minutes"),
        ({"minutes": "500"}, "minutes"),
        ({"type": "yacht"}, "type"),
        ({"commune": "Qwxzkj"}, "commune"),
    ],
)
def test_malformed_filters_are_400_with_a_message(
    env: Env, query: dict[str, str], word: str
) -> None:
    r = env.client.get("/installation", params=query)
    assert r.status_code == 400
    assert word in r.text and "fr-alert--error" in r.text


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "aide", "url": "", "valid_until": "2027-12-31"}, ["lien", "obligatoire"]),
        ({"kind": "aide", "url": "javascript:alert(1)", "valid_until": "2027-12-31"}, ["http"]),
        ({"kind": "aide", "url": "https://x.fr/", "valid_until": "2020-01-01"}, ["déjà passée"]),
        ({"kind": "logement", "valid_until": None}, ["date de validité"]),
        ({"title": "  "}, ["titre"]),
        ({"commune": "99999"}, ["commune", "99999"]),
        ({"places": 0}, ["places"]),
        ({"supervisor": ""}, ["maître de stage"]),
        ({"kind": "contact"}, ["contact"]),
    ],
)
def test_invalid_content_is_refused_and_nothing_stored(
    env: Env, change: dict[str, Any], words: list[str]
) -> None:
    before = env.count()
    r = env.post("coord", ITEM | change)
    assert r.status_code == 400
    message = r.json()["error"]["message"]
    for w in words:
        assert w in message
    assert env.count() == before


def test_managers_add_and_remove_content_audited_others_refused(env: Env) -> None:
    before, audits = env.count(), env.count(AuditRow)
    assert env.post("pro", ITEM).status_code == 403
    assert env.post("anon", ITEM).status_code == 401
    assert env.count() == before
    r = env.post("coord", ITEM | {"valid_until": str(date(2027, 6, 1))})
    assert r.status_code == 201
    item_id = r.json()["id"]
    assert env.count() == before + 1 and env.count(AuditRow) == audits + 1
    headers = {"Authorization": f"Bearer {env.tokens['admin']}"}
    assert (
        env.client.delete(f"/api/v1/portail/contenus/{item_id}", headers=headers).status_code == 204
    )
    assert (
        env.client.delete(f"/api/v1/portail/contenus/{item_id}", headers=headers).status_code == 404
    )
    assert env.count() == before and env.count(AuditRow) == audits + 2
