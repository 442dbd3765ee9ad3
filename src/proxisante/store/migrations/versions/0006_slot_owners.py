"""Slots with owners: each schedule belongs to a territory and, optionally, a professional.

Existing schedules are given the territory whose communes include the schedule's commune (the
first by identifier when several do) and no professional: they become agendas of that
territory's coordination, which may hand them to a professional by naming one when it
publishes them again. A schedule whose commune is in no territory keeps no territory: only
administrators see it, and `proxisante slots import-fhir --territory ID` adopts it.

Revision ID: 0006_slot_owners
Revises: 0003_accounts
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_slot_owners"
down_revision = "0003_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("territory_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("professional_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_slots_schedules_territory_id"), ["territory_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_slots_schedules_professional_id"), ["professional_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_slots_schedules_territory_id_registry_territories"),
            "registry_territories",
            ["territory_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_slots_schedules_professional_id_registry_professionals"),
            "registry_professionals",
            ["professional_id"],
            ["id"],
        )
    op.execute(
        """
        UPDATE slots_schedules SET territory_id = (
            SELECT MIN(c.territory_id) FROM registry_territory_communes c
            WHERE c.code = slots_schedules.commune
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_slots_schedules_professional_id_registry_professionals"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("fk_slots_schedules_territory_id_registry_territories"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_slots_schedules_professional_id"))
        batch_op.drop_index(batch_op.f("ix_slots_schedules_territory_id"))
        batch_op.drop_column("professional_id")
        batch_op.drop_column("territory_id")
