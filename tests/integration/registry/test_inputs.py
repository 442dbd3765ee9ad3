"""Bad input on every layer of the registry API: a 4xx with a French message, never a 500.

Each test runs on SQLite and PostgreSQL (``web_any``): PostgreSQL refuses NUL characters that
SQLite stores, and reports unique violations differently.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from proxisante.store.registry.models import AuditRow, PatientRow, ProposalRow, UserRow

from .conftest import NOW, Web  # type: ignore[import-not-found]

PATIENT: dict[str, Any] = {
    "commune_code": "03310",
    "last_name": "Fictif",
    "first_name": "Jeanne",
    "birth_date": "1950-01-01",
    "consent": True,
}


def _auth(web: Web, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {web.tokens[who]}"}


def _count(web: Web, model: Any) -> int:
    with web.factory() as s:
        return len(list(s.scalars(select(model))))


def _error(r: Any, status: int) -> str:
    assert r.status_code == status, (r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error"} and body["error"]["status"] == status
    message: str = body["error"]["message"]
    return message


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/territories/t1%00/patients",
        "/api/v1/territories/t1/patients?status=waiting%00",
        "/api/v1/patients/1%00",
        "/coordination?message=a%00b",
    ],
)
def test_nul_in_path_or_query_is_400(web_any: Web, path: str) -> None:
    r = web_any.client.get(path, headers=_auth(web_any, "coord"))
    assert "NUL" in _error(r, 400)


@pytest.mark.parametrize(
    "field", ["last_name", "first_name", "phone", "email", "language", "commune_code", "x\x00"]
)
def test_nul_in_any_body_string_is_400_and_nothing_stored(web_any: Web, field: str) -> None:
    before = _count(web_any, PatientRow)
    body = {**PATIENT, field: "ab\x00cd"}
    r = web_any.client.post(
        "/api/v1/territories/t1/patients", json=body, headers=_auth(web_any, "coord")
    )
    assert "caractère NUL" in _error(r, 400)
    assert _count(web_any, PatientRow) == before


def test_nul_in_other_bodies_is_400(web_any: Web) -> None:
    admin, pro = _auth(web_any, "admin"), _auth(web_any, "pro")
    r = web_any.client.post(
        "/api/v1/users",
        json={"username": "nouveau", "password": "long enough\x00pw", "role": "admin"},
        headers=admin,
    )
    _error(r, 400)
    r = web_any.client.post(
        "/api/v1/territories/t1/professionals",
        json={"display_name": "Dr\x00X", "commune_code": "03310", "languages": ["fr"]},
        headers=admin,
    )
    _error(r, 400)
    r = web_any.client.post(
        "/api/v1/auth/login", json={"username": "coord\x00", "password": "x"}, headers=pro
    )
    assert r.status_code in (400, 422)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("email", "a@b", "email"),
        ("email", "pas une adresse", "email"),
        ("phone", "", "téléphone vide"),
        ("phone", "   ", "téléphone vide"),
        ("phone", "12", "téléphone invalide"),
        ("phone", "+1 202 555 0100", "téléphone invalide"),
        ("language", "xx", "langue inconnue"),
        ("birth_date", "1850-01-01", "date de naissance"),
        ("birth_date", (date.today() + timedelta(days=2)).isoformat(), "date de naissance"),
        ("consent", False, "consentement"),
    ],
)
def test_stricter_patient_checks(web_any: Web, field: str, value: object, expected: str) -> None:
    before = _count(web_any, PatientRow)
    r = web_any.client.post(
        "/api/v1/territories/t1/patients",
        json={**PATIENT, field: value},
        headers=_auth(web_any, "coord"),
    )
    message = _error(r, 422)
    assert message.startswith("Requête invalide")
    assert field in message and expected in message
    assert _count(web_any, PatientRow) == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "06 12 34 56 78"),
        ("phone", "+33 6 12 34 56 78"),
        ("phone", "+41 79 123 45 67"),
        ("phone", "0041791234567"),
        ("email", "jeanne.fictif@example.org"),
        ("language", "ar"),
    ],
)
def test_good_contact_values_are_accepted(web_any: Web, field: str, value: str) -> None:
    r = web_any.client.post(
        "/api/v1/territories/t1/patients",
        json={**PATIENT, field: value},
        headers=_auth(web_any, "coord"),
    )
    assert r.status_code == 201, r.text


def test_unknown_professional_language_is_refused(web_any: Web) -> None:
    r = web_any.client.post(
        "/api/v1/territories/t1/professionals",
        json={"display_name": "Dr X", "commune_code": "03310", "languages": ["fr", "xx"]},
        headers=_auth(web_any, "admin"),
    )
    assert "langue inconnue" in _error(r, 422)


@pytest.mark.parametrize(
    "valid_until", ["2001-01-01", (NOW.date() - timedelta(days=1)).isoformat(), "2099-12-31"]
)
def test_capacity_outside_a_sane_window_is_refused(web_any: Web, valid_until: str) -> None:
    pro = _auth(web_any, "pro")
    before = web_any.client.get("/api/v1/professionals/me/capacity", headers=pro).json()
    r = web_any.client.put(
        "/api/v1/professionals/me/capacity",
        json={"places": 3, "valid_until": valid_until},
        headers=pro,
    )
    assert "valid_until" in _error(r, 400)
    assert web_any.client.get("/api/v1/professionals/me/capacity", headers=pro).json() == before


def test_capacity_ages_reversed_is_refused(web_any: Web) -> None:
    r = web_any.client.put(
        "/api/v1/professionals/me/capacity",
        json={"places": 3, "min_age": 70, "max_age": 20},
        headers=_auth(web_any, "pro"),
    )
    assert "min_age" in _error(r, 422)


def _live(web: Web, professional_id: int | None = None) -> list[ProposalRow]:
    with web.factory() as s:
        stmt = select(ProposalRow).where(ProposalRow.status == "proposed")
        if professional_id is not None:
            stmt = stmt.where(ProposalRow.professional_id == professional_id)
        return list(s.scalars(stmt.order_by(ProposalRow.id)))


def test_reducing_capacity_withdraws_the_newest_surplus_and_cascades(web_any: Web) -> None:
    web = web_any
    coord, pro, pro2 = _auth(web, "coord"), _auth(web, "pro"), _auth(web, "pro2")
    # The other professional gets room, so a withdrawn patient can pass on to them.
    assert web.client.put(
        "/api/v1/professionals/me/capacity", json={"places": 5}, headers=pro2
    ).is_success
    me = web.client.get("/api/v1/me", headers=pro).json()["professional_id"]
    live = _live(web, me)
    assert len(live) == 2  # the seed's matching gave both places to "pro"
    r = web.client.put("/api/v1/professionals/me/capacity", json={"places": 1}, headers=pro)
    assert r.status_code == 200, r.text
    still = _live(web, me)
    assert [p.id for p in still] == [live[0].id]  # the newest one was withdrawn
    with web.factory() as s:
        withdrawn = s.get(ProposalRow, live[1].id)
        assert withdrawn is not None and withdrawn.status == "cancelled"
        moved = s.scalars(
            select(ProposalRow).where(
                ProposalRow.patient_id == live[1].patient_id, ProposalRow.status == "proposed"
            )
        ).all()
        assert len(moved) == 1 and moved[0].professional_id != me
        actions = [a.action for a in s.scalars(select(AuditRow))]
    assert "proposal.withdraw" in actions
    assert web.client.get("/api/v1/proposals", headers=coord).is_success
    # Never more live proposals than places, for everyone.
    r = web.client.put("/api/v1/professionals/me/capacity", json={"places": 0}, headers=pro)
    assert r.status_code == 200 and _live(web, me) == []


def test_concurrent_creation_of_one_user_name_gives_one_201_and_409s(web_any: Web) -> None:
    admin = _auth(web_any, "admin")
    body = {"username": "meme-nom", "password": "a long password", "role": "admin"}

    def create(_: int) -> int:
        return web_any.client.post("/api/v1/users", json=body, headers=admin).status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(create, range(8)))
    assert codes.count(201) == 1 and set(codes) <= {201, 409}, codes


def test_unique_violation_reaching_the_database_is_409(
    web_any: Web, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check before the insert misses a concurrent writer: the constraint answers 409."""
    store = web_any.client.app.state.accounts  # type: ignore[attr-defined]
    monkeypatch.setattr(store, "account_by_name", lambda *_a, **_k: None)
    r = web_any.client.post(
        "/api/v1/users",
        json={"username": "coord", "password": "a long password", "role": "admin"},
        headers=_auth(web_any, "admin"),
    )
    assert "pris" in _error(r, 409) or "Conflit" in _error(r, 409)
    with web_any.factory() as s:
        assert len(s.scalars(select(UserRow).where(UserRow.username == "coord")).all()) == 1


def test_a_body_too_deeply_nested_is_400_in_french_and_nothing_stored(web_any: Web) -> None:
    before = _count(web_any, PatientRow)
    deep = "[" * 100_000 + "]" * 100_000
    r = web_any.client.post(
        "/api/v1/territories/t1/patients",
        content=deep,
        headers={**_auth(web_any, "coord"), "Content-Type": "application/json"},
    )
    message = _error(r, 400)
    assert "corps de la requête" in message and "parsing" not in message
    assert _count(web_any, PatientRow) == before


def test_an_unknown_address_answers_in_french(web_any: Web) -> None:
    r = web_any.client.get("/api/v1/nowhere", headers=_auth(web_any, "coord"))
    assert "introuvable" in _error(r, 404)
