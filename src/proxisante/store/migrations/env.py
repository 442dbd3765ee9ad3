"""Alembic environment: the URL comes from the caller (``proxisante db upgrade``)."""

from __future__ import annotations

import importlib
import pkgutil

from alembic import context
from sqlalchemy import Connection

import proxisante.store as store_package
from proxisante.store.base import Base
from proxisante.store.db import make_engine

# Register every table: each store module named *_models, or models in a store subpackage
# (store/slots/models.py, store/accounts/models.py …), defines some.
for _m in pkgutil.walk_packages(store_package.__path__, prefix=f"{store_package.__name__}."):
    if _m.name.endswith("_models") or _m.name.endswith(".models"):
        importlib.import_module(_m.name)

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
