"""Capacity kinds (retired-doctor pool, shared time, hospital loan, IPA / Asalée follow-up) and
waiting lists for other professions (the patient's ``care``).

Existing capacities become ``standard`` and existing patients wait for a médecin traitant
(``generalist``): the matching of existing data is unchanged.

Revision ID: 0013_capacity_kinds
Revises: 0012_workbench
Create Date: 2026-12-02 02:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_capacity_kinds"
down_revision = "0012_workbench"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("registry_capacities", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="standard")
        )
        batch_op.add_column(sa.Column("days_per_month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("lender_finess", sa.String(length=9), nullable=True))
        batch_op.add_column(sa.Column("area", sa.Text(), nullable=True))
    with op.batch_alter_table("registry_patients", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("care", sa.String(length=20), nullable=False, server_default="generalist")
        )


def downgrade() -> None:
    with op.batch_alter_table("registry_patients", schema=None) as batch_op:
        batch_op.drop_column("care")
    with op.batch_alter_table("registry_capacities", schema=None) as batch_op:
        for name in ("area", "lender_finess", "days_per_month", "kind"):
            batch_op.drop_column(name)
