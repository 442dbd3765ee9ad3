"""Server-rendered pages: forms need a session and a CSRF token; French text; audit."""

from __future__ import annotations

import re

import pytest

from .conftest import TEST_PEOPLE, Web  # type: ignore[import-not-found]

POSTS = [
    "/coordination/appariement",
    "/coordination/appariement/apercu",
    "/espace/comptes",
    "/espace/comptes/3/desactiver",
    "/espace/comptes/2/second-facteur",
    "/coordination/patients",
    "/aidant/patients",
    "/professionnel/capacite",
    "/professionnel/propositions/1/accepter",
    "/professionnel/propositions/1/refuser",
    "/logout",
]


def _csrf(html: str) -> str:
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.mark.parametrize("path", POSTS)
def test_forms_need_a_session_and_a_csrf_token(web: Web, path: str) -> None:
    anon = web.client.post(path, data={"places": "1"}, follow_redirects=False)
    assert anon.status_code == 303 and anon.headers["location"] == "/login"
    role = {"/coordination": "coord", "/aidant/": "helper", "/professionnel": "pro"}
    user = next((u for prefix, u in role.items() if path.startswith(prefix)), "coord")
    h = {"Authorization": f"Bearer {web.tokens[user]}"}
    forged = web.client.post(
        path, data={"csrf": "0" * 64, "places": "1"}, headers=h, follow_redirects=False
    )
    assert forged.status_code == 403


def test_coordinator_registers_runs_matching_sees_reasons(web: Web) -> None:
    h = {"Authorization": f"Bearer {web.tokens['coord']}"}
    page = web.client.get("/coordination", headers=h)
    assert page.status_code == 200 and "Liste territoriale" in page.text
    assert TEST_PEOPLE[0][1] in page.text  # the coordinator sees names
    form = {
        "csrf": _csrf(page.text),
        "last_name": "Nouvel",
        "first_name": "Inscrit",
        "birth_date": "1950-03-04",
        "commune_code": "03095",
        "ald": "1",
        "consent": "1",
    }
    r = web.client.post("/coordination/patients", data=form, headers=h, follow_redirects=True)
    assert "inscrit, priorité B" in r.text
    assert "Affection de longue durée (ALD) ; 70 ans ou plus" in r.text
    r = web.client.post(
        "/coordination/appariement", data={"csrf": _csrf(r.text)}, headers=h, follow_redirects=True
    )
    assert "Appariement terminé" in r.text


def test_registration_without_consent_is_refused(web: Web) -> None:
    h = {"Authorization": f"Bearer {web.tokens['helper']}"}
    page = web.client.get("/aidant", headers=h)
    form = {
        "csrf": _csrf(page.text),
        "last_name": "Sans",
        "first_name": "Accord",
        "birth_date": "1990-01-01",
        "commune_code": "03310",
    }
    r = web.client.post("/aidant/patients", data=form, headers=h, follow_redirects=True)
    assert "Inscription refusée" in r.text


def test_professional_declares_and_accepts(web: Web) -> None:
    h = {"Authorization": f"Bearer {web.tokens['pro']}"}
    page = web.client.get("/professionnel", headers=h)
    assert "Accepter" in page.text
    r = web.client.post(
        "/professionnel/capacite",
        data={"csrf": _csrf(page.text), "places": "4"},
        headers=h,
        follow_redirects=True,
    )
    assert "4 places restantes" in r.text
    prop = re.search(r"/professionnel/propositions/(\d+)/accepter", r.text)
    assert prop
    r = web.client.post(
        f"/professionnel/propositions/{prop.group(1)}/accepter",
        data={"csrf": _csrf(r.text)},
        headers=h,
        follow_redirects=True,
    )
    assert "Proposition acceptée" in r.text
    assert "3 places restantes" in r.text


def test_analyst_sees_only_suppressed_aggregates(web: Web) -> None:
    h = {"Authorization": f"Bearer {web.tokens['analyst']}"}
    page = web.client.get("/analyste", headers=h)
    assert page.status_code == 200 and "&lt; 11" in page.text
    for _first, last, phone, email in TEST_PEOPLE:
        assert last not in page.text and phone not in page.text and email not in page.text


