"""Patients' rights end to end through the real app, on SQLite and PostgreSQL: the coordinator's
pages (read, correct, note, withdraw, erase, export JSON and PDF letter, controller settings), the
API's refusals, the public notice, and the retention purge of the tick. After an erasure or a
purge no personal datum of the person is left in any table (the outbox included) nor in any log
record; every step leaves its audit row, with identifiers only."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import MetaData, select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.bootstrap.runners import run_registry_tick
from proxisante.registry.ports import CLI
from proxisante.registry.priority import assess_request
from proxisante.registry.travel_provider import stored_points_estimate
from proxisante.store.db import transaction
from proxisante.store.notify.models import OutboxRow
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, PatientNoteRow, PatientRow, ProposalRow

from .conftest import NOW, Web, service  # type: ignore[import-not-found]

# A fictitious person of this test only (the seed's people are shared by two territories).
PERSON = {
    "last_name": "Kerlochantec-Ysmer",
    "first_name": "Eulalie-Ysolde",
    "phone": "06 47 58 69 70",
    "email": "eulalie.kerlochantec@example.org",
}
BIRTH = date(1961, 3, 4)
NEW_PHONE = "07 81 92 03 14"
# A coordination's note on the record: personal data too (erasure and purge delete it).
NOTE = "Rappelée par Mme Kerlochantec : préfère le cabinet de Cusset, mardi matin."
SECRETS = [*PERSON.values(), NEW_PHONE, "eulalie.k@example.net", NOTE, "Cusset, mardi"]


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.args!r}")


@pytest.fixture
def logs() -> Iterator[Capture]:
    handler = Capture()
    names = ["", "sqlalchemy.engine", "sqlalchemy.pool", "proxisante"]
    saved = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    for n, level in saved.items():
        logging.getLogger(n).setLevel(level)


def _person(web: Web) -> int:
    """The test's person, registered and proposed to a professional (an outbox message)."""
    with transaction(web.factory) as s:
        row = crud.register_patient(
            s, territory_id="t1", commune_code="03310", birth_date=BIRTH, now=NOW,
            priority=assess_request(birth_date=BIRTH, today=NOW.date()), **PERSON,
        )  # fmt: skip
        pro = crud.create_professional(
            s, territory_id="t1", display_name="Dr Rights", commune_code="03310"
        )
        crud.declare_capacity(s, professional_id=pro.id, places=3, now=NOW)
        service(s).run_matching(CLI, "t1")
        pid = row.id
    with web.factory() as s:
        assert s.scalar(select(OutboxRow.id).where(OutboxRow.patient_id == pid)) is not None
    return pid


def _coord(web: Web) -> tuple[dict[str, str], str]:
    token = web.tokens["coord"]
    csrf = web.client.app.state.tokens.csrf(token)  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {token}"}, csrf


def _traces(factory: sessionmaker[Session]) -> list[tuple[str, str]]:
    """(table, column) of every value in the database that holds the person's data."""
    meta = MetaData()
    with factory() as s:
        meta.reflect(bind=s.connection())
        hits = []
        for table in meta.sorted_tables:
            for row in s.execute(select(table)).all():
                for column, value in zip(table.columns, row, strict=True):
                    text = str(value) if isinstance(value, str) else ""
                    if value == BIRTH or any(v in text for v in SECRETS):
                        hits.append((table.name, column.name))
    return hits


def _actions(factory: sessionmaker[Session], pid: int) -> list[tuple[str, str]]:
    with factory() as s:
        rows = s.execute(
            select(AuditRow.action, AuditRow.detail)
            .where(AuditRow.patient_id == pid)
            .order_by(AuditRow.id)
        )
        return [(a, d) for a, d in rows]


