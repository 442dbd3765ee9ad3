"""Slot and schedule ids scoped to their territory (issue 20): the key of a schedule, and of
a slot, becomes ``(ns, id)`` where ``ns`` is the schedule's territory (``''`` for a schedule
without one). Two territories may then use the same id: publishing an id that another
territory uses answers as for a free id, and no territory can take another's ids.

Data kept: each existing schedule gets its territory as namespace, each slot its schedule's.

Revision ID: 0015_slot_id_scope
Revises: 0014_privacy
Create Date: 2027-01-12 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_slot_id_scope"
down_revision = "0014_privacy"
branch_labels = None
depends_on = None

_NS = sa.String(length=64)


def upgrade() -> None:
    # The slots first lose their link to the schedules, so that no schedule table rebuilt
    # (SQLite) cascades into them.
    with op.batch_alter_table("slots_slots", schema=None) as batch_op:
        batch_op.drop_constraint("fk_slots_slots_schedule_id_slots_schedules", type_="foreignkey")
        batch_op.add_column(sa.Column("ns", _NS, nullable=True))
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ns", _NS, nullable=True))
    op.execute("UPDATE slots_schedules SET ns = COALESCE(territory_id, '')")
    op.execute(
        """
        UPDATE slots_slots SET ns = COALESCE((
            SELECT COALESCE(s.territory_id, '') FROM slots_schedules s
            WHERE s.id = slots_slots.schedule_id
        ), '')
        """
    )
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        batch_op.alter_column("ns", existing_type=_NS, nullable=False)
        batch_op.drop_constraint("pk_slots_schedules", type_="primary")
        batch_op.create_primary_key("pk_slots_schedules", ["ns", "id"])
    with op.batch_alter_table("slots_slots", schema=None) as batch_op:
        batch_op.alter_column("ns", existing_type=_NS, nullable=False)
        batch_op.drop_constraint("pk_slots_slots", type_="primary")
        batch_op.create_primary_key("pk_slots_slots", ["ns", "id"])
        batch_op.create_foreign_key(
            "fk_slots_slots_ns_schedule_id_slots_schedules",
            "slots_schedules",
            ["ns", "schedule_id"],
            ["ns", "id"],
            ondelete="CASCADE",
            onupdate="CASCADE",
        )


def downgrade() -> None:
    # Only possible while no id is used by two territories (the primary keys refuse it).
    with op.batch_alter_table("slots_slots", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_slots_slots_ns_schedule_id_slots_schedules", type_="foreignkey"
        )
        batch_op.drop_constraint("pk_slots_slots", type_="primary")
        batch_op.create_primary_key("pk_slots_slots", ["id"])
        batch_op.drop_column("ns")
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        batch_op.drop_constraint("pk_slots_schedules", type_="primary")
        batch_op.create_primary_key("pk_slots_schedules", ["id"])
        batch_op.drop_column("ns")
    with op.batch_alter_table("slots_slots", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_slots_slots_schedule_id_slots_schedules",
            "slots_schedules",
            ["schedule_id"],
            ["id"],
            ondelete="CASCADE",
        )
