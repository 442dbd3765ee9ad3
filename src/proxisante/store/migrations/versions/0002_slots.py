"""Unscheduled-care slots: schedules and slots.

Revision ID: 0002_slots
Revises: 0001_registry
Create Date: 2026-11-22 23:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_slots"
down_revision = "0001_registry"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "slots_schedules",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("provider_name", sa.String(length=200), nullable=False),
        sa.Column("provider_kind", sa.String(length=20), nullable=False),
        sa.Column("commune", sa.String(length=10), nullable=False),
        sa.Column("identifier", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "provider_kind IN ('practitioner', 'organization')",
            name=op.f("ck_slots_schedules_provider_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slots_schedules")),
    )
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slots_schedules_commune"), ["commune"], unique=False)

    op.create_table(
        "slots_slots",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("schedule_id", sa.String(length=64), nullable=False),
        sa.Column("commune", sa.String(length=10), nullable=False),
        sa.Column("start_at", sa.DateTime(), nullable=False),
        sa.Column("end_at", sa.DateTime(), nullable=False),
        sa.Column("slot_type", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("booking_ref", sa.String(length=64), nullable=True),
        sa.Column("booked_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('free', 'busy')", name=op.f("ck_slots_slots_status")),
        sa.CheckConstraint("end_at > start_at", name=op.f("ck_slots_slots_ordered")),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["slots_schedules.id"],
            name=op.f("fk_slots_slots_schedule_id_slots_schedules"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slots_slots")),
    )
    with op.batch_alter_table("slots_slots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slots_slots_commune"), ["commune"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_slots_slots_schedule_id"), ["schedule_id"], unique=False
        )
        batch_op.create_index(
            "ix_slots_slots_status_start_at", ["status", "start_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("slots_slots", schema=None) as batch_op:
        batch_op.drop_index("ix_slots_slots_status_start_at")
        batch_op.drop_index(batch_op.f("ix_slots_slots_schedule_id"))
        batch_op.drop_index(batch_op.f("ix_slots_slots_commune"))
    op.drop_table("slots_slots")
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slots_schedules_commune"))
    op.drop_table("slots_schedules")
