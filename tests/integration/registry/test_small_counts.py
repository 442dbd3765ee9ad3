"""The small-count attacks of issue 20, scripted against the real app on SQLite and PostgreSQL.

(a) Padding: ten anonymous requests of one priority level through ``/api/v1/inscriptions`` must
not turn a hidden "< 11" into "11 + the real count"; a single request entered by the coordination
must not show at once in the public CSV.
(b) Differencing: two public projects, an EPCI and the same EPCI minus one commune, must not let
anyone read that commune's waiting count; analysts and elected officials never read a count from
1 to 10 in snapshots.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date, datetime

from sqlalchemy import delete, select

from proxisante.accounts.passwords import hash_password
from proxisante.accounts.service import open_session
from proxisante.actor import Actor
from proxisante.bootstrap.services import project_service
from proxisante.projects.validate import ProjectInput
from proxisante.store.accounts.users import create_user
from proxisante.store.db import transaction
from proxisante.store.registry import crud
from proxisante.store.registry.models import PatientRow, UserRow
from proxisante.territory import load_territory
from tests.travel import national

from .conftest import NOW, Web, add_patient  # type: ignore[import-not-found]

MAY = datetime(2026, 5, 12, 10, 0)


def _clock(web: Web, at: datetime) -> Callable[[datetime], None]:
    """Run the app at ``at``; the returned function moves its clock."""
    now = [at]
    web.client.app.state.clock = lambda: now[0]  # type: ignore[attr-defined]

    def move(to: datetime) -> None:
        now[0] = to

    return move


def _bearer(web: Web, user_id: int, at: datetime) -> dict[str, str]:
    """A session opened at ``at`` (the app's clock was moved past the seed's sessions)."""
    store = web.client.app.state.accounts  # type: ignore[attr-defined]
    account = store.account_by_id(user_id)
    return {"Authorization": f"Bearer {open_session(store, account, at).token}"}


def _csv(web: Web, territory: str = "t1") -> list[dict[str, str]]:
    r = web.client.get(f"/registre/chiffres.csv?territoire={territory}")
    assert r.status_code == 200, r.text
    return list(csv.DictReader(io.StringIO(r.text)))


def _table(html: str) -> str:
    return html.split('data-testid="registry-figures"', 1)[1].split("</table>", 1)[0]


def test_padding_with_anonymous_requests_reveals_nothing(web_any: Web) -> None:
    web, coord = web_any, web_any.seed.users["coord"]
    with transaction(web.factory) as s:  # the real list: 2 pregnant women (level A) and 20 others
        for i in range(2):
            add_patient(s, "t1", "03310", i, now=MAY, pregnant=True, registered_by=coord)
        for i in range(20):
            add_patient(s, "t1", "03095", i, now=MAY, registered_by=coord)
    move = _clock(web, datetime(2026, 7, 2, 9, 0))
    before = _csv(web)
    may = next(r for r in before if r["month"] == "2026-05" and r["measure"] == "registered")
    assert may["A"] == "< 11"
    # the attacker: ten anonymous pregnant women in July, five an hour (the per-address limit)
    for i in range(10):
        if i == 5:
            move(datetime(2026, 7, 2, 12, 0))
        r = web.client.post(
            "/api/v1/inscriptions",
            json={
                "commune": "Vichy",
                "last_name": f"Padding{i}",
                "first_name": "Eve",
                "birth_date": f"{1 + i:02d}/03/1995",
                "consent": True,
                "pregnant": True,
            },
        )
        assert r.status_code == 201, r.text
        assert r.json()["level"] == "A"
    move(datetime(2026, 8, 3, 9, 0))  # July is closed: its figures are published
    padded = _csv(web)
    page = _table(web.client.get("/registre/chiffres?territoire=t1").text)
    assert padded[: len(before)] == before  # published months never change
    for row in padded:  # level A never reads 11 + the real count, nor any number from 1 to 20
        assert row["A"] in ("0", "< 11"), row
    # what is published is exactly what it would be without the ten requests
    with transaction(web.factory) as s:
        s.execute(delete(PatientRow).where(PatientRow.last_name.like("Padding%")))
    assert _csv(web) == padded
    assert _table(web.client.get("/registre/chiffres?territoire=t1").text) == page


def test_a_single_request_does_not_show_at_once(web_any: Web) -> None:
    web = web_any
    with transaction(web.factory) as s:
        for i in range(25):
            add_patient(s, "t1", "03095", i, now=MAY, registered_by=web.seed.users["coord"])
    aug = datetime(2026, 8, 3, 9, 0)
    move = _clock(web, aug)
    before = _csv(web)
    html = _table(web.client.get("/registre/chiffres?territoire=t1").text)
    r = web.client.post(
        "/api/v1/territories/t1/patients",
        json={
            "commune_code": "03310",
            "last_name": "Enceinte",
            "first_name": "Une",
            "birth_date": "1994-02-03",
            "pregnant": True,
            "consent": True,
        },
        headers=_bearer(web, web.seed.users["coord"], aug),
    )
    assert r.status_code == 201 and r.json()["priority_level"] == "A"
    assert _csv(web) == before  # the public CSV does not move
    assert _table(web.client.get("/registre/chiffres?territoire=t1").text) == html
    analyst = _bearer(web, web.seed.users["analyst"], aug)
    assert web.client.get("/api/v1/territories/t1/report.csv", headers=analyst).text == (
        web.client.get("/registre/chiffres.csv?territoire=t1").text
    )
    move(datetime(2026, 9, 2, 9, 0))  # August closed: the request is counted, hidden
    august = next(r for r in _csv(web) if r["month"] == "2026-08" and r["measure"] == "registered")
    assert august["A"] == "< 11" and august["total"] in ("0", "< 11")


# ---------------------------------------------------------------- (b) overlapping perimeters

EPCI = "200071470"  # CC Entr'Allier Besbre et Loire


def _territory_of_an_epci(web: Web) -> tuple[str, str, dict[str, str]]:
    """Registry territory "te": the EPCI's communes and one commune outside it; 22 requests
    waiting in the EPCI, of which 1 in its first commune, 30 outside; an analyst, an elected
    official and a coordinator. Returns the one commune, the outside one, and their tokens."""
    terr = load_territory()
    inside = sorted(terr.communes_in(EPCI))
    outside = next(c for c in terr.communes_in("200071363") if c not in {"03310", "03095"})
    table = terr.communes.loc[[*inside, outside]]
    records = [
        crud.CommuneRecord(str(code), str(r["name"]), float(r["lon"]), float(r["lat"]))
        for code, r in table.iterrows()
    ]
    users = {}
    with transaction(web.factory) as s:
        crud.create_territory(s, territory_id="te", name="CPTS e", communes=records, now=MAY)
        for i in range(21):
            add_patient(s, "te", inside[1 + i % 5], i, now=MAY)
        add_patient(s, "te", inside[0], 0, now=MAY)  # the one commune: 1 request
        for i in range(30):
            add_patient(s, "te", outside, i, now=MAY)
        for role in ("coordinator", "analyst", "elected"):
            user = create_user(
                s,
                username=f"e-{role}",
                password_hash=hash_password("correct horse battery"),
                role=role,
                territory_id="te",
                now=NOW,
            )
            users[role] = user.id
    tokens = {r: web.client.app.state.tokens.issue(u) for r, u in users.items()}  # type: ignore[attr-defined]
    return inside[0], outside, tokens


def _create(web: Web, **fields: object) -> int:
    with transaction(web.factory) as s:
        svc = project_service(s, lambda: NOW, national())
        data = ProjectInput(kind="msp", nature="cooperatif", public=True, **fields)  # type: ignore[arg-type]
        return svc.create(Actor(None, "coordinator", "te"), data).id


def _public_waiting(web: Web, pid: int) -> str:
    html = web.client.get(f"/projets/{pid}").text
    figures = html.split('data-testid="figures"', 1)[1].split("</table>", 1)[0]
    row = next(r for r in figures.split("<tr>") if "Patients en attente" in r)
    return re.findall(r"<td>(.*?)</td>", row)[0]


def test_two_overlapping_public_projects_do_not_give_one_communes_count(web_any: Web) -> None:
    web = web_any
    one, _outside, tokens = _territory_of_an_epci(web)
    whole = _create(web, title="Santé de l'EPCI", territory=EPCI)
    others = [c for c in load_territory().communes_in(EPCI) if c != one]
    minus = _create(web, title="L'EPCI sans une commune", communes=tuple(others))
    coord = {"Authorization": f"Bearer {tokens['coordinator']}"}
    exact = [
        web.client.get(f"/api/v1/projects/{p}/snapshots", headers=coord).json()[0]["area"][
            "waiting"
        ]
        for p in (whole, minus)
    ]
    assert exact == [22, 21]  # the coordination reads its own list's counts
    shown = {p: _public_waiting(web, p) for p in (whole, minus)}
    assert shown == {whole: "22", minus: "&lt; 11"}  # the second perimeter is hidden
    for role in ("analyst", "elected"):
        h = {"Authorization": f"Bearer {tokens[role]}"}
        got = [
            web.client.get(f"/api/v1/projects/{p}/snapshots", headers=h).json()[0]["area"][
                "waiting"
            ]
            for p in (whole, minus)
        ]
        assert got == [22, "< 11"], role
        page = web.client.get(f"/espace/projets/{minus}", headers=h).text
        assert ">21<" not in page and "&lt; 11" in page
    # whoever reads everything published gets no 22 − 21: the public CSV's total is not a
    # perimeter either (52 waiting at the end of May, 30 of them outside the EPCI)
    may = next(r for r in _csv(web, "te") if r["month"] == "2026-05" and r["measure"] == "waiting")
    assert may["total"] == "52"


def test_analysts_and_elected_never_read_a_small_count_per_commune(web_any: Web) -> None:
    web = web_any
    one, outside, tokens = _territory_of_an_epci(web)
    small = _create(web, title="Une commune", communes=(one,))
    three = _create(web, title="Autre commune", communes=(outside,))
    for role, expected in (
        ("coordinator", [1, 30]),
        ("analyst", ["< 11", 30]),
        ("elected", ["< 11", 30]),
    ):
        h = {"Authorization": f"Bearer {tokens[role]}"}
        got = [
            web.client.get(f"/api/v1/projects/{p}/snapshots", headers=h).json()[0]["area"][
                "waiting"
            ]
            for p in (small, three)
        ]
        assert got == expected, role
        ev = web.client.get(f"/api/v1/projects/{small}/evaluation", headers=h).json()
        waiting = next(c for c in ev["changes"] if c["key"] == "waiting")
        assert (waiting["start"] is None) == (role != "coordinator")
    assert _public_waiting(web, small) == "&lt; 11"
    # an analyst may take July's snapshot; the answer is published, not exact
    july = datetime(2026, 7, 2, 9, 0)
    _clock(web, july)
    with web.factory() as s:
        analyst = s.scalar(select(UserRow.id).where(UserRow.username == "e-analyst"))
    r = web.client.post(f"/api/v1/projects/{small}/snapshots", headers=_bearer(web, analyst, july))
    assert r.status_code == 200 and r.json()["month"] == "2026-07", r.text
    assert r.json()["area"]["waiting"] == "< 11"
    assert date(2026, 6, 1) > MAY.date()
