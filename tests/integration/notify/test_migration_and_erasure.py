"""The migration creates exactly the outbox table and the tracking-code column of the models
(SQLite; the PostgreSQL path is exercised by the outbox tests), and erasing a patient drops the
unsent messages to them and blanks the address of the sent ones."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select

from proxisante.notify.model import Channel, Notification
from proxisante.registry.priority import assess_request
from proxisante.store.base import Base
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.notify.models import OutboxRow
from proxisante.store.notify.repository import SqlOutbox, SqlOutboxStore
from proxisante.store.registry import crud

NOW = datetime(2026, 6, 1, 9, 0)


def test_migration_matches_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    mine = [d for d in diffs if "notify_outbox" in str(d) or "tracking_hash" in str(d)]
    assert mine == []


def test_erasure_forgets_the_patient_s_messages(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'e.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        crud.create_territory(
            s, territory_id="t", name="t", now=NOW,
            communes=[crud.CommuneRecord("03310", "Vichy", 3.4, 46.1)],
        )  # fmt: skip
        pid = crud.register_patient(
            s, territory_id="t", commune_code="03310", last_name="Quelven",
            first_name="Anne", birth_date=date(1970, 1, 1), now=NOW,
            priority=assess_request(birth_date=date(1970, 1, 1), today=NOW.date()),
        ).id  # fmt: skip
        for i in range(3):
            SqlOutbox(s).enqueue(
                Notification(Channel.EMAIL, "anne@example.org", f"S{i}", "B", "x", pid), NOW
            )
    store = SqlOutboxStore(factory)
    [first] = store.claim("a", NOW, 1)
    assert store.mark_handed(first.id, "a", NOW)
    store.mark_sent(first.id, NOW)
    with transaction(factory) as s:
        assert crud.erase_patient(s, patient_id=pid, now=NOW)
    with factory() as s:
        rows = list(s.scalars(select(OutboxRow)))
    assert [(r.status, r.recipient, r.body) for r in rows] == [("sent", "", "")]
    engine.dispose()