def test_priority_reasons_are_stored_as_codes_and_shown_in_the_language(web: Web) -> None:
    from sqlalchemy import update

    from proxisante.store.registry.models import PatientRow

    p1 = web.seed.patient_t1
    with web.factory() as s:
        stored = s.get(PatientRow, p1).priority_reasons  # type: ignore[union-attr]
        assert stored and " " not in stored  # codes, not French text
        # A row written by an earlier version holds the French text.
        s.execute(
            update(PatientRow)
            .where(PatientRow.id == p1)
            .values(priority_reasons="Enfant de moins de 16 ans\nMobilité réduite")
        )
        s.commit()
    h = {"Authorization": f"Bearer {web.tokens['coord']}"}
    page = web.client.get("/coordination?lang=de", headers=h).text
    assert "Kind unter 16 Jahren ; Eingeschränkte Mobilität" in page
    # The page's ?lang=de is now the client's lang cookie: the API follows it too.
    api = web.client.get(f"/api/v1/patients/{p1}", headers={**h, "Accept-Language": "en"})
    assert api.json()["priority_reasons"] == ["Kind unter 16 Jahren", "Eingeschränkte Mobilität"]
    api = web.client.get(f"/api/v1/patients/{p1}?lang=en", headers=h)
    assert api.json()["priority_reasons"] == ["Child under 16", "Reduced mobility"]
    api = web.client.get(f"/api/v1/patients/{p1}?lang=fr", headers=h)
    assert api.json()["priority_reasons"] == ["Enfant de moins de 16 ans", "Mobilité réduite"]


SUCCESS_BOX = re.compile(
    r'<div class="fr-alert fr-alert--success[^"]*"[^>]*><p>(.*?)</p></div>', re.S
)


def _success(html: str) -> list[str]:
    return SUCCESS_BOX.findall(html)


@pytest.mark.parametrize(
    ("path", "user"),
    [
        ("/coordination", "coord"),
        ("/aidant", "helper"),
        ("/professionnel", "pro"),
        ("/coordination/donnees-personnelles", "coord"),
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        "message=Votre+compte+est+suspendu%2C+appelez+le+0899+00+00+00",
        "message=patient-erased&id=12%20et%20appelez",  # a known key, its number not one
        "message=patient-erased",  # a known key without its number
        "message=Capacit%C3%A9+enregistr%C3%A9e.",  # a real sentence, not a key
    ],
)
def test_a_message_in_the_address_that_is_not_a_known_key_shows_nothing(
    web: Web, path: str, user: str, query: str
) -> None:
    h = {"Authorization": f"Bearer {web.tokens[user]}"}
    r = web.client.get(f"{path}?{query}", headers=h)
    assert r.status_code == 200
    assert _success(r.text) == []
    shown = re.sub(r'href="[^"]*"', "", r.text)  # the language links keep the query
    assert "0899" not in shown and "suspendu" not in shown


def test_a_known_message_key_shows_its_own_sentence_in_the_reader_s_language(web: Web) -> None:
    h = {"Authorization": f"Bearer {web.tokens['coord']}"}
    r = web.client.get("/coordination?message=patient-erased&id=12", headers=h)
    assert _success(r.text) == [
        "Patient n° 12 effacé : ses données personnelles ne sont plus conservées."
    ]
    query = "message=matching-done&proposals=1&waiting=3"
    fr = web.client.get(f"/coordination?{query}", headers=h)
    assert _success(fr.text) == [
        "Appariement terminé : 1 proposition envoyée pour 3 patients en attente."
    ]
    de = web.client.get(f"/coordination?{query}&lang=de", headers=h)
    assert _success(de.text) == [
        "Zuordnung abgeschlossen: 1 Vorschlag versandt für 3 wartende Personen."
    ]
    en = web.client.get(f"/coordination?{query}&lang=en", headers=h)
    assert _success(en.text) == ["Matching done: 1 proposal sent for 3 waiting patients."]


def test_a_form_redirects_with_a_message_key_never_a_text(web: Web) -> None:
    h = {"Authorization": f"Bearer {web.tokens['pro']}"}
    page = web.client.get("/professionnel", headers=h)
    r = web.client.post(
        "/professionnel/capacite",
        data={"csrf": _csrf(page.text), "places": "4"},
        headers=h,
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == "/professionnel?message=capacity-saved"
    assert _success(web.client.get(r.headers["location"], headers=h).text) == [
        "Capacité enregistrée."
    ]
