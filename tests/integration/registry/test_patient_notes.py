"""The coordination's notes on a patient's record (issue 24), on SQLite and PostgreSQL: the use
case (add, list; scope and roles; audit rows with ids only), the record page's form (CSRF,
errors named per field, nothing stored on a refusal) and list (newest first, local date and
time in words, the author), the API's sub-resource, the territory isolation, the migration
(0016 adds the table and keeps the rows), and no note text in any log record."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from proxisante.actor import Actor
from proxisante.registry._errors import RegistryNotFoundError
from proxisante.registry.notes import MAX_NOTE_LENGTH, NoteError
from proxisante.registry.ports import AuditEvent
from proxisante.registry.rights import RightsService
from proxisante.store.accounts.users import create_user
from proxisante.store.base import Base
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, PatientNoteRow, PatientRow
from proxisante.store.registry.repository import SqlRegistry

from .conftest import MOULINS, NOW, VICHY, Web, _reset_pg, add_patient  # type: ignore[import-not-found]

NOTE = "Appel du 1er juin : Mme Quelvennec préfère un cabinet à Cusset, plutôt le matin."
LATER = "Rappel : dossier ALD transmis par sa fille."


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[Actor, AuditEvent]] = []

    def record(self, actor: Actor, at: datetime, event: AuditEvent) -> None:
        self.events.append((actor, event))

    def record_many(self, actor: Actor, at: datetime, events: list[AuditEvent]) -> None:
        self.events.extend((actor, e) for e in events)


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()} {record.args!r} {record.exc_text}")


@pytest.fixture
def logs() -> Iterator[Capture]:
    handler = Capture()
    names = ["", "sqlalchemy.engine", "sqlalchemy.pool", "proxisante", "uvicorn", "fastapi"]
    saved = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    yield handler
    logging.getLogger().removeHandler(handler)
    for n, level in saved.items():
        logging.getLogger(n).setLevel(level)


# ---------------------------------------------------------------- the use case


def _setup(factory: sessionmaker[Session]) -> tuple[int, int, dict[str, int]]:
    with transaction(factory) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
        crud.create_territory(s, territory_id="u", name="u", communes=MOULINS, now=NOW)
        users = {
            name: create_user(
                s, username=name, password_hash="x", role=role, territory_id=tid, now=NOW
            ).id
            for name, role, tid in [
                ("coord-t", "coordinator", "t"),
                ("coord-u", "coordinator", "u"),
                ("helper-t", "helper", "t"),
                ("admin", "admin", None),
            ]
        }
        return add_patient(s, "t", "03310", 0), add_patient(s, "u", "03190", 1), users


def _rights(s: Session, audit: Recorder, at: datetime = NOW) -> RightsService:
    return RightsService(SqlRegistry(s), audit, lambda: at)


def test_add_and_list_newest_first_audited_with_ids_only(factory: sessionmaker[Session]) -> None:
    pid, _, users = _setup(factory)
    me = Actor(users["coord-t"], "coordinator", "t")
    audit = Recorder()
    with transaction(factory) as s:
        first = _rights(s, audit).add_note(me, pid, f"  {NOTE}\r\n")
        second = _rights(s, audit, NOW + timedelta(hours=2)).add_note(me, pid, LATER)
    assert first.text == NOTE and first.author == "coord-t" and first.author_role == "coordinator"
    with transaction(factory) as s:
        listed = _rights(s, audit).notes(me, pid)
        shown = _rights(s, audit).read_file(me, pid)
    assert [n.id for n in listed] == [second.id, first.id]  # newest first
    assert [n.text for n in shown.notes] == [LATER, NOTE] and shown.patient.id == pid
    assert [(e.action, e.patient_id, e.territory_id, e.detail) for _, e in audit.events] == [
        ("patient.note", pid, "t", f"note {first.id}"),
        ("patient.note", pid, "t", f"note {second.id}"),
        ("patient.notes_read", pid, "t", ""),
        ("patient.read", pid, "t", ""),
    ]
    # the command line and an administrator write notes too (no username for the CLI)
    with transaction(factory) as s:
        cli = _rights(s, audit).add_note(Actor(None, "cli"), pid, "Import du registre papier.")
        admin = _rights(s, audit).add_note(Actor(users["admin"], "admin"), pid, "Vérifié.")
    assert (cli.author, cli.author_role) == (None, "cli")
    assert (admin.author, admin.author_role) == ("admin", "admin")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "text : la note est vide"),
        (" \n\t ", "text : la note est vide"),
        ("x" * (MAX_NOTE_LENGTH + 1), f"text : {MAX_NOTE_LENGTH + 1} caractères"),
        ("avant\x00après", "text : la note contient un caractère nul"),
        ("cloche\x07", "text : la note contient un caractère de contrôle"),
    ],
)
def test_a_refused_note_names_the_field_and_stores_nothing(
    factory: sessionmaker[Session], text: str, expected: str
) -> None:
    pid, _, users = _setup(factory)
    audit = Recorder()
    with pytest.raises(NoteError) as err, transaction(factory) as s:
        _rights(s, audit).add_note(Actor(users["coord-t"], "coordinator", "t"), pid, text)
    assert expected in str(err.value) and "rien n'a été enregistré" in str(err.value)
    assert err.value.field == "text" and err.value.http_status == 400
    assert "après" not in str(err.value)  # the text itself is never quoted
    assert audit.events == []
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(PatientNoteRow)) == 0
    # exactly the maximum is accepted
    with transaction(factory) as s:
        note = _rights(s, audit).add_note(
            Actor(users["coord-t"], "coordinator", "t"), pid, "é" * MAX_NOTE_LENGTH
        )
    assert len(note.text) == MAX_NOTE_LENGTH


def test_only_the_coordination_of_the_territory_reads_and_writes(
    factory: sessionmaker[Session],
) -> None:
    pid, other, users = _setup(factory)
    audit = Recorder()
    outsiders = [
        Actor(users["coord-u"], "coordinator", "u"),  # another territory
        Actor(users["helper-t"], "helper", "t"),  # the territory, not the coordination
        Actor(None, "professional", "t", 1),
    ]
    for who in outsiders:
        with pytest.raises(RegistryNotFoundError), transaction(factory) as s:
            _rights(s, audit).add_note(who, pid, NOTE)
        with pytest.raises(RegistryNotFoundError), transaction(factory) as s:
            _rights(s, audit).notes(who, pid)
        with pytest.raises(RegistryNotFoundError), transaction(factory) as s:
            _rights(s, audit).read_file(who, pid)
    # the coordination of u sees its own patient's notes, not t's
    with transaction(factory) as s:
        _rights(s, audit).add_note(Actor(users["coord-u"], "coordinator", "u"), other, "u")
    assert audit.events[-1][1].action == "patient.note"
    assert [e.action for _, e in audit.events] == ["patient.note"]
    with factory() as s:
        rows = s.execute(select(PatientNoteRow.patient_id, PatientNoteRow.territory_id)).all()
    assert [tuple(r) for r in rows] == [(other, "u")]


def test_erasure_deletes_the_notes_the_tombstone_stays(factory: sessionmaker[Session]) -> None:
    pid, other, users = _setup(factory)
    audit = Recorder()
    coord = Actor(users["coord-t"], "coordinator", "t")
    with transaction(factory) as s:
        _rights(s, audit).add_note(coord, pid, NOTE)
        _rights(s, audit).add_note(Actor(users["coord-u"], "coordinator", "u"), other, LATER)
        _rights(s, audit).erase(coord, pid)
    with factory() as s:
        assert s.scalars(select(PatientNoteRow.text)).all() == [LATER]  # the other's stays
        assert s.get(PatientRow, pid).status == "erased"  # type: ignore[union-attr]
        details = s.scalars(select(AuditRow.detail)).all()
    assert not any(NOTE[:20] in d or LATER[:20] in d for d in details)


# ---------------------------------------------------------------- the page and the API


def _auth(web: Web, who: str) -> tuple[dict[str, str], str]:
    token = web.tokens[who]
    csrf = web.client.app.state.tokens.csrf(token)  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {token}"}, csrf


def _count(web: Web) -> int:
    with web.factory() as s:
        return int(s.scalar(select(func.count()).select_from(PatientNoteRow)) or 0)


def _notes_section(html: str) -> str:
    return html.split('id="notes-h"')[1].split("</section>")[0]


def test_the_page_form_and_list(web_any: Web, logs: Capture) -> None:
    web, c = web_any, web_any.client
    h, csrf = _auth(web, "coord")
    pid = web.seed.patient_t1
    page = c.get(f"/coordination/patients/{pid}", headers=h).text
    section = _notes_section(page)
    assert '<label class="fr-label" for="n-text">' in section
    assert f'maxlength="{MAX_NOTE_LENGTH}"' in section and 'name="csrf"' in section
    assert "Aucune note pour l&#39;instant." in section or "Aucune note pour l'instant." in section
    url = f"/coordination/patients/{pid}/notes"
    for text in (NOTE, LATER):
        done = c.post(url, data={"csrf": csrf, "text": text}, headers=h, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].endswith("#notes-h")
    shown = c.get(done.headers["location"], headers=h).text
    assert "Note ajoutée à la fiche." in shown
    section = _notes_section(shown)
    assert section.index("dossier ALD") < section.index("cabinet à Cusset")  # newest first
    # 09:00 UTC is 11:00 in Paris in June; the date in words, never ISO
    assert section.count("1 juin 2026, 11:00") == 2 and "coord" in section
    assert not re.search(r"\d{4}-\d{2}-\d{2}", section)
    english = _notes_section(c.get(f"/coordination/patients/{pid}?lang=en", headers=h).text)
    assert "June 1, 2026" in english and "11:00" in english
    german = _notes_section(c.get(f"/coordination/patients/{pid}?lang=de", headers=h).text)
    assert "1. Juni 2026" in german
    with web.factory() as s:
        audited = s.execute(
            select(AuditRow.action, AuditRow.detail).where(AuditRow.action == "patient.note")
        ).all()
    assert [d for _, d in audited] == ["note 1", "note 2"]
    assert not [line[:120] for line in logs.lines if "Cusset" in line or "dossier ALD" in line]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "la note est vide"),
        ("   ", "la note est vide"),
        ("y" * (MAX_NOTE_LENGTH + 1), "2001 caractères"),
        ("Rappel\x07", "la note contient un caractère de contrôle"),
    ],
)
def test_a_refused_note_on_the_page(web: Web, text: str, expected: str) -> None:
    c = web.client
    h, csrf = _auth(web, "coord")
    pid = web.seed.patient_t1
    r = c.post(f"/coordination/patients/{pid}/notes", data={"csrf": csrf, "text": text},
               headers=h, follow_redirects=False)  # fmt: skip
    assert r.status_code == 400
    section = _notes_section(r.text)
    assert 'class="fr-error-text"' in section and f"text : {expected}" in section
    assert 'aria-describedby="n-text-erreur"' in section
    assert _count(web) == 0
    # a NUL character: refused at the edge of every form (400 naming the field)
    r = c.post(f"/coordination/patients/{pid}/notes", data={"csrf": csrf, "text": "a\x00b"},
               headers={**h, "Accept": "text/html"})  # fmt: skip
    assert r.status_code == 400 and "text" in r.text and "NUL" in r.text
    assert _count(web) == 0
    # without the form's token: 403, nothing stored either
    r = c.post(f"/coordination/patients/{pid}/notes", data={"text": NOTE}, headers=h)
    assert r.status_code == 403 and _count(web) == 0


def test_another_territory_or_role_is_refused(web_any: Web) -> None:
    web, c = web_any, web_any.client
    pid = web.seed.patient_t1
    h2, csrf2 = _auth(web, "coord2")
    assert c.get(f"/coordination/patients/{pid}", headers=h2).status_code == 404
    r = c.post(f"/coordination/patients/{pid}/notes", data={"csrf": csrf2, "text": NOTE},
               headers=h2, follow_redirects=False)  # fmt: skip
    assert r.status_code == 404
    api = f"/api/v1/patients/{pid}/notes"
    assert c.post(api, json={"text": NOTE}, headers=h2).status_code == 404
    assert c.get(api, headers=h2).status_code == 404
    for who in ("pro", "helper", "analyst"):
        h, csrf = _auth(web, who)
        r = c.post(f"/coordination/patients/{pid}/notes", data={"csrf": csrf, "text": NOTE},
                   headers=h, follow_redirects=False)  # fmt: skip
        assert r.status_code == 403, who
        assert c.get(f"/api/v1/patients/{pid}/notes", headers=h).status_code == 403, who
    assert _count(web) == 0


def test_the_api_sub_resource(web_any: Web) -> None:
    web, c = web_any, web_any.client
    pid = web.seed.patient_t1
    h, _ = _auth(web, "coord")
    ha, _ = _auth(web, "admin")
    made = c.post(f"/api/v1/patients/{pid}/notes", json={"text": NOTE}, headers=h)
    assert made.status_code == 201
    body = made.json()
    assert (body["text"], body["author"], body["author_role"]) == (NOTE, "coord", "coordinator")
    again = c.post(f"/api/v1/patients/{pid}/notes", json={"text": LATER}, headers=ha)
    assert again.status_code == 201
    listed = c.get(f"/api/v1/patients/{pid}/notes", headers=h).json()
    assert [n["author"] for n in listed] == ["admin", "coord"]
    too_long = c.post(
        f"/api/v1/patients/{pid}/notes", json={"text": "z" * (MAX_NOTE_LENGTH + 1)}, headers=h
    )
    assert too_long.status_code == 400 and "text :" in too_long.json()["error"]["message"]
    nul = c.post(f"/api/v1/patients/{pid}/notes", json={"text": "a\x00b"}, headers=h)
    assert nul.status_code == 400 and "body.text : caractère NUL" in nul.text
    assert c.post(f"/api/v1/patients/{pid}/notes", json={}, headers=h).status_code == 422
    assert _count(web) == 2
    with web.factory() as s:
        actions = s.scalars(
            select(AuditRow.action).where(AuditRow.patient_id == pid).order_by(AuditRow.id)
        ).all()
    assert actions[-3:] == ["patient.note", "patient.note", "patient.notes_read"]


# ---------------------------------------------------------------- the migration


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database migrated to 0015 only (before the notes)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        url = request.getfixturevalue("pg_database")
        _reset_pg(url)
    upgrade(url, "0015_slot_id_scope")
    return url


def test_upgrading_adds_the_table_and_keeps_the_rows(old_url: str) -> None:
    engine = make_engine(old_url)
    try:
        assert "registry_patient_notes" not in inspect(engine).get_table_names()
        factory = make_session_factory(engine)
        with transaction(factory) as s:
            crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
            pid = add_patient(s, "t", "03310", 0)
        engine.dispose()
        upgrade(old_url)
        with factory() as s:
            row = s.get(PatientRow, pid)
            assert row is not None and row.last_name == "Quelvennec"
        with transaction(factory) as s:
            note = _rights(s, Recorder()).add_note(Actor(None, "cli"), pid, NOTE)
        with factory() as s:
            assert s.get(PatientNoteRow, note.id) is not None
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert [d for d in diffs if "registry_patient_notes" in str(d)] == []
    finally:
        engine.dispose()
