"""Self-registration (public, no login) through the real app, on SQLite and PostgreSQL: the
tracking code, the status lookup, the abuse limit, helpers, and bad input refused whole."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from proxisante.store.db import transaction
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, PatientRow, ProposalRow, UserRow

from .conftest import NOW, Web  # type: ignore[import-not-found]

PERSON = {
    "commune": "bellerive sur allier",  # typed by name, accents and case ignored
    "last_name": "Kervadec",
    "first_name": "Ondine",
    "birth_date": "14/07/1956",
    "email": "ondine.kervadec@example.org",
    "phone": "06 11 22 33 44",
    "consent": True,
    "precarity": "c2s",
    "lost_doctor": "retirement",
    "disability": True,
}
CODE = re.compile(r"^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$")


def _patients(web: Web) -> int:
    with web.factory() as s:
        return int(s.scalar(select(func.count()).select_from(PatientRow)) or 0)


def _status(web: Web, code: str, born: str = "1956-07-14") -> tuple[int, dict]:  # type: ignore[type-arg]
    r = web.client.post("/api/v1/inscriptions/suivi", json={"code": code, "birth_date": born})
    return r.status_code, r.json()


def test_register_get_a_code_and_follow_the_request(web_any: Web) -> None:
    web = web_any
    r = web.client.post("/api/v1/inscriptions", json=PERSON)
    assert r.status_code == 201, r.text
    body = r.json()
    assert CODE.match(body["code"]) and body["label"] == "en attente"
    assert body["level"] == "C"  # disability (C) outranks precarity / lost doctor (D)
    with web.factory() as s:
        row = s.scalar(select(PatientRow).where(PatientRow.last_name == "Kervadec"))
        assert row is not None
        assert (row.commune_code, row.territory_id, row.channel) == ("03014", "t1", "self")
        assert row.precarity == "c2s" and row.lost_doctor == "retirement"
        assert row.language is None and row.consent
        assert row.tracking_hash and body["code"] not in row.tracking_hash
        assert row.phone == "+33 6 11 22 33 44"
        actions = set(s.scalars(select(AuditRow.action).where(AuditRow.patient_id == row.id)))
        assert "patient.create" in actions
        pid = row.id
    code, found = _status(web, body["code"].lower().replace("-", " "))  # as typed by a person
    assert code == 200 and found["status"] == "waiting" and found["label"] == "en attente"
    assert _status(web, body["code"], "1956-07-15")[0] == 404  # wrong birth date: same 404
    assert _status(web, "ABCD-EFGH-JKMN")[0] == 404
    # matching → "proposition en cours"; a GP's acceptance → "médecin traitant trouvé"
    with transaction(web.factory) as s:  # Dr A ('pro') gets more places
        pro_id = s.scalar(select(UserRow.professional_id).where(UserRow.username == "pro"))
        crud.declare_capacity(s, professional_id=pro_id, places=10, now=NOW)
    coord = {"Authorization": f"Bearer {web.tokens['coord']}"}
    m = web.client.post("/api/v1/territories/t1/matching", json={"dry_run": False}, headers=coord)
    assert m.status_code == 200, m.text
    assert _status(web, body["code"])[1]["label"] == "proposition en cours"
    with web.factory() as s:
        prop = s.scalar(select(ProposalRow).where(ProposalRow.patient_id == pid))
        assert prop is not None  # Dr A ('pro') is the only one with places
    headers = {"Authorization": f"Bearer {web.tokens['pro']}"}
    assert web.client.post(f"/api/v1/proposals/{prop.id}/accept", headers=headers).is_success
    found = _status(web, body["code"])[1]
    assert found["label"] == "médecin traitant trouvé" and found["outcome"] == "doctor_found"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"birth_date": "31/02/1990"}, "date de naissance '31/02/1990' invalide"),
        ({"birth_date": "01/01/2999"}, "hors limites"),
        ({"birth_date": "hier"}, "date de naissance 'hier' invalide"),
        ({"commune": "Atlantis"}, "commune 'Atlantis' inconnue"),
        ({"commune": "Moulinsart"}, "inconnue"),
        ({"consent": False}, "consentement : requis"),
        ({"email": "pas-une-adresse"}, "courriel"),
        ({"precarity": "riche"}, "précarité 'riche'"),
    ],
)
def test_bad_input_is_a_400_in_french_and_nothing_is_stored(
    web: Web, change: dict[str, object], expected: str
) -> None:
    before = _patients(web)
    r = web.client.post("/api/v1/inscriptions", json={**PERSON, **change})
    assert r.status_code == 400, r.text
    message = r.json()["error"]["message"]
    assert message.startswith("Inscription refusée, rien n'a été enregistré")
    assert expected in message
    assert _patients(web) == before


def test_every_problem_is_listed_at_once(web: Web) -> None:
    r = web.client.post(
        "/api/v1/inscriptions",
        json={**PERSON, "birth_date": "32/13/2000", "commune": "Nulle-Part", "consent": False},
    )
    message = r.json()["error"]["message"]
    assert r.status_code == 400
    assert all(w in message for w in ("consentement", "commune", "date de naissance"))


def test_abuse_limit_per_address(web: Web) -> None:
    codes = [
        web.client.post(
            "/api/v1/inscriptions", json={**PERSON, "last_name": f"Kervadec{i}"}
        ).status_code
        for i in range(8)
    ]
    assert codes == [201] * 6 + [429, 429]
    r = web.client.post("/api/v1/inscriptions", json=PERSON)
    assert "Trop de demandes" in r.json()["error"]["message"]
    assert _patients(web) == 4 + 6  # the seed's four, then six


def test_failed_lookups_are_limited(web: Web) -> None:
    codes = [_status(web, f"AAAA-BBBB-CCC{i}")[0] for i in range(12)]
    assert codes[:10] == [404] * 10 and codes[10:] == [429, 429]


def test_a_logged_in_helper_registers_on_someone_s_behalf(web: Web) -> None:
    headers = {"Authorization": f"Bearer {web.tokens['helper']}"}
    r = web.client.post("/api/v1/inscriptions", json=PERSON, headers=headers)
    assert r.status_code == 201
    r2 = web.client.post(
        "/api/v1/inscriptions", json={**PERSON, "last_name": "Aidée", "on_behalf": True}
    )
    assert r2.status_code == 201
    with web.factory() as s:
        rows = {
            p.last_name: (p.channel, p.registered_by)
            for p in s.scalars(select(PatientRow).where(PatientRow.channel == "helper"))
        }
    assert rows["Kervadec"] == ("helper", web.seed.users["helper"])
    assert rows["Aidée"] == ("helper", None)


def test_pages_register_and_show_the_status(web: Web) -> None:
    page = web.client.get("/inscription?lang=de")
    assert page.status_code == 200 and 'lang="de"' in page.text
    form = {k: ("1" if v is True else v) for k, v in PERSON.items() if v is not False}
    done = web.client.post("/inscription", data=form)
    assert done.status_code == 201, done.text
    code = re.search(r'id="code-suivi"><strong>([A-Z0-9-]+)<', done.text)
    assert code is not None
    shown = web.client.post(
        "/inscription/suivi", data={"code": code.group(1), "birth_date": "14/07/1956"}
    )
    assert shown.status_code == 200 and "en attente" in shown.text
    before = _patients(web)
    bad = web.client.post("/inscription", data={**form, "consent": "", "commune": "Atlantis"})
    assert bad.status_code == 400 and "consentement : requis" in bad.text
    assert "Atlantis" in bad.text  # the form keeps what was typed
    assert _patients(web) == before
    assert (
        web.client.get("/api/public/inscription/communes?q=cus").json()["results"][0]["name"]
        == "Cusset"
    )


def test_language_and_clock(web: Web) -> None:
    r = web.client.post("/api/v1/inscriptions", json={**PERSON, "language": "PT"})
    assert r.status_code == 201
    with web.factory() as s:
        row = s.scalar(select(PatientRow).where(PatientRow.last_name == "Kervadec"))
        assert row is not None and row.registered_at == NOW and row.language == "pt"
