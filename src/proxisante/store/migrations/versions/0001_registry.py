"""Registry tables: territories, professionals, capacities, patients, proposals, users, audit.

Revision ID: 0001_registry
Revises:
Create Date: 2026-11-22 23:05:56.544044
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_registry"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "registry_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=True),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.Column("territory_id", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_audit")),
    )
    with op.batch_alter_table("registry_audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_audit_at"), ["at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_registry_audit_patient_id"), ["patient_id"], unique=False
        )

    op.create_table(
        "registry_territories",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("fictitious", sa.Boolean(), nullable=False),
        sa.Column("max_travel_min", sa.Float(), nullable=False),
        sa.Column("proposal_days", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_territories")),
    )
    op.create_table(
        "registry_professionals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("profession", sa.String(length=40), nullable=False),
        sa.Column("commune_code", sa.String(length=10), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("home_visits", sa.Boolean(), nullable=False),
        sa.Column("fictitious", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_registry_professionals_territory_id_registry_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_professionals")),
    )
    with op.batch_alter_table("registry_professionals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registry_professionals_territory_id"), ["territory_id"], unique=False
        )

    op.create_table(
        "registry_territory_communes",
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_registry_territory_communes_territory_id_registry_territories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "territory_id", "code", name=op.f("pk_registry_territory_communes")
        ),
    )
    op.create_table(
        "registry_capacities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("professional_id", sa.Integer(), nullable=False),
        sa.Column("places_declared", sa.Integer(), nullable=False),
        sa.Column("places_remaining", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("min_age", sa.Integer(), nullable=False),
        sa.Column("max_age", sa.Integer(), nullable=False),
        sa.Column("home_visits", sa.Boolean(), nullable=False),
        sa.Column("declared_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "places_remaining <= places_declared",
            name=op.f("ck_registry_capacities_remaining_le_declared"),
        ),
        sa.CheckConstraint(
            "places_remaining >= 0", name=op.f("ck_registry_capacities_remaining_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["registry_professionals.id"],
            name=op.f("fk_registry_capacities_professional_id_registry_professionals"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_capacities")),
        sa.UniqueConstraint("professional_id", name=op.f("uq_registry_capacities_professional_id")),
    )
    op.create_table(
        "registry_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("territory_id", sa.String(length=64), nullable=True),
        sa.Column("professional_id", sa.Integer(), nullable=True),
        sa.Column("totp_secret", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["registry_professionals.id"],
            name=op.f("fk_registry_users_professional_id_registry_professionals"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_registry_users_territory_id_registry_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_users")),
        sa.UniqueConstraint("username", name=op.f("uq_registry_users_username")),
    )
    op.create_table(
        "registry_matching_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("n_proposals", sa.Integer(), nullable=False),
        sa.Column("n_waiting", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_registry_matching_runs_territory_id_registry_territories"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["registry_users.id"],
            name=op.f("fk_registry_matching_runs_user_id_registry_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_matching_runs")),
    )
    op.create_table(
        "registry_patients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("commune_code", sa.String(length=10), nullable=False),
        sa.Column("last_name", sa.String(length=200), nullable=True),
        sa.Column("first_name", sa.String(length=200), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("ald", sa.Boolean(), nullable=False),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("precarity", sa.String(length=10), nullable=False),
        sa.Column("lost_doctor", sa.String(length=20), nullable=False),
        sa.Column("disability", sa.Boolean(), nullable=False),
        sa.Column("reduced_mobility", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=True),
        sa.Column("registered_at", sa.DateTime(), nullable=False),
        sa.Column("priority_level", sa.String(length=2), nullable=False),
        sa.Column("priority_reasons", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attached_professional_id", sa.Integer(), nullable=True),
        sa.Column("attached_at", sa.DateTime(), nullable=True),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("fictitious", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attached_professional_id"],
            ["registry_professionals.id"],
            name=op.f("fk_registry_patients_attached_professional_id_registry_professionals"),
        ),
        sa.ForeignKeyConstraint(
            ["registered_by"],
            ["registry_users.id"],
            name=op.f("fk_registry_patients_registered_by_registry_users"),
        ),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_registry_patients_territory_id_registry_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_patients")),
    )
    with op.batch_alter_table("registry_patients", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_registry_patients_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_registry_patients_territory_id"), ["territory_id"], unique=False
        )

    op.create_table(
        "registry_proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("professional_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("level", sa.String(length=2), nullable=False),
        sa.Column("travel_time_min", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["registry_patients.id"],
            name=op.f("fk_registry_proposals_patient_id_registry_patients"),
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"],
            ["registry_professionals.id"],
            name=op.f("fk_registry_proposals_professional_id_registry_professionals"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["registry_matching_runs.id"],
            name=op.f("fk_registry_proposals_run_id_registry_matching_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registry_proposals")),
    )
    with op.batch_alter_table("registry_proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_registry_proposals_patient_id"), ["patient_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_registry_proposals_professional_id"), ["professional_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_registry_proposals_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_registry_proposals_live_patient",
            ["patient_id"],
            unique=True,
            sqlite_where=sa.text("status = 'proposed'"),
            postgresql_where=sa.text("status = 'proposed'"),
        )


def downgrade() -> None:

    with op.batch_alter_table("registry_proposals", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_registry_proposals_live_patient",
            sqlite_where=sa.text("status = 'proposed'"),
            postgresql_where=sa.text("status = 'proposed'"),
        )
        batch_op.drop_index(batch_op.f("ix_registry_proposals_status"))
        batch_op.drop_index(batch_op.f("ix_registry_proposals_professional_id"))
        batch_op.drop_index(batch_op.f("ix_registry_proposals_patient_id"))

    op.drop_table("registry_proposals")
    with op.batch_alter_table("registry_patients", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_patients_territory_id"))
        batch_op.drop_index(batch_op.f("ix_registry_patients_status"))

    op.drop_table("registry_patients")
    op.drop_table("registry_matching_runs")
    op.drop_table("registry_users")
    op.drop_table("registry_capacities")
    op.drop_table("registry_territory_communes")
    with op.batch_alter_table("registry_professionals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_professionals_territory_id"))

    op.drop_table("registry_professionals")
    op.drop_table("registry_territories")
    with op.batch_alter_table("registry_audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registry_audit_patient_id"))
        batch_op.drop_index(batch_op.f("ix_registry_audit_at"))

    op.drop_table("registry_audit")