def test_read_correct_export_withdraw_erase_through_the_pages(web_any: Web, logs: Capture) -> None:
    web = web_any
    pid = _person(web)
    h, csrf = _coord(web)
    c = web.client
    assert f'href="/coordination/patients/{pid}"' in c.get("/coordination", headers=h).text
    page = c.get(f"/coordination/patients/{pid}", headers=h)
    assert page.status_code == 200 and PERSON["last_name"] in page.text
    assert 'href="/donnees-personnelles?territoire=t1"' in page.text
    form = {"csrf": csrf, **PERSON, "birth_date": BIRTH.isoformat(), "commune_code": "03310"}

    # a refused correction: 400, the message names the field, nothing changed
    bad = c.post(
        f"/coordination/patients/{pid}/correction",
        data={**form, "email": "pas une adresse"},
        headers=h,
        follow_redirects=False,
    )
    assert bad.status_code == 400 and "email :" in bad.text
    with web.factory() as s:
        assert s.get(PatientRow, pid).email == PERSON["email"]  # type: ignore[union-attr]

    # a correction: the phone and a criterion; the priority is assessed again
    done = c.post(
        f"/coordination/patients/{pid}/correction",
        data={**form, "phone": NEW_PHONE, "ald": "1"},
        headers=h,
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[:300]
    with web.factory() as s:
        row = s.get(PatientRow, pid)
        assert row is not None and row.phone == NEW_PHONE and row.ald
        assert "ald" in row.priority_reasons
    corrected = [d for a, d in _actions(web.factory, pid) if a == "patient.correct"]
    assert corrected and corrected[0].startswith("ald,phone level ")
    assert NEW_PHONE not in corrected[0]

    # a note on the record: shown on the page, audited by id only
    noted = c.post(
        f"/coordination/patients/{pid}/notes", data={"csrf": csrf, "text": NOTE}, headers=h,
        follow_redirects=False,
    )  # fmt: skip
    assert noted.status_code == 303, noted.text[:300]
    assert NOTE.split(" : ")[1] in c.get(f"/coordination/patients/{pid}", headers=h).text
    assert ("patient.note", "note 1") in _actions(web.factory, pid)

    # access: the JSON export and the letter
    export = c.get(f"/api/v1/patients/{pid}/export", headers=h).json()
    assert export["patient"]["phone"] == NEW_PHONE
    assert export["controller"]["structure"] == "CPTS un"
    assert {"patient.read", "patient.correct", "patient.export"} <= {
        a["action"] for a in export["access_log"]
    }
    assert export["proposals"] and export["proposals"][0]["professional"] == "Dr Rights"
    assert [(n["text"], n["author_role"]) for n in export["notes"]] == [(NOTE, "coordinator")]
    assert export["notes"][0]["created_at"] == NOW.isoformat()
    letter = c.get(f"/api/v1/patients/{pid}/letter.pdf", headers=h)
    assert letter.status_code == 200 and letter.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(letter.content)).pages)
    assert PERSON["last_name"] in text and "CNIL" in text and "12 mois" in text
    words = " ".join(text.split())
    assert "Notes de la coordination" in words and "mardi matin" in words

    # withdrawal: the live proposal is cancelled
    assert c.post(
        f"/coordination/patients/{pid}/retrait", data={"csrf": csrf}, headers=h,
        follow_redirects=False,
    ).status_code == 303  # fmt: skip
    with web.factory() as s:
        assert s.get(PatientRow, pid).status == "withdrawn"  # type: ignore[union-attr]
        live = s.scalars(
            select(ProposalRow).where(
                ProposalRow.patient_id == pid, ProposalRow.status == "proposed"
            )
        ).all()
        assert live == []

    # erasure without the confirmation box: refused, nothing erased
    no = c.post(
        f"/coordination/patients/{pid}/effacement", data={"csrf": csrf}, headers=h,
        follow_redirects=False,
    )  # fmt: skip
    assert no.status_code == 400 and "confirmation" in no.text
    assert _traces(web.factory)

    # erasure: nothing of the person is left, in any table, the outbox included
    yes = c.post(
        f"/coordination/patients/{pid}/effacement", data={"csrf": csrf, "confirm": "1"},
        headers=h, follow_redirects=False,
    )  # fmt: skip
    assert yes.status_code == 303 and yes.headers["location"].startswith("/coordination?")
    assert _traces(web.factory) == []
    with web.factory() as s:
        row = s.get(PatientRow, pid)
        assert row is not None and row.status == "erased" and not row.ald
        assert row.registered_at == datetime.combine(NOW.date(), datetime.min.time())
        box = s.scalars(select(OutboxRow).where(OutboxRow.patient_id == pid)).all()
        assert all(m.recipient == "" and m.body == "" for m in box)
    actions = [a for a, _ in _actions(web.factory, pid)]
    assert actions[-1] == "patient.erase"
    assert {"patient.read", "patient.correct", "patient.note", "patient.export",
            "patient.withdraw"} <= set(actions)  # fmt: skip
    with web.factory() as s:
        assert s.scalars(select(PatientNoteRow).where(PatientNoteRow.patient_id == pid)).all() == []
    assert c.get(f"/coordination/patients/{pid}", headers=h).status_code == 404
    leaks = [line[:120] for line in logs.lines if any(v in line for v in SECRETS)]
    assert leaks == []


