"""The slot migrations create exactly the tables of ``store/slots/models.py``, and
``0006_slot_owners`` gives existing schedules the territory of their commune."""

from datetime import datetime
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from proxisante.store.base import Base
from proxisante.store.db import make_engine
from proxisante.store.migrate import alembic_config, upgrade
from proxisante.store.slots import SlotRow, SlotScheduleRow


def test_migration_matches_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        engine.dispose()
    ours = {SlotRow.__tablename__, SlotScheduleRow.__tablename__}
    mine = [d for d in diffs if ours & set(str(d).split("'"))]
    assert mine == []


def test_existing_schedules_get_the_territory_of_their_commune(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'o.db'}"
    upgrade(url, "0002_slots")
    engine = make_engine(url)
    now = datetime(2026, 11, 30)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO registry_territories (id, name, fictitious, max_travel_min, "
                "proposal_days, created_at) VALUES ('t1', 'CPTS', 0, 30, 7, :now)"
            ),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO registry_territory_communes (territory_id, code, name, lon, lat) "
                "VALUES ('t1', '03310', 'Vichy', 3.4, 46.1)"
            )
        )
        for sid, commune in [("in", "03310"), ("out", "75056")]:
            conn.execute(
                text(
                    "INSERT INTO slots_schedules (id, provider_name, provider_kind, commune, "
                    "created_at) VALUES (:id, 'X', 'organization', :c, :now)"
                ),
                {"id": sid, "c": commune, "now": now},
            )
    try:
        upgrade(url)
        with engine.connect() as conn:
            rows = {
                r[0]: r[1]
                for r in conn.execute(text("SELECT id, territory_id FROM slots_schedules"))
            }
            assert rows == {"in": "t1", "out": None}
            owners = conn.execute(text("SELECT professional_id FROM slots_schedules")).scalars()
            assert set(owners) == {None}
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0002_slots")
        upgrade(url)
    finally:
        engine.dispose()


def test_existing_ids_get_the_namespace_of_their_territory(tmp_path: Path) -> None:
    """0015_slot_id_scope keeps every schedule and slot (a booking included), each in the
    namespace of its territory (``''`` without one), and goes down again."""
    url = f"sqlite:///{tmp_path / 'n.db'}"
    upgrade(url, "0014_privacy")
    engine = make_engine(url)
    now = datetime(2026, 11, 30)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO registry_territories (id, name, fictitious, max_travel_min, "
                "proposal_days, created_at) VALUES ('t1', 'CPTS', 0, 30, 7, :now)"
            ),
            {"now": now},
        )
        for sid, territory in [("in", "t1"), ("out", None)]:
            conn.execute(
                text(
                    "INSERT INTO slots_schedules (id, provider_name, provider_kind, commune, "
                    "created_at, territory_id) VALUES (:id, 'X', 'organization', '03310', :now, "
                    ":t)"
                ),
                {"id": sid, "now": now, "t": territory},
            )
            conn.execute(
                text(
                    "INSERT INTO slots_slots (id, schedule_id, commune, start_at, end_at, "
                    "slot_type, status, booking_ref) VALUES (:id, :sc, '03310', :a, :b, "
                    "'visit', 'busy', 'SAS-1')"
                ),
                {"id": f"s-{sid}", "sc": sid, "a": now, "b": datetime(2026, 12, 1)},
            )
    try:
        upgrade(url)
        with engine.connect() as conn:
            spaces = {tuple(r) for r in conn.execute(text("SELECT ns, id FROM slots_schedules"))}
            assert spaces == {("t1", "in"), ("", "out")}
            kept = conn.execute(
                text("SELECT ns, id, schedule_id, booking_ref FROM slots_slots ORDER BY id")
            )
            assert [tuple(r) for r in kept] == [
                ("t1", "s-in", "in", "SAS-1"),
                ("", "s-out", "out", "SAS-1"),
            ]
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0014_privacy")
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM slots_slots")).scalar() == 2
        upgrade(url)
    finally:
        engine.dispose()


def test_slots_survive_every_migration_from_0002(tmp_path: Path) -> None:
    """Migrations that rebuild a table (SQLite copy-and-move) keep the rows that point at it:
    0006 rebuilt the schedules table, and with foreign keys on, dropping the old one cascaded
    into the slots (1 slot before, 0 after)."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(url, "0002_slots")
    engine = make_engine(url)
    now = datetime(2026, 11, 30, 9)
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO slots_schedules (id, provider_name, provider_kind, commune, "
                    "created_at) VALUES ('dr-a', 'X', 'organization', '03310', :now)"
                ),
                {"now": now},
            )
            conn.execute(
                text(
                    "INSERT INTO slots_slots (id, schedule_id, commune, start_at, end_at, "
                    "slot_type, status) VALUES ('s1', 'dr-a', '03310', :a, :b, 'consultation', "
                    "'free')"
                ),
                {"a": now, "b": datetime(2026, 11, 30, 10)},
            )
        upgrade(url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT COUNT(*) FROM slots_slots")).scalar() == 1
            assert conn.execute(text("SELECT COUNT(*) FROM slots_schedules")).scalar() == 1
    finally:
        engine.dispose()
