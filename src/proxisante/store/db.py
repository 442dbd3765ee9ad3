"""Engines and sessions: SQLite (embedded default) and PostgreSQL, with safe transactions.

On SQLite every transaction starts with ``BEGIN IMMEDIATE`` so that two writers never
interleave (the second waits up to ``busy_timeout``); on PostgreSQL writers lock the rows they
change (``SELECT … FOR UPDATE``) and use conditional updates.

The application's engines never log personal data, at any log level: ``hide_parameters``
keeps bound values out of SQL logs and error messages, ``echo`` is never on, and the engines
log under their own logger (``sqlalchemy.engine.Engine.proxisante``) whose DEBUG records are
dropped by a filter, because SQLAlchemy logs whole result rows at DEBUG (see :func:`_quiet_rows`).

Files: the folder of an SQLite database is created private (0700) and the database file and
its companions (``-wal``, ``-shm``, ``-journal``) are kept 0600 (:func:`secure_sqlite_files`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_S = 30
READ_ONLY = "proxisante_read_only"  # execution option: see read_only()
LOGGING_NAME = "proxisante"
ENGINE_LOGGER = f"sqlalchemy.engine.Engine.{LOGGING_NAME}"
POOL_LOGGERS = [
    f"sqlalchemy.pool.impl.{cls}.{LOGGING_NAME}"
    for cls in ("QueuePool", "SingletonThreadPool", "StaticPool", "NullPool")
]
_SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


class _NoDebug(logging.Filter):
    """Drops the DEBUG records of the app's engines: at DEBUG SQLAlchemy logs every result row
    ("Row %r": patients' names, phones …) and nothing else of use."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.INFO


def _quiet_rows() -> None:
    """Install the filter on the app's engine and pool loggers (not their level: an explicit
    INFO level would switch on SQL logging; the level stays the operator's choice)."""
    for name in (ENGINE_LOGGER, *POOL_LOGGERS):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _NoDebug) for f in logger.filters):
            logger.addFilter(_NoDebug())


def private_dir(path: Path) -> None:
    """Create ``path`` (and its missing parents) if missing; every folder created here is
    0700 whatever the umask (``mkdir(parents=True, mode=…)`` gives the parents the default)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(exist_ok=True, mode=0o700)
        folder.chmod(0o700)


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (``None`` for another database or an in-memory one)."""
    url = normalise_url(url)
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return Path(path) if path and path != ":memory:" else None


def secure_sqlite_files(url: str) -> None:
    """Make an SQLite database file and its companion files readable by the owner only."""
    path = sqlite_path(url)
    if path is None:
        return
    for suffix in _SQLITE_SUFFIXES:
        f = path.with_name(path.name + suffix)
        if f.exists():
            f.chmod(0o600)


def _create_private_file(path: Path) -> None:
    private_dir(path.parent)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def normalise_url(url: str) -> str:
    """``postgresql://`` → ``postgresql+psycopg://`` (psycopg 3 is the installed driver)."""
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url[len("postgres://") :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; creates the SQLite file's folder when needed."""
    url = normalise_url(url)
    _quiet_rows()
    for unsafe in ("echo", "echo_pool", "hide_parameters", "logging_name", "pool_logging_name"):
        kwargs.pop(unsafe, None)
    kwargs.update(
        hide_parameters=True,  # SQL errors and logs never carry personal data
        logging_name=LOGGING_NAME,
        pool_logging_name=LOGGING_NAME,
    )
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, **kwargs)
    file = sqlite_path(url)
    path = str(file) if file is not None else ""
    if file is not None:
        _create_private_file(file)
        secure_sqlite_files(url)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
        **kwargs,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        if path:
            cur.execute("PRAGMA journal_mode=WAL")
            # In WAL mode, NORMAL syncs at checkpoints, not at each commit: a commit survives
            # a crash of the application (never a corrupt file), the last ones may be lost on
            # a power cut. Each commit no longer waits for the disk (benchmarks/api_load.py).
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A read-only transaction (:func:`read_only`) takes no write lock: in WAL mode it reads
        # a consistent snapshot while a writer works.
        read = conn.get_execution_options().get(READ_ONLY, False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")

    return engine


def read_only(session: Session) -> None:
    """Mark the transaction that ``session`` is about to begin as a read: on SQLite it starts
    with a plain ``BEGIN`` instead of ``BEGIN IMMEDIATE`` and so does not wait for, nor hold,
    the write lock (each request's session lookup, under load with several workers). Call it
    before the first query of the transaction; a write in it may then fail as busy."""
    session.connection(execution_options={READ_ONLY: True})


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back entirely on error."""
    with factory() as session, session.begin():
        yield session
