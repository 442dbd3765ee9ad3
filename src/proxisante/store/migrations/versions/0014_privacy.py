"""Patients' rights: the controller of each territory's processing and its retention period
(``registry_privacy``; a territory without a row shows the defaults: its own name, 12 months).

Revision ID: 0014_privacy
Revises: 0013_capacity_kinds
Create Date: 2027-01-10 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_privacy"
down_revision = "0013_capacity_kinds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_privacy",
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("structure", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("dpo", sa.String(length=200), nullable=False),
        sa.Column("retention_months", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_registry_privacy_territory_id_registry_territories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("territory_id", name=op.f("pk_registry_privacy")),
    )


def downgrade() -> None:
    op.drop_table("registry_privacy")
