"""Audit events: small keyword-only functions. Audit rows carry identifiers only.

The users' functions moved to :mod:`proxisante.store.accounts.users`; they are re-exported here
for the call sites that still import them from this module.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from proxisante.store.accounts.users import create_user, get_user, get_user_by_username, list_users
from proxisante.store.registry.models import AuditRow

__all__ = [
    "create_user",
    "get_user",
    "get_user_by_username",
    "list_audit",
    "list_users",
    "record_audit",
]


def record_audit(
    session: Session,
    *,
    at: datetime,
    user_id: int | None,
    role: str | None,
    action: str,
    patient_id: int | None = None,
    territory_id: str | None = None,
    detail: str = "",
) -> None:
    """Append one audit event (``detail`` must never contain personal data)."""
    session.add(
        AuditRow(
            at=at,
            user_id=user_id,
            role=role,
            action=action,
            patient_id=patient_id,
            territory_id=territory_id,
            detail=detail[:200],
        )
    )


def list_audit(
    session: Session, *, patient_id: int | None = None, limit: int = 200
) -> list[AuditRow]:
    stmt = select(AuditRow).order_by(AuditRow.id.desc()).limit(limit)
    if patient_id is not None:
        stmt = stmt.where(AuditRow.patient_id == patient_id)
    return list(session.scalars(stmt))
