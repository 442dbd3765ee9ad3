"""Published on-call rotas: rotas, assignments, doctors (with their calendar-feed token hash),
declared unavailabilities, swaps.

Revision ID: 0007_rota
Revises: 0006_slot_owners
Create Date: 2026-12-01 22:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_rota"
down_revision = "0006_slot_owners"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rota_rotas",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_rota_rotas_territory_id_registry_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_rotas")),
    )
    op.create_index(op.f("ix_rota_rotas_territory_id"), "rota_rotas", ["territory_id"])
    op.create_table(
        "rota_assignments",
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.String(length=120), nullable=False),
        sa.Column("doctor_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["rota_id"],
            ["rota_rotas.id"],
            name=op.f("fk_rota_assignments_rota_id_rota_rotas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("rota_id", "shift_id", name=op.f("pk_rota_assignments")),
    )
    op.create_index(op.f("ix_rota_assignments_doctor_id"), "rota_assignments", ["doctor_id"])
    op.create_table(
        "rota_doctors",
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.String(length=64), nullable=False),
        sa.Column("professional_id", sa.Integer(), nullable=True),
        sa.Column("feed_token_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["rota_id"],
            ["rota_rotas.id"],
            name=op.f("fk_rota_doctors_rota_id_rota_rotas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["registry_professionals.id"],
            name=op.f("fk_rota_doctors_professional_id_registry_professionals"),
        ),
        sa.PrimaryKeyConstraint("rota_id", "doctor_id", name=op.f("pk_rota_doctors")),
        sa.UniqueConstraint("feed_token_hash", name=op.f("uq_rota_doctors_feed_token_hash")),
    )
    op.create_index(op.f("ix_rota_doctors_professional_id"), "rota_doctors", ["professional_id"])
    op.create_table(
        "rota_unavailabilities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("doctor_id", sa.String(length=64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("declared_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("end_date >= start_date", name=op.f("ck_rota_unavailabilities_ordered")),
        sa.ForeignKeyConstraint(
            ["rota_id"],
            ["rota_rotas.id"],
            name=op.f("fk_rota_unavailabilities_rota_id_rota_rotas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_unavailabilities")),
    )
    op.create_index(op.f("ix_rota_unavailabilities_rota_id"), "rota_unavailabilities", ["rota_id"])
    op.create_table(
        "rota_swaps",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("rota_id", sa.Integer(), nullable=False),
        sa.Column("shift_id", sa.String(length=120), nullable=False),
        sa.Column("from_doctor", sa.String(length=64), nullable=False),
        sa.Column("to_doctor", sa.String(length=64), nullable=False),
        sa.Column("in_return", sa.String(length=120), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('proposee', 'acceptee', 'refusee')", name=op.f("ck_rota_swaps_status")
        ),
        sa.ForeignKeyConstraint(
            ["rota_id"],
            ["rota_rotas.id"],
            name=op.f("fk_rota_swaps_rota_id_rota_rotas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rota_swaps")),
    )
    op.create_index(op.f("ix_rota_swaps_rota_id"), "rota_swaps", ["rota_id"])


def downgrade() -> None:
    for table in (
        "rota_swaps",
        "rota_unavailabilities",
        "rota_doctors",
        "rota_assignments",
        "rota_rotas",
    ):
        op.drop_table(table)
