"""Accounts in the browser (``/admin``, ``/espace/comptes``): an administrator creates any
account, a coordination the professional and helper accounts of its own territory only
(checked by the server, through ``accounts.service``); deactivation and a new second factor;
each action audited; bad input answered 4xx with a French message naming the field. The
professional's account of ``POST /api/v1/territories/{tid}/professionals`` gets its
``user.create`` row, and a name taken in another territory is answered « déjà pris » only."""

from __future__ import annotations

import html
import re

from sqlalchemy import func, select

from proxisante.store.registry.models import AuditRow, ProfessionalRow, UserRow

from .conftest import Web  # type: ignore[import-not-found]


def _h(web: Web, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {web.tokens[who]}"}


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def _audit(web: Web, action: str) -> list[str]:
    with web.factory() as s:
        return list(s.scalars(select(AuditRow.detail).where(AuditRow.action == action)))


def _user(web: Web, name: str) -> UserRow | None:
    with web.factory() as s:
        return s.scalar(select(UserRow).where(UserRow.username == name))


def _free_professional(web: Web, territory: str, name: str) -> int:
    with web.factory() as s:
        row = ProfessionalRow(territory_id=territory, display_name=name, commune_code="03310")
        if territory == "t2":
            row.commune_code = "03190"
        s.add(row)
        s.commit()
        return row.id


def _post(web: Web, who: str, path: str, data: dict[str, str], page: str) -> object:
    token = _csrf(web.client.get(page, headers=_h(web, who)).text)
    return web.client.post(
        path, data={**data, "csrf": token}, headers=_h(web, who), follow_redirects=False
    )


def test_admin_creates_a_professional_account_in_the_browser(web: Web) -> None:
    page = web.client.get("/admin", headers=_h(web, "admin")).text
    assert "add-user" not in page and "commande" not in page  # no command line
    pid = _free_professional(web, "t2", "Dr Neuf")
    assert (
        f'value="{pid}"' in page.replace("\n", "")
        or f'value="{pid}"' in web.client.get("/admin", headers=_h(web, "admin")).text
    )
    r = _post(
        web,
        "admin",
        "/espace/comptes",
        {
            "role": "professional",
            "territory_id": "t2",
            "professional_id": str(pid),
            "username": "dr.neuf",
            "password": "a long enough password",
        },
        "/admin",
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/admin?message=")  # type: ignore[attr-defined]
    row = _user(web, "dr.neuf")
    assert row is not None and row.professional_id == pid and row.territory_id == "t2"
    assert f"user {row.id}" in _audit(web, "user.create")
    listed = web.client.get("/admin", headers=_h(web, "admin")).text
    assert "<td>dr.neuf</td><td>professionnel de santé</td><td>t2</td>" in listed


def test_coordinator_creates_in_own_territory_only(web: Web) -> None:
    mine = _free_professional(web, "t1", "Dr Local")
    theirs = _free_professional(web, "t2", "Dr Ailleurs")
    page = web.client.get("/espace/comptes", headers=_h(web, "coord")).text
    assert "Dr Local" in page and "Dr Ailleurs" not in page and "coord2" not in page
    ok = {"role": "professional", "professional_id": str(mine), "username": "dr.local"}
    ok["password"] = "a long enough password"
    r = _post(web, "coord", "/espace/comptes", ok, "/espace/comptes")
    assert r.status_code == 303, r.text  # type: ignore[attr-defined]
    created = _user(web, "dr.local")
    assert created is not None and created.territory_id == "t1"
    # another territory's professional, even with a forged territory field: refused
    forged = {**ok, "username": "dr.ailleurs", "professional_id": str(theirs)}
    r = _post(web, "coord", "/espace/comptes", {**forged, "territory_id": "t2"}, "/espace/comptes")
    assert r.status_code == 400 and "aucun professionnel" in r.text  # type: ignore[attr-defined]
    assert _user(web, "dr.ailleurs") is None
    # a role a coordination may not create
    admin = {**ok, "username": "chef", "role": "admin", "professional_id": ""}
    r = _post(web, "coord", "/espace/comptes", admin, "/espace/comptes")
    assert r.status_code == 400 and "Rôle" in r.text and _user(web, "chef") is None  # type: ignore[attr-defined]
    # other roles than admin and coordinator: 403
    assert web.client.get("/espace/comptes", headers=_h(web, "pro")).status_code == 403


def test_taken_name_says_taken_and_nothing_else_and_is_audited(web: Web) -> None:
    mine = _free_professional(web, "t1", "Dr Homonyme")
    data = {
        "role": "professional",
        "professional_id": str(mine),
        "username": "coord2",  # a coordinator of t2
        "password": "a long enough password",
    }
    r = _post(web, "coord", "/espace/comptes", data, "/espace/comptes")
    assert r.status_code == 409  # type: ignore[attr-defined]
    text = r.text  # type: ignore[attr-defined]
    assert "déjà pris" in text and "t2" not in text and "CPTS deux" not in text
    assert "UserNameTakenError" in _audit(web, "user.create.refused")


def test_bad_input_names_the_field_in_french(web: Web) -> None:
    mine = _free_professional(web, "t1", "Dr Champ")
    base = {"role": "professional", "professional_id": str(mine)}
    r = _post(
        web,
        "coord",
        "/espace/comptes",
        {**base, "username": "Dr Champ", "password": "a long enough password"},
        "/espace/comptes",
    )
    assert r.status_code == 400 and "Nom d'utilisateur invalide" in html.unescape(r.text)  # type: ignore[attr-defined]
    assert 'id="a-username-erreur"' in r.text  # type: ignore[attr-defined]
    r = _post(
        web,
        "coord",
        "/espace/comptes",
        {**base, "username": "dr.champ", "password": "court"},
        "/espace/comptes",
    )
    assert r.status_code == 400 and "mot de passe" in r.text.lower()  # type: ignore[attr-defined]
    r = _post(
        web,
        "coord",
        "/espace/comptes",
        {**base, "professional_id": "x9", "username": "dr.champ", "password": "long password!"},
        "/espace/comptes",
    )
    assert r.status_code == 400 and "professional_id" in r.text  # type: ignore[attr-defined]
    assert _user(web, "dr.champ") is None


def test_deactivate_within_territory_and_reset_second_factor(web: Web) -> None:
    pro = web.seed.users["pro"]
    other = web.seed.users["coord2"]
    # a coordination deactivates its professional, not another territory's account (404)
    r = _post(web, "coord", f"/espace/comptes/{other}/desactiver", {}, "/espace/comptes")
    assert r.status_code == 404  # type: ignore[attr-defined]
    r = _post(web, "coord", f"/espace/comptes/{pro}/desactiver", {}, "/espace/comptes")
    assert r.status_code == 303  # type: ignore[attr-defined]
    row = _user(web, "pro")
    assert row is not None and not row.active
    assert any(d.startswith(f"user {pro},") for d in _audit(web, "user.deactivate"))
    assert web.client.get(
        "/professionnel", headers=_h(web, "pro"), follow_redirects=False
    ).status_code in (303, 401)
    # the administrator gives a coordinator a new second factor, shown once
    before = _user(web, "coord2")
    assert before is not None
    r = _post(web, "admin", f"/espace/comptes/{other}/second-facteur", {}, "/admin")
    assert r.status_code == 200 and "otpauth://totp/" in r.text  # type: ignore[attr-defined]
    after = _user(web, "coord2")
    assert after is not None and after.totp_secret != before.totp_secret
    assert any(d.startswith(f"user {other},") for d in _audit(web, "user.totp.reset"))
    # a coordination may not reset another territory's coordinator's second factor
    r = _post(web, "coord", f"/espace/comptes/{other}/second-facteur", {}, "/espace/comptes")
    assert r.status_code == 404  # type: ignore[attr-defined]


def test_api_professional_with_account_is_audited_and_checked_first(web: Web) -> None:
    h = _h(web, "coord")
    body = {
        "display_name": "Dr Api",
        "commune_code": "03310",
        "username": "dr.api",
        "password": "a long enough password",
    }
    r = web.client.post("/api/v1/territories/t1/professionals", json=body, headers=h)
    assert r.status_code == 201, r.text
    row = _user(web, "dr.api")
    assert row is not None and f"user {row.id}" in _audit(web, "user.create")
    with web.factory() as s:
        n = s.scalar(select(func.count()).select_from(ProfessionalRow))
    taken = {**body, "display_name": "Dr Deux", "username": "coord2"}
    r = web.client.post("/api/v1/territories/t1/professionals", json=taken, headers=h)
    assert r.status_code == 409 and "déjà pris" in r.json()["error"]["message"]
    assert "t2" not in r.text
    with web.factory() as s:  # nothing half-written: no professional without its account
        assert s.scalar(select(func.count()).select_from(ProfessionalRow)) == n


def test_admin_creates_a_new_professional_with_its_account(web: Web) -> None:
    data = {
        "role": "professional",
        "territory_id": "t1",
        "professional_id": "",
        "new_name": "Dr Nouvelle",
        "new_commune": "cusset",
        "username": "dr.nouvelle",
        "password": "a long enough password",
    }
    r = _post(web, "admin", "/espace/comptes", data, "/admin")
    assert r.status_code == 303, r.text  # type: ignore[attr-defined]
    row = _user(web, "dr.nouvelle")
    assert row is not None and row.territory_id == "t1" and row.professional_id is not None
    with web.factory() as s:
        pro = s.get(ProfessionalRow, row.professional_id)
        assert pro is not None and pro.display_name == "Dr Nouvelle"
        assert pro.commune_code == "03095"
        n = s.scalar(select(func.count()).select_from(ProfessionalRow))
    assert f"user {row.id}" in _audit(web, "user.create")
    # a taken name, or a commune out of the territory: nothing written, the field named
    r = _post(web, "admin", "/espace/comptes", {**data, "new_name": "Dr Bis"}, "/admin")
    assert r.status_code == 409 and "déjà pris" in r.text  # type: ignore[attr-defined]
    bad = {**data, "new_name": "Dr Ter", "username": "dr.ter", "new_commune": "Moulins"}
    r = _post(web, "admin", "/espace/comptes", bad, "/admin")
    assert r.status_code == 400 and 'id="a-new-commune-erreur"' in r.text  # type: ignore[attr-defined]
    with web.factory() as s:
        assert s.scalar(select(func.count()).select_from(ProfessionalRow)) == n
