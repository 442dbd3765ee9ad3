"""Operators' pages in the design system: language per request (``?lang=``, cookie,
Accept-Language), French role names, communes typed by their name (accents ignored, 400 when
unknown or ambiguous, codes still accepted) and the installation portal's content managed in
HTML (validated, territory-scoped, audited)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from proxisante.store.portal import PortalItemRow
from proxisante.store.registry.models import AuditRow, PatientRow
from proxisante.web.assets import asset

from .conftest import Web  # type: ignore[import-not-found]


def _h(web: Web, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {web.tokens[who]}"}


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def _count(web: Web, model: object, **where: object) -> int:
    with web.factory() as s:
        q = select(func.count()).select_from(model)  # type: ignore[arg-type]
        for k, v in where.items():
            q = q.where(getattr(model, k) == v)
        return int(s.scalar(q) or 0)


# -- layout and language ------------------------------------------------------------------


def test_layout_is_dsfr_served_locally_with_role_navigation(web: Web) -> None:
    page = web.client.get("/coordination", headers=_h(web, "coord"))
    html = page.text
    assert page.status_code == 200 and '<html lang="fr"' in html
    assert asset("vendor/dsfr/dsfr.min.css") in html and "fr-header" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # no third-party host
    nav = html.split('id="navigation"')[1].split("</nav>")[0]
    for href in ("/coordination", "/espace/portail", "/espace/projets", "/gardes"):
        assert f'href="{href}"' in nav
    assert "coord (coordination)" in html  # French role name
    helper = web.client.get("/aidant", headers=_h(web, "helper")).text
    nav = helper.split('id="navigation"')[1].split("</nav>")[0]
    assert 'href="/aidant"' in nav and "/espace/portail" not in nav
    assert "(aidant)" in helper


def test_admin_page_names_roles_in_french(web: Web) -> None:
    html = web.client.get("/admin", headers=_h(web, "admin")).text
    for user, role in [
        ("coord", "coordination"),
        ("pro", "professionnel de santé"),
        ("helper", "aidant"),
        ("analyst", "analyste"),
        ("admin", "administrateur"),
    ]:
        assert f"<td>{user}</td><td>{role}</td>" in html
    assert "<td>coordinator</td>" not in html and "<td>professional</td>" not in html


def test_language_from_query_then_cookie_then_accept_language(web: Web) -> None:
    h = _h(web, "coord")
    r = web.client.get("/coordination", headers={**h, "Accept-Language": "en"})
    assert '<html lang="en"' in r.text and "Territorial list" in r.text
    assert "lang=" not in r.headers.get("set-cookie", "")
    r = web.client.get("/coordination?lang=de", headers=h)
    assert '<html lang="de"' in r.text and "Gebietsliste" in r.text
    assert r.headers["content-language"] == "de" and "lang=de" in r.headers["set-cookie"]
    r = web.client.get("/professionnel", headers={**_h(web, "pro"), "Accept-Language": "en"})
    assert '<html lang="de"' in r.text and "Vorschläge" in r.text  # the cookie wins
    # A message built by a form handler is in the language too.
    csrf = _csrf(web.client.get("/coordination", headers=h).text)
    r = web.client.post(
        "/coordination/appariement", data={"csrf": csrf}, headers=h, follow_redirects=True
    )
    assert "Zuordnung abgeschlossen" in r.text
    web.client.cookies.clear()
    r = web.client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en"' in r.text and "Log in" in r.text


# -- communes typed by their name ---------------------------------------------------------


def _register(web: Web, who: str, commune: str) -> object:
    path = {"coord": "/coordination", "helper": "/aidant"}[who]
    page = web.client.get(path, headers=_h(web, who))
    form = {
        "csrf": _csrf(page.text),
        "last_name": "Nom",
        "first_name": "Prénom",
        "birth_date": "1960-01-02",
        "commune": commune,
        "consent": "1",
    }
    return web.client.post(
        f"{path}/patients", data=form, headers=_h(web, who), follow_redirects=False
    )


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("cusset", "03095"),
        ("BELLERIVE SUR ALLIER", "03014"),
        ("Bellerive", "03014"),
        ("Vichy (03310)", "03310"),
        ("03095", "03095"),
    ],
)
def test_registration_resolves_the_commune_name(web: Web, typed: str, code: str) -> None:
    before = _count(web, PatientRow, commune_code=code)
    r = _register(web, "coord", typed)
    assert r.status_code == 303  # type: ignore[attr-defined]
    assert _count(web, PatientRow, commune_code=code) == before + 1


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Moulins", ["Moulins", "aucune commune de ce nom"]),  # not a commune of the territory
        ("Atlantide", ["aucune commune de ce nom"]),
        ("", ["commune : obligatoire"]),
    ],
)
def test_registration_with_an_unknown_commune_is_a_400_nothing_written(
    web: Web, typed: str, words: list[str]
) -> None:
    before = _count(web, PatientRow)
    r = _register(web, "helper", typed)
    assert r.status_code == 400  # type: ignore[attr-defined]
    text = r.text  # type: ignore[attr-defined]
    assert "Inscription refusée" in text and "fr-input-group--error" in text
    for w in words:
        assert w in text
    assert 'value="Nom"' in text  # the form comes back filled in
    assert _count(web, PatientRow) == before


def test_slot_search_by_commune_name(web: Web) -> None:
    ok = web.client.get("/creneaux", params={"commune": "cusset"})
    assert ok.status_code == 200 and "Aucun créneau libre" in ok.text
    ambiguous = web.client.get("/creneaux", params={"commune": "Saint-Martin"})
    assert ambiguous.status_code == 400
    assert "plusieurs communes correspondent" in ambiguous.text
    chosen = re.search(r"Saint-Martin \((\d{5})\)", ambiguous.text)
    assert chosen
    again = web.client.get("/creneaux", params={"commune": chosen.group(0)})
    assert again.status_code == 200
    unknown = web.client.get("/creneaux", params={"commune": "Qwxzkj", "lang": "de"})
    assert unknown.status_code == 400 and "keine Gemeinde dieses Namens" in unknown.text
    assert 'data-suggest="/api/public/territoires?niveau=commune' in ok.text


# -- the installation portal's content ----------------------------------------------------

STAGE = {
    "kind": "stage",
    "commune": "cusset",
    "title": "Stage de médecine générale (test)",
    "body": "",
    "url": "",
    "valid_until": "",
    "contact": "",
    "places": "2",
    "supervisor": "Dr Test (fictif)",
}


def _post(web: Web, who: str, path: str, data: dict[str, str]) -> object:
    page = web.client.get("/espace/portail", headers=_h(web, who))
    return web.client.post(
        path, data={**data, "csrf": _csrf(page.text)}, headers=_h(web, who), follow_redirects=False
    )


def test_coordinator_creates_edits_deletes_content_audited(web: Web) -> None:
    audits = _count(web, AuditRow)
    r = _post(web, "coord", "/espace/portail/nouveau", STAGE)
    assert r.status_code == 303  # type: ignore[attr-defined]
    with web.factory() as s:
        row = s.scalars(select(PortalItemRow)).one()
        item_id, commune = row.id, row.commune
    assert commune == "03095" and _count(web, AuditRow, action="portal.add") == 1
    listing = web.client.get("/espace/portail", headers=_h(web, "coord")).text
    assert "Stage de médecine générale (test)" in listing and "Cusset (03095)" in listing
    form = web.client.get(f"/espace/portail/{item_id}/modifier", headers=_h(web, "coord")).text
    assert 'value="Cusset (03095)"' in form and 'value="Dr Test (fictif)"' in form
    changed = {**STAGE, "commune": "Cusset (03095)", "title": "Stage modifié", "places": "3"}
    r = _post(web, "coord", f"/espace/portail/{item_id}/modifier", changed)
    assert r.status_code == 303  # type: ignore[attr-defined]
    with web.factory() as s:
        row = s.get(PortalItemRow, item_id)
        assert row is not None and row.title == "Stage modifié" and row.places == 3
    assert _count(web, AuditRow, action="portal.update") == 1
    r = _post(web, "coord", f"/espace/portail/{item_id}/supprimer", {})
    assert r.status_code == 303 and _count(web, PortalItemRow) == 0  # type: ignore[attr-defined]
    assert _count(web, AuditRow) == audits + 3


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"kind": "aide", "url": "", "valid_until": "2027-01-01"}, ["lien", "obligatoire"]),
        ({"kind": "aide", "url": "ftp://x", "valid_until": "2027-01-01"}, ["http"]),
        ({"kind": "logement", "valid_until": "2020-01-01"}, ["déjà passée"]),
        ({"kind": "logement", "valid_until": "31/12/2027"}, ["date de validité", "AAAA-MM-JJ"]),
        ({"places": "deux"}, ["places", "nombre entier"]),
        ({"title": " "}, ["titre : obligatoire"]),
        ({"supervisor": ""}, ["maître de stage"]),
        ({"kind": "contact"}, ["contact : obligatoire"]),
        ({"commune": "Atlantide"}, ["aucune commune de ce nom"]),
    ],
)
def test_invalid_content_comes_back_400_with_the_problems(
    web: Web, change: dict[str, str], words: list[str]
) -> None:
    r = _post(web, "coord", "/espace/portail/nouveau", {**STAGE, **change})
    assert r.status_code == 400  # type: ignore[attr-defined]
    text = r.text  # type: ignore[attr-defined]
    assert "Contenu refusé" in text and "fr-alert--error" in text
    for w in words:
        assert w in text
    assert _count(web, PortalItemRow) == 0 and _count(web, AuditRow, action="portal.add") == 0


def test_portal_scope_roles_and_csrf(web: Web) -> None:
    # Moulins is not in the coordinator's territory; an administrator manages every commune.
    moulins = {**STAGE, "commune": "Moulins (03190)"}
    r = _post(web, "coord", "/espace/portail/nouveau", moulins)
    assert r.status_code == 403 and "hors de votre territoire" in r.text  # type: ignore[attr-defined]
    # Several French communes are called Moulins: the administrator is asked to choose.
    r = _post(web, "admin", "/espace/portail/nouveau", {**STAGE, "commune": "moulins"})
    assert r.status_code == 400 and "Moulins (03190) — Allier" in r.text  # type: ignore[attr-defined]
    r = _post(web, "admin", "/espace/portail/nouveau", moulins)
    assert r.status_code == 303  # type: ignore[attr-defined]
    with web.factory() as s:
        item_id = s.scalars(select(PortalItemRow.id)).one()
    assert "Moulins" not in web.client.get("/espace/portail", headers=_h(web, "coord")).text
    r = _post(web, "coord", f"/espace/portail/{item_id}/supprimer", {})
    assert r.status_code == 403  # type: ignore[attr-defined]
    for who in ("pro", "helper", "analyst"):
        assert web.client.get("/espace/portail", headers=_h(web, who)).status_code == 403
    forged = web.client.post(
        "/espace/portail/nouveau", data={**STAGE, "csrf": "0" * 64}, headers=_h(web, "admin")
    )
    assert forged.status_code == 403 and _count(web, PortalItemRow) == 1
    anon = web.client.get("/espace/portail", follow_redirects=False)
    assert anon.status_code == 303 and anon.headers["location"] == "/login"
