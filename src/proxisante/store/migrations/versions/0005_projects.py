"""Territorial health projects: projects, milestones, status history, indicator snapshots.

Revision ID: 0005_projects
Revises: 0002_slots
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_projects"
down_revision = "0002_slots"
branch_labels = None
depends_on = None


def _fk_project() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["project_id"], ["projects_projects.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "projects_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("territory_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("area_code", sa.String(length=64), nullable=True),
        sa.Column("area_name", sa.String(length=200), nullable=False),
        sa.Column("communes", sa.Text(), nullable=False),
        sa.Column("lead", sa.String(length=200), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("nature", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("partners", sa.JSON(), nullable=False),
        sa.Column("budget_eur", sa.BigInteger(), nullable=True),
        sa.Column("funders", sa.JSON(), nullable=False),
        sa.Column("documents", sa.JSON(), nullable=False),
        sa.Column("comparables", sa.JSON(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territory_id"],
            ["registry_territories.id"],
            name=op.f("fk_projects_projects_territory_id_registry_territories"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects_projects")),
    )
    with op.batch_alter_table("projects_projects") as batch_op:
        batch_op.create_index(batch_op.f("ix_projects_projects_territory_id"), ["territory_id"])
        batch_op.create_index(batch_op.f("ix_projects_projects_area_code"), ["area_code"])
        batch_op.create_index(batch_op.f("ix_projects_projects_public"), ["public"])
    op.create_table(
        "projects_milestones",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects_projects.id"],
            name=op.f("fk_projects_milestones_project_id_projects_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects_milestones")),
    )
    op.create_index(
        op.f("ix_projects_milestones_project_id"), "projects_milestones", ["project_id"]
    )
    op.create_table(
        "projects_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects_projects.id"],
            name=op.f("fk_projects_status_changes_project_id_projects_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects_status_changes")),
    )
    op.create_index(
        op.f("ix_projects_status_changes_project_id"), "projects_status_changes", ["project_id"]
    )
    op.create_table(
        "projects_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["projects_projects.id"],
            name=op.f("fk_projects_snapshots_project_id_projects_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_projects_snapshots")),
        sa.UniqueConstraint("project_id", "month", name=op.f("uq_projects_snapshots_project_id")),
    )
    op.create_index(op.f("ix_projects_snapshots_project_id"), "projects_snapshots", ["project_id"])


def downgrade() -> None:
    for table in (
        "projects_snapshots",
        "projects_status_changes",
        "projects_milestones",
        "projects_projects",
    ):
        op.drop_table(table)
