"""``serve --demo`` publishes fictitious slots over the next two days, labelled as such, and a
second start adds no duplicate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from proxisante.bootstrap.demo import prepare_demo
from proxisante.config import Settings
from proxisante.slots.demo import demo_slots
from proxisante.store.db import make_engine, make_session_factory
from proxisante.store.slots import SlotRow, SlotScheduleRow


def test_demo_has_fictitious_slots_within_48_h(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'prod.db'}")
    demo_settings, _ = prepare_demo(settings)
    prepare_demo(settings)  # a second start
    engine = make_engine(demo_settings.database_url)
    with make_session_factory(engine)() as s:
        schedules = list(s.scalars(select(SlotScheduleRow)))
        slots = list(s.scalars(select(SlotRow)))
    engine.dispose()
    assert {sc.territory_id for sc in schedules} == {"cpts-vichy-demo"}
    assert all(sc.provider_name.endswith(("(fictif)", "(fictive)")) for sc in schedules)
    now = datetime.now(UTC).replace(tzinfo=None)
    assert slots and all(
        now - timedelta(minutes=5) < r.start_at <= now + timedelta(days=2) for r in slots
    )
    assert len({r.id for r in slots}) == len(slots)
    _, drafts = demo_slots(["03310", "03095"], datetime(2027, 5, 3, 6, 0, tzinfo=UTC))
    assert len(drafts) == 2 * 8 * 2  # two agendas, eight hours a day, two days
