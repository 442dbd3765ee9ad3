"""The installation portal's managed content (aids, procedures, contacts, internship places,
housing offers).

Revision ID: 0008_portal
Revises: 0007_rota
Create Date: 2026-12-01 23:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_portal"
down_revision = "0007_rota"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("commune", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("places", sa.Integer(), nullable=True),
        sa.Column("supervisor", sa.String(length=200), nullable=False),
        sa.Column("fictitious", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portal_items")),
    )
    op.create_index(op.f("ix_portal_items_kind"), "portal_items", ["kind"])
    op.create_index(op.f("ix_portal_items_commune"), "portal_items", ["commune"])


def downgrade() -> None:
    op.drop_index(op.f("ix_portal_items_commune"), table_name="portal_items")
    op.drop_index(op.f("ix_portal_items_kind"), table_name="portal_items")
    op.drop_table("portal_items")
