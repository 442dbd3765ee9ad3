"""The migration state is asked of Alembic: a database behind this version's heads (empty,
or migrated to an older revision) is refused with the revisions named; an up-to-date one
passes. No table is created by the check."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from proxisante.store.db import make_engine
from proxisante.store.migrate import (
    DatabaseNotMigratedError,
    expected_heads,
    require_current,
    upgrade,
)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_empty_database_is_refused_and_left_empty(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with pytest.raises(DatabaseNotMigratedError, match="db upgrade") as err:
        require_current(url)
    assert err.value.current == set() and err.value.expected == expected_heads()
    assert err.value.exit_code == 2
    assert _tables(url) == set()


def test_older_revision_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0001_registry")
    with pytest.raises(DatabaseNotMigratedError) as err:
        require_current(url)
    assert err.value.current == {"0001_registry"}
    assert "0001_registry" in str(err.value)


def test_current_database_passes(tmp_path):
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    upgrade(url)
    require_current(url)
