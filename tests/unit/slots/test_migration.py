"""The 0002_slots migration creates exactly the tables of ``store/slots_models.py``."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from proxisante.store.base import Base
from proxisante.store.db import make_engine
from proxisante.store.migrate import upgrade
from proxisante.store.slots_models import SlotRow, SlotScheduleRow


def test_migration_matches_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url, "0002_slots")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    ours = {SlotRow.__tablename__, SlotScheduleRow.__tablename__}
    mine = [d for d in diffs if ours & set(str(d).split("'"))]
    assert mine == []
