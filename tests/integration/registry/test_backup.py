"""``proxisante db backup`` / ``db restore`` on SQLite (online backup API) and PostgreSQL
(pg_dump / pg_restore): a round trip; a backup taken during a burst of writes holds every row
committed before it started and only committed rows; refusals (not a backup, the other kind of
database, a newer version's backup, a database at a newer schema) exit 2 and write nothing."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import insert, select, text

from proxisante.cli.__main__ import main
from proxisante.store.backup import BackupError, backup, restore
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import current_heads, expected_heads, upgrade
from proxisante.store.registry import crud
from proxisante.store.registry.models import AuditRow, PatientRow
from tests.conftest import PG_ADMIN, pg_url

from .conftest import NOW, VICHY, add_patient  # type: ignore[import-not-found]

OLDER = "0013_capacity_kinds"


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    """Empty databases of the same kind as ``db_url`` (another SQLite file, another PostgreSQL
    database), dropped at the end."""
    made: list[str] = []

    def make(name: str) -> str:
        if db_url.startswith("sqlite"):
            return f"sqlite:///{tmp_path / (name + '.db')}"
        db = f"proxisante_test_backup_{name}_{os.getpid()}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
            conn.execute(f'CREATE DATABASE "{db}"')
        made.append(db)
        return pg_url(db, driver="postgresql+psycopg")

    yield make
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        for db in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


def _patients(url: str) -> list[tuple[str | None, str | None]]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as s:
            return [
                (r.last_name, r.phone)
                for r in s.scalars(select(PatientRow).order_by(PatientRow.id))
            ]
    finally:
        engine.dispose()


def _seed(url: str) -> None:
    engine = make_engine(url)
    with transaction(make_session_factory(engine)) as s:
        crud.create_territory(s, territory_id="t", name="t", communes=VICHY, now=NOW)
        for i in range(3):
            add_patient(s, "t", "03310", i)
    engine.dispose()


def test_round_trip(db_url: str, fresh_url: Callable[[str], str], tmp_path: Path) -> None:
    _seed(db_url)
    file = tmp_path / "proxisante.backup"
    info = backup(db_url, file)
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert info.revisions == expected_heads() and info.size == file.stat().st_size > 0
    target = fresh_url("target")
    restore(target, file)
    assert _patients(target) == _patients(db_url) and len(_patients(target)) == 3
    assert current_heads(target) == expected_heads()
    # restoring again over the same data is idempotent
    restore(target, file)
    assert len(_patients(target)) == 3


def test_a_backup_during_a_write_burst_has_every_committed_row(
    db_url: str, fresh_url: Callable[[str], str], tmp_path: Path
) -> None:
    engine = make_engine(db_url)
    committed: list[int] = []
    stop = threading.Event()

    def writer() -> None:
        i = 0
        while not stop.is_set():
            with engine.begin() as conn:
                conn.execute(insert(AuditRow).values(at=NOW, action="burst", detail=str(i)))
            committed.append(i)  # after the commit returned
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(committed) < 200:
            time.sleep(0.01)
        before = set(committed)
        backup(db_url, tmp_path / "burst.backup")
        n_at_end = len(committed)
        while len(committed) < n_at_end + 100:
            time.sleep(0.01)
    finally:
        stop.set()
        thread.join()
        engine.dispose()
    target = fresh_url("burst")
    restore(target, tmp_path / "burst.backup")
    check = make_engine(target)
    with check.connect() as conn:
        rows = {
            int(d) for d in conn.scalars(select(AuditRow.detail).where(AuditRow.action == "burst"))
        }
    check.dispose()
    assert before <= rows  # every row committed before the backup started
    assert rows == set(range(len(rows)))  # a consistent prefix: no half transaction, no gap
    assert len(rows) < len(committed)  # the burst went on after the snapshot


def test_a_file_that_is_not_a_backup_is_refused(db_url: str, tmp_path: Path) -> None:
    _seed(db_url)
    junk = tmp_path / "notes.txt"
    junk.write_text("pas une sauvegarde\n", encoding="utf-8")
    with pytest.raises(BackupError, match="n'est pas une sauvegarde de ProxiSanté") as err:
        restore(db_url, junk)
    assert str(junk) in str(err.value) and err.value.exit_code == 2
    plain = tmp_path / "other.db"
    sqlite3.connect(plain).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(BackupError):
        restore(db_url, plain)
    with pytest.raises(BackupError, match="illisible"):
        restore(db_url, tmp_path / "absent.backup")
    assert len(_patients(db_url)) == 3  # nothing lost


def test_a_backup_of_a_newer_version_is_refused(
    db_url: str, fresh_url: Callable[[str], str], tmp_path: Path
) -> None:
    source = fresh_url("future")
    upgrade(source)
    engine = make_engine(source)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    engine.dispose()
    file = tmp_path / "future.backup"
    backup(source, file)
    _seed(db_url)
    with pytest.raises(BackupError, match="version plus récente") as err:
        restore(db_url, file)
    assert "0099_future" in str(err.value)
    assert len(_patients(db_url)) == 3 and current_heads(db_url) == expected_heads()


def test_restoring_over_a_newer_schema_is_refused_unless_asked(
    db_url: str, fresh_url: Callable[[str], str], tmp_path: Path, home: Path
) -> None:
    old = fresh_url("old")
    upgrade(old, OLDER)
    file = tmp_path / "old.backup"
    backup(old, file)
    _seed(db_url)
    env = {"PROXISANTE_HOME": str(home), "PROXISANTE_DATABASE_URL": db_url}
    assert main(["db", "restore", str(file)], env) == 2
    assert len(_patients(db_url)) == 3 and current_heads(db_url) == expected_heads()
    with pytest.raises(BackupError, match="plus récente que celle de la sauvegarde"):
        restore(db_url, file)
    # into an empty database it goes, then `db upgrade`
    empty = fresh_url("empty")
    assert main(["db", "restore", str(file)], {**env, "PROXISANTE_DATABASE_URL": empty}) == 0
    assert current_heads(empty) == {OLDER}
    restore(db_url, file, allow_older=True)
    assert current_heads(db_url) == {OLDER}
    upgrade(db_url)
    assert current_heads(db_url) == expected_heads()


def test_the_other_kind_of_database_is_refused(db_url: str, tmp_path: Path) -> None:
    is_sqlite = db_url.startswith("sqlite")
    lite = db_url if is_sqlite else f"sqlite:///{tmp_path / 'o.db'}"
    upgrade(lite)
    file = tmp_path / "s.backup"
    backup(lite, file)
    target = pg_url("proxisante_never_created") if is_sqlite else db_url
    with pytest.raises(BackupError, match="sauvegarde sqlite ; la base cible est postgresql"):
        restore(target, file)  # refused before connecting to it
    if not is_sqlite:
        dump = tmp_path / "p.backup"
        backup(db_url, dump)
        with pytest.raises(BackupError, match="sauvegarde postgresql ; la base cible est sqlite"):
            restore(lite, dump)


def test_cli_round_trip_and_messages(
    db_url: str, fresh_url: Callable[[str], str], home: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    _seed(db_url)
    env = {"PROXISANTE_HOME": str(home), "PROXISANTE_DATABASE_URL": db_url}
    out = tmp_path / "cli.backup"
    assert main(["db", "backup", "--out", str(out), "--json"], env) == 0
    assert '"revision"' in capsys.readouterr().out
    assert main(["db", "backup", "--out", str(tmp_path / "nowhere" / "x.backup")], env) == 2
    assert "dossier absent" in capsys.readouterr().err
    target = fresh_url("cli")
    assert main(["db", "restore", str(out)], {**env, "PROXISANTE_DATABASE_URL": target}) == 0
    assert "restaurée" in capsys.readouterr().out
    assert len(_patients(target)) == 3
