"""The analyst workbench's saved scenarios.

Revision ID: 0012_workbench
Revises: 0011_slot_sas_fields
Create Date: 2026-12-02 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_workbench"
down_revision = "0011_slot_sas_fields"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workbench_scenarios",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("territory", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["registry_users.id"],
            name=op.f("fk_workbench_scenarios_user_id_registry_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workbench_scenarios")),
    )
    op.create_index(op.f("ix_workbench_scenarios_user_id"), "workbench_scenarios", ["user_id"])
    op.create_index(op.f("ix_workbench_scenarios_territory"), "workbench_scenarios", ["territory"])


def downgrade() -> None:
    op.drop_index(op.f("ix_workbench_scenarios_territory"), table_name="workbench_scenarios")
    op.drop_index(op.f("ix_workbench_scenarios_user_id"), table_name="workbench_scenarios")
    op.drop_table("workbench_scenarios")
