"""Notifications outbox (e-mail, SMS) and the tracking code of self-registered requests.

Revision ID: 0010_outbox_selfreg
Revises: 0008_portal
Create Date: 2026-12-02 02:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_outbox_selfreg"
down_revision = "0008_portal"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notify_outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("lease_owner", sa.String(length=40), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("handed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notify_outbox")),
        sa.UniqueConstraint("message_id", name=op.f("uq_notify_outbox_message_id")),
    )
    op.create_index("ix_notify_outbox_due", "notify_outbox", ["status", "next_attempt_at"])
    op.create_index(op.f("ix_notify_outbox_patient_id"), "notify_outbox", ["patient_id"])
    with op.batch_alter_table("registry_patients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tracking_hash", sa.String(length=64), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_registry_patients_tracking_hash"), ["tracking_hash"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("registry_patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_patients_tracking_hash"))
        batch_op.drop_column("tracking_hash")
    op.drop_index(op.f("ix_notify_outbox_patient_id"), table_name="notify_outbox")
    op.drop_index("ix_notify_outbox_due", table_name="notify_outbox")
    op.drop_table("notify_outbox")
