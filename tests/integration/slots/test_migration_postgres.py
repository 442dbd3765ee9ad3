"""The slot migrations (0002_slots, 0006_slot_owners) go up, down and up again on PostgreSQL."""

from __future__ import annotations

import os

import psycopg
import pytest
from alembic import command
from sqlalchemy import inspect

from proxisante.store.db import make_engine
from proxisante.store.migrate import alembic_config, upgrade
from tests.conftest import PG_ADMIN, pg_url


@pytest.mark.postgres
def test_up_down_up() -> None:
    name = f"proxisante_test_slots_mig_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = pg_url(name)
    try:
        upgrade(url, "0002_slots")
        engine = make_engine(url)
        assert {"slots_schedules", "slots_slots"} <= set(inspect(engine).get_table_names())
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001_registry")
        assert "slots_slots" not in inspect(engine).get_table_names()
        upgrade(url)
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002_slots")
        engine.dispose()
        upgrade(url)
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
