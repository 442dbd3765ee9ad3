"""The CSRF key is read without SQLite's write lock.

A page asks for the key while its own request may already hold the write lock on another
connection of the same thread; a write there waited for that lock until the busy timeout (30 s),
then failed: a 500 at each ``serve`` worker's first coordinator page
(``benchmarks/api_load.py``)."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from proxisante.store.accounts.repository import SqlAccountStore
from proxisante.store.db import make_engine, make_session_factory
from proxisante.store.migrate import upgrade
from proxisante.store.registry.models import AuditRow


def test_the_key_is_read_while_the_same_thread_holds_the_write_lock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    key = SqlAccountStore(factory).secret()  # created once, by an earlier process
    with factory() as request_session:
        # A request's transaction: BEGIN IMMEDIATE holds the write lock until it ends.
        request_session.add(AuditRow(at=datetime(2026, 12, 2), action="test", detail=""))
        request_session.flush()
        started = time.monotonic()
        assert SqlAccountStore(factory).secret() == key  # a new worker: nothing cached
        assert time.monotonic() - started < 5
        request_session.rollback()
    engine.dispose()
