"""Accounts: server-side sessions, persistent login throttle, TOTP steps, database secret.

Revision ID: 0003_accounts
Revises: 0005_projects
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_accounts"
down_revision = "0005_projects"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["registry_users.id"],
            name=op.f("fk_accounts_sessions_user_id_registry_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts_sessions")),
    )
    with op.batch_alter_table("accounts_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_sessions_user_id"), ["user_id"])
        batch_op.create_index(batch_op.f("ix_accounts_sessions_expires_at"), ["expires_at"])

    op.create_table(
        "accounts_login_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=True),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("locks", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_accounts_login_throttle")),
    )
    with op.batch_alter_table("accounts_login_throttle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_login_throttle_updated_at"), ["updated_at"])

    op.create_table(
        "accounts_totp_steps",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("last_step", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["registry_users.id"],
            name=op.f("fk_accounts_totp_steps_user_id_registry_users"),
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_accounts_totp_steps")),
    )
    op.create_table(
        "accounts_secrets",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_accounts_secrets")),
    )


def downgrade() -> None:
    op.drop_table("accounts_secrets")
    op.drop_table("accounts_totp_steps")
    with op.batch_alter_table("accounts_login_throttle", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_login_throttle_updated_at"))
    op.drop_table("accounts_login_throttle")
    with op.batch_alter_table("accounts_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_sessions_expires_at"))
        batch_op.drop_index(batch_op.f("ix_accounts_sessions_user_id"))
    op.drop_table("accounts_sessions")
