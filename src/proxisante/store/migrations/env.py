"""Alembic environment: the URL comes from the caller (``proxisante db upgrade``)."""

from __future__ import annotations

import importlib
import pkgutil

from alembic import context
from sqlalchemy import Connection

import proxisante.store as store_package
from proxisante.store.base import Base
from proxisante.store.db import make_engine
from proxisante.store.migrate import foreign_keys_off

# Register every table: each store module named *_models, or models in a store subpackage
# (store/slots/models.py, store/accounts/models.py …), defines some.
for _m in pkgutil.walk_packages(store_package.__path__, prefix=f"{store_package.__name__}."):
    if _m.name.endswith("_models") or _m.name.endswith(".models"):
        importlib.import_module(_m.name)

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    """Run the migrations (on SQLite, :func:`proxisante.store.migrate.foreign_keys_off` has
    switched the foreign keys off; they are checked here once the migrations are done)."""
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
        if connection.dialect.name == "sqlite":
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"foreign keys broken by a migration: {broken[:5]}")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn, foreign_keys_off(conn):
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
