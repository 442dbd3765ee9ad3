"""The coordination's notes on a patient's record (issue 24): ``registry_patient_notes``, one
row per dated note (free text, at most 2000 characters), deleted with the patient's erasure.

Data kept: a new table only; the existing rows are untouched.

Revision ID: 0016_patient_notes
Revises: 0015_slot_id_scope
Create Date: 2027-01-14 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_patient_notes"
down_revision = "0015_slot_id_scope"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registry_patient_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_role", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["registry_patients.id"],
            name=op.f("fk_registry_patient_notes_patient_id_registry_patients"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_registry_patient_notes_territory_id_registry_territories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["registry_users.id"],
            name=op.f("fk_registry_patient_notes_author_id_registry_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_patient_notes")),
    )
    with op.batch_alter_table("registry_patient_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registry_patient_notes_patient_id"), ["patient_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("registry_patient_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_patient_notes_patient_id"))
    op.drop_table("registry_patient_notes")
