"""Projects on SQLite and PostgreSQL: the API, the snapshots, the audit, refused input, and the
public monthly registry figures with counts from 0 to 12."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from proxisante.actor import Actor
from proxisante.bootstrap.services import project_service
from proxisante.projects.validate import ProjectInput
from proxisante.registry.entities import Role
from proxisante.store.db import transaction
from proxisante.store.projects.models import MilestoneRow, ProjectRow, SnapshotRow
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow
from proxisante.territory import load_territory
from tests.travel import national

from .conftest import NOW, VICHY, Web, add_patient  # type: ignore[import-not-found]

MSP = {
    "title": "Maison de santé pluriprofessionnelle de Dompierre-sur-Besbre",
    "kind": "msp",
    "territory": "200071470",
    "nature": "immobilier",
    "stage": "projet",
    "lead": "Commune de Dompierre-sur-Besbre",
    "partners": ["CPTS", "Département de l'Allier"],
    "start": "2026-09-01",
    "end": "2028-12-31",
    "milestones": [
        {"title": "Étude de besoins", "due": "2026-12-31", "owner": "CPTS"},
        {"title": "Permis de construire", "due": "2027-06-30", "owner": "Commune"},
        {"title": "Ouverture", "due": "2028-12-01", "owner": "Commune"},
    ],
    "budget_eur": "1500000",
    "funders": [{"name": "ARS", "amount_eur": "400000"}],
    "documents": [{"title": "Étude", "url": "https://example.org/etude.pdf"}],
    "public": True,
}


MAY = NOW - timedelta(days=20)  # a closed month for the app's clock (June)


def _h(web: Web, role: str = "coord") -> dict[str, str]:
    return {"Authorization": f"Bearer {web.tokens[role]}"}


def _counts(web: Web) -> tuple[int, int, int, int]:
    with web.factory() as s:
        return (
            s.scalar(select(func.count(ProjectRow.id))) or 0,
            s.scalar(select(func.count(MilestoneRow.id))) or 0,
            s.scalar(select(func.count(SnapshotRow.id))) or 0,
            s.scalar(select(func.count(AuditRow.id))) or 0,
        )


def test_elected_is_a_declared_role() -> None:
    assert Role("elected") is Role.ELECTED


def test_coordinator_creates_a_project_with_a_snapshot(web_any: Web) -> None:
    with transaction(web_any.factory) as s:  # May, a closed month: counted in June's snapshot
        add_patient(s, "t1", "03014", 0, now=MAY)
        add_patient(s, "t1", "03014", 1, now=MAY, channel="self")  # anonymous: not counted
    r = web_any.client.post("/api/v1/projects", json=MSP, headers=_h(web_any))
    assert r.status_code == 201, r.text
    project = r.json()
    assert project["territory_id"] == "t1" and project["draft"]["kind"] == "msp"
    assert [m["title"] for m in project["draft"]["milestones"]] == [
        "Étude de besoins",
        "Permis de construire",
        "Ouverture",
    ]
    assert len(project["comparables"]) == 3
    snaps = web_any.client.get(
        f"/api/v1/projects/{project['id']}/snapshots", headers=_h(web_any)
    ).json()
    assert [s["month"] for s in snaps] == ["2026-06"]
    terr = load_territory()
    assert snaps[0]["area"]["population"] == terr.population_of("200071470")
    assert snaps[0]["area"]["apl_official"] is not None
    assert snaps[0]["area"]["apl_computed"] is not None
    assert snaps[0]["area"]["gp_liberal"] >= 0
    area = set(terr.communes_in("200071470"))
    with web_any.factory() as s:
        expected = sum(
            p.status in ("waiting", "proposed")
            and p.commune_code in area
            and p.registered_at < datetime(2026, 6, 1)
            and p.channel != "self"
            for p in crud.list_patients(s, territory_id="t1")
        )
    # the coordinator reads the exact count: May's counted request in 03014 (not the seed's
    # June request, June is not closed; not the anonymous self-registration)
    assert snaps[0]["area"]["waiting"] == expected == 1
    assert {c["code"] for c in snaps[0]["comparables"]} == set(project["comparables"])
    assert "200071470" not in project["comparables"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"milestones": [{"title": "Ouverture", "due": "2029-06-30"}]},
            "échéance 2029-06-30 après la fin du projet (2028-12-31)",
        ),
        ({"territory": "99999999"}, "Code de territoire inconnu : '99999999'"),
        ({"title": "  "}, "titre vide"),
    ],
)
def test_bad_input_is_400_in_french_and_nothing_is_stored(
    web_any: Web, change: dict[str, object], expected: str
) -> None:
    before = _counts(web_any)
    r = web_any.client.post("/api/v1/projects", json={**MSP, **change}, headers=_h(web_any))
    assert r.status_code == 400
    assert expected in r.json()["error"]["message"]
    assert _counts(web_any) == before


def test_a_late_milestone_or_an_early_end_is_refused_later_too(web_any: Web) -> None:
    c, h = web_any.client, _h(web_any)
    pid = c.post("/api/v1/projects", json=MSP, headers=h).json()["id"]
    before = _counts(web_any)
    r = c.post(
        f"/api/v1/projects/{pid}/milestones", json={"title": "x", "due": "2030-01-01"}, headers=h
    )
    assert r.status_code == 400 and "après la fin du projet" in r.json()["error"]["message"]
    r = c.put(f"/api/v1/projects/{pid}", json={**MSP, "end": "2027-01-01"}, headers=h)
    assert r.status_code == 400 and "avant l'échéance du jalon" in r.json()["error"]["message"]
    assert _counts(web_any) == before
    assert c.get(f"/api/v1/projects/{pid}", headers=h).json()["draft"]["end"] == "2028-12-31"


def test_every_change_is_audited_with_identifiers_only(web_any: Web) -> None:
    c, h = web_any.client, _h(web_any)
    pid = c.post("/api/v1/projects", json=MSP, headers=h).json()["id"]
    c.post(f"/api/v1/projects/{pid}/status", json={"stage": "realisation"}, headers=h)
    c.put(f"/api/v1/projects/{pid}", json={**MSP, "title": "MSP de Dompierre"}, headers=h)
    mid = c.post(
        f"/api/v1/projects/{pid}/milestones", json={"title": "Pose", "due": "2027-03-01"}, headers=h
    ).json()["id"]
    c.post(f"/api/v1/projects/{pid}/milestones/{mid}/done", json={"done": True}, headers=h)
    with web_any.factory() as s:
        rows = list(s.scalars(select(AuditRow).where(AuditRow.action.like("project.%"))))
    actions = [r.action for r in rows]
    for action in (
        "project.create",
        "project.snapshot",
        "project.status",
        "project.update",
        "project.milestone.add",
        "project.milestone.done",
    ):
        assert action in actions
    for r in rows:
        assert r.user_id == web_any.seed.users["coord"] and r.territory_id == "t1"
        assert re.fullmatch(r"project \d+( [\w./-]+)*", r.detail), r.detail
        assert "Dompierre" not in r.detail
    history = c.get(f"/api/v1/projects/{pid}", headers=h).json()["history"]
    # the update sent stage "projet" again: that change is in the history too
    assert [x["stage"] for x in history] == ["projet", "realisation", "projet"]


def test_monthly_snapshots_are_idempotent_with_a_controlled_clock(web_any: Web) -> None:
    now = [NOW]
    coord = Actor(web_any.seed.users["coord"], "coordinator", "t1")
    with transaction(web_any.factory) as s:
        svc = project_service(s, lambda: now[0], national())
        pid = svc.create(
            coord,
            ProjectInput(title="MSP Vichy", kind="msp", territory="200071363", nature="cooperatif"),
        ).id
        assert svc.snapshot_all() == [(pid, False)]  # the creation took June's
        now[0] = NOW + timedelta(days=20)
        assert svc.snapshot(coord, pid) is None  # still June
        now[0] = NOW + timedelta(days=31)
        assert svc.snapshot_all() == [(pid, True)]
        assert svc.snapshot_all() == [(pid, False)]
        snaps = svc.snapshots(coord, pid)
        assert [x.month for x in snaps] == ["2026-06", "2026-07"]
        # t1's waiting patients living in Vichy Communauté: none at the end of May (the seed's
        # requests are of June 1st), all of them at the end of June (July's snapshot)
        area = set(load_territory().communes_in("200071363"))
        waiting = sum(
            p.status in ("waiting", "proposed") and p.commune_code in area
            for p in crud.list_patients(s, territory_id="t1")
        )
        assert snaps[0].area.waiting == 0
        assert snaps[1].area.waiting == waiting > 0
        ev = svc.evaluation(coord, pid)
        assert ev.snapshots == 2 and ev.first_month == "2026-06"


def test_other_territory_cannot_see_it(web_any: Web) -> None:
    pid = web_any.client.post("/api/v1/projects", json=MSP, headers=_h(web_any)).json()["id"]
    assert (
        web_any.client.get(f"/api/v1/projects/{pid}", headers=_h(web_any, "coord2")).status_code
        == 404
    )
    assert web_any.client.get("/api/v1/projects", headers=_h(web_any, "coord2")).json() == []
    listed = web_any.client.get("/api/v1/projects?territory=dep:03", headers=_h(web_any)).json()
    assert [p["id"] for p in listed] == [pid]
    assert web_any.client.get("/api/v1/projects?territory=dep:74", headers=_h(web_any)).json() == []


# ------------------------------------------------- public monthly figures, counts 0 to 12


def _cells(html: str) -> list[str]:
    body = html.split('data-testid="registry-figures"', 1)[1].split("</table>", 1)[0]
    row = re.findall(r"<tr><th scope=\"row\">[^<]+</th>(.*?)</tr>", body)[-1]
    return re.findall(r"<td>(.*?)</td>", row)


@pytest.mark.parametrize("n", range(13))
def test_public_monthly_page_with_counts_0_to_12(web: Web, n: int) -> None:
    with transaction(web.factory) as s:
        crud.create_territory(s, territory_id=f"f{n}", name=f"CPTS {n}", communes=VICHY, now=NOW)
        for i in range(n):
            add_patient(s, f"f{n}", "03310", i, now=MAY)
        add_patient(s, f"f{n}", "03310", 0)  # June: not published while June is open
    html = web.client.get(f"/registre/chiffres?territoire=f{n}").text
    if n == 0:  # no request before June: no closed month to publish yet
        assert 'data-testid="no-month"' in html
        assert web.client.get("/registre/chiffres.csv?territoire=f0").text.count("\n") == 1
        return
    waiting, attached, _doctor, _team, median = _cells(html)
    assert waiting == ("0" if n == 0 else "&lt; 11" if n < 11 else str(n))
    assert attached == "0" and median == "—"  # no attachment: no median, not "< 11"
    csv_text = web.client.get(f"/registre/chiffres.csv?territoire=f{n}").text
    line = next(x for x in csv_text.splitlines() if ",waiting," in x)
    assert line.split(",")[-2] == ("0" if n == 0 else "< 11" if n < 11 else str(n))
    assert "<svg" in html and "<table" in html


def test_unknown_registry_territory_is_404_and_missing_one_400(web: Web) -> None:
    assert web.client.get("/registre/chiffres?territoire=nope").status_code == 404
    r = web.client.get("/registre/chiffres.csv")
    assert r.status_code == 400 and "territoire" in r.json()["error"]["message"]


def test_dates_are_dates() -> None:
    assert isinstance(NOW, datetime) and NOW.date() > date(2026, 1, 1)


def test_control_characters_are_refused_not_stored(web_any: Web) -> None:
    before = _counts(web_any)
    for change in (
        {"title": "MSP\x00"},
        {"lead": "a\x07b"},
        {"documents": [{"url": "https://a\x00"}]},
    ):
        r = web_any.client.post("/api/v1/projects", json={**MSP, **change}, headers=_h(web_any))
        assert r.status_code == 400, r.text
    admin = {**MSP, "territory_id": "t\x001"}
    r = web_any.client.post("/api/v1/projects", json=admin, headers=_h(web_any, "admin"))
    # refused at the edge (NUL in any JSON field), naming the field
    assert r.status_code == 400 and "territory_id" in r.json()["error"]["message"]
    assert _counts(web_any) == before
    assert web_any.client.get("/registre/chiffres?territoire=t%001").status_code in (400, 404)


def test_the_form_refuses_bad_input_with_400_and_stores_nothing(web: Web) -> None:
    token = web.tokens["coord"]
    csrf = web.client.app.state.tokens.csrf(token)  # type: ignore[attr-defined]
    h = {"Authorization": f"Bearer {token}"}
    before = _counts(web)
    form = {
        "csrf": csrf,
        "title": "",
        "kind": "msp",
        "territory": "99999999",
        "nature": "immobilier",
        "end": "2027-12-31",
        "ms_title": ["Ouverture"],
        "ms_due": ["2028-06-30"],
        "ms_owner": [""],
    }
    r = web.client.post("/espace/projets/nouveau", data=form, headers=h, follow_redirects=False)
    assert r.status_code == 400
    for expected in ("titre vide", "Code de territoire inconnu", "après la fin du projet"):
        assert expected in r.text
    assert 'value="Ouverture"' in r.text  # what was typed is shown again
    assert _counts(web) == before
    good = {**form, "title": "MSP", "territory": "200071470", "ms_due": ["2027-06-30"]}
    r = web.client.post("/espace/projets/nouveau", data=good, headers=h, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/espace/projets/")
    assert _counts(web)[0] == before[0] + 1


@pytest.mark.parametrize(
    ("attached", "median"), [(0, "—"), (5, "secret statistique"), (12, "9 jours")]
)
def test_the_median_wait_is_a_number_or_secret_never_under_11(
    web: Web, attached: int, median: str
) -> None:
    from proxisante.store.registry.models import PatientRow

    with transaction(web.factory) as s:
        crud.create_territory(s, territory_id="fm", name="CPTS m", communes=VICHY, now=NOW)
        ids = [add_patient(s, "fm", "03310", i, now=MAY) for i in range(15)]
        for pid in ids[:attached]:
            row = s.get(PatientRow, pid)
            assert row is not None
            row.registered_at = MAY - timedelta(days=9)
            row.status, row.attached_at = "attached", MAY
    _waiting, shown_attached, _doctor, _team, shown_median = _cells(
        web.client.get("/registre/chiffres?territoire=fm").text
    )
    assert shown_median == median
    assert shown_attached == ("0" if attached == 0 else "&lt; 11" if attached < 11 else "12")