def test_purge_after_the_retention_set_on_the_page(web_any: Web) -> None:
    web = web_any
    pid = _person(web)
    h, csrf = _coord(web)
    c = web.client
    bad = c.post(
        "/coordination/donnees-personnelles",
        data={"csrf": csrf, "structure": "CPTS un", "retention_months": "0"},
        headers=h,
    )
    assert bad.status_code == 400 and "retention_months" in bad.text
    ok = c.post(
        "/coordination/donnees-personnelles",
        data={"csrf": csrf, "structure": "Association CPTS un", "email": "droits@example.org",
              "retention_months": "1"},
        headers=h, follow_redirects=False,
    )  # fmt: skip
    assert ok.status_code == 303
    # a note through the API: the purge deletes it with the rest
    note = c.post(f"/api/v1/patients/{pid}/notes", json={"text": NOTE}, headers=h)
    assert note.status_code == 201 and note.json()["author"] == "coord"
    public = c.get("/donnees-personnelles?territoire=t1").text
    assert "Association CPTS un" in public and "droits@example.org" in public
    # the professional accepts: the request is closed (attached) today
    with transaction(web.factory) as s:
        live = s.scalars(
            select(ProposalRow).where(
                ProposalRow.patient_id == pid, ProposalRow.status == "proposed"
            )
        ).one()
        service(s).accept(CLI, live.id, live.professional_id)
    tick = run_registry_tick(
        web.factory, clock=lambda: NOW + timedelta(days=20), travel=stored_points_estimate
    )
    assert tick.purged == 0  # within the month
    assert ("registry_patient_notes", "text") in _traces(web.factory)
    tick = run_registry_tick(
        web.factory, clock=lambda: NOW + timedelta(days=40), travel=stored_points_estimate
    )
    assert tick.purged == 1
    assert _traces(web.factory) == []
    with web.factory() as s:
        assert s.get(PatientRow, pid).status == "erased"  # type: ignore[union-attr]
        summary = s.scalars(
            select(AuditRow.detail).where(AuditRow.action == "registry.purge")
        ).all()
    assert summary == ["purged 1 retention 1m"]
    with web.factory() as s:
        assert s.scalars(select(PatientNoteRow)).all() == []
    assert ("patient.purge", "attached 1m") in _actions(web.factory, pid)


def test_refusals_of_the_api_name_the_input_and_change_nothing(web_any: Web) -> None:
    web = web_any
    h, _ = _coord(web)
    c = web.client
    r = c.patch("/api/v1/patients/999999", json={"phone": NEW_PHONE}, headers=h)
    assert r.status_code == 404 and "Patient 999999 introuvable" in r.json()["error"]["message"]
    p1 = web.seed.patient_t1
    with web.factory() as s:
        before = s.get(PatientRow, p1).email  # type: ignore[union-attr]
    r = c.patch(f"/api/v1/patients/{p1}", json={"email": "x@", "commune_code": "99999"}, headers=h)
    message = r.json()["error"]["message"]
    assert r.status_code == 400 and "email :" in message and "'99999'" in message
    assert c.patch(f"/api/v1/patients/{p1}", json={"nickname": "x"}, headers=h).status_code == 422
    with web.factory() as s:
        assert s.get(PatientRow, p1).email == before  # type: ignore[union-attr]
    r = c.put("/api/v1/territories/t1/privacy", json={"structure": "x", "email": "nope"}, headers=h)
    assert r.status_code == 400 and "email :" in r.json()["error"]["message"]
    assert c.get("/api/v1/territories/t1/privacy", headers=h).json()["is_default"] is True
    # another territory's patient is 404, as if absent
    h2 = {"Authorization": f"Bearer {web.tokens['coord2']}"}
    assert c.post(f"/api/v1/patients/{p1}/withdraw", headers=h2).status_code == 404
    # a request already closed cannot be withdrawn: 409, nothing changed
    assert c.post(f"/api/v1/patients/{p1}/withdraw", headers=h).status_code == 200
    r = c.post(f"/api/v1/patients/{p1}/withdraw", headers=h)
    assert r.status_code == 409 and "withdrawn" in r.json()["error"]["message"]


def test_the_public_notice_by_territory_and_its_links(web: Web) -> None:
    with transaction(web.factory) as s:
        crud.create_territory(
            s, territory_id="vs", name="Réseau Sion", now=NOW,
            communes=[crud.CommuneRecord("ch:6266", "Sion", 7.36, 46.23)],
        )  # fmt: skip
    c = web.client
    general = c.get("/donnees-personnelles")
    assert general.status_code == 200
    for tid in ("t1", "t2", "vs"):
        assert f"/donnees-personnelles?territoire={tid}" in general.text
    fr = c.get("/donnees-personnelles?territoire=t1").text
    ch = c.get("/donnees-personnelles?territoire=vs").text
    assert "CNIL" in fr and "Valais" not in fr.split("<main")[1].split("</main>")[0]
    assert "Valais" in ch and "CNIL" not in ch
    de = c.get("/donnees-personnelles?territoire=vs&lang=de")
    assert de.headers["content-language"] == "de" and "Ihre Rechte" in de.text
    missing = c.get("/donnees-personnelles?territoire=nope")
    assert missing.status_code == 404 and "nope" in missing.text
    # linked from the forms that collect patient data and from both footers
    for url in ("/inscription", "/", "/login"):
        assert "/donnees-personnelles" in c.get(url).text, url
    h, _ = _coord(web)
    assert "/donnees-personnelles?territoire=t1" in c.get("/coordination", headers=h).text
    helper = {"Authorization": f"Bearer {web.tokens['helper']}"}
    assert "/donnees-personnelles" in c.get("/aidant", headers=helper).text
