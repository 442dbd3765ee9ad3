"""Schedules carry what the ANS SAS guide's bundles need: the address of the place of
consultation, the practitioner's specialty (TRE-R38) and the FINESS of their organisation.

All nullable: schedules published before keep working; the SAS export leaves out what it cannot
describe (and says so).

Revision ID: 0011_slot_sas_fields
Revises: 0010_outbox_selfreg
Create Date: 2026-12-02 02:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_slot_sas_fields"
down_revision = "0010_outbox_selfreg"
branch_labels = None
depends_on = None

COLUMNS = (
    ("address_line", 200),
    ("postal_code", 10),
    ("city", 100),
    ("specialty", 10),
    ("organization", 20),
)


def upgrade() -> None:
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        for name, length in COLUMNS:
            batch_op.add_column(sa.Column(name, sa.String(length=length), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("slots_schedules", schema=None) as batch_op:
        for name, _length in reversed(COLUMNS):
            batch_op.drop_column(name)
