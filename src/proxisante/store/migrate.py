"""Apply the Alembic migrations shipped inside the package (works from an installed wheel)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.store.db import make_engine, normalise_url, secure_sqlite_files

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return cfg


@contextmanager
def foreign_keys_off(conn: Connection) -> Iterator[None]:
    """On SQLite, foreign keys off while migrations run (Alembic's advice for batch
    migrations): a table rebuilt by copy-and-move is dropped and recreated, and with the keys
    on, dropping it cascades into the rows pointing at it (migration 0006 so lost every slot).
    The pragma only works outside a transaction: it is set on the driver's connection before
    SQLAlchemy begins one. Other databases: nothing to do."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw: Any = conn.connection.driver_connection
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def upgrade(url: str, revision: str = "heads") -> None:
    """Bring the database at ``url`` to ``revision`` (every head by default); an SQLite file
    is left readable by its owner only (0600)."""
    cfg = alembic_config(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn, foreign_keys_off(conn), conn.begin():
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    finally:
        engine.dispose()
    secure_sqlite_files(url)  # the database holds patients, password hashes, TOTP secrets


def current_heads(url: str) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())
    finally:
        engine.dispose()


def expected_heads() -> set[str]:
    """The head revisions of the migrations shipped with this version."""
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


class DatabaseNotMigratedError(UserError):
    """The database is not at the revision of this version (asked of Alembic, not guessed
    from an error text): ``proxisante db upgrade`` brings it there."""

    def __init__(self, where: str, current: set[str], expected: set[str]) -> None:
        self.current, self.expected = current, expected
        super().__init__(
            _(
                "la base {where} n'est pas à jour (révision {current}, attendu {expected}) : "
                "lancez `proxisante db upgrade` (ou réglez PROXISANTE_DATABASE_URL)."
            ).format(
                where=where,
                current=", ".join(sorted(current)) or _("aucune"),
                expected=", ".join(sorted(expected)),
            )
        )


def require_current(url: str) -> None:
    """Return when the database at ``url`` is at this version's heads; otherwise raise
    :class:`DatabaseNotMigratedError` (no table is created or changed)."""
    current, expected = current_heads(url), expected_heads()
    if current != expected:
        raise DatabaseNotMigratedError(url.split("@")[-1], current, expected)
