"""Audit events: small keyword-only functions. Audit rows carry identifiers only.

Persistence only: the service layer decides what is audited
(see ``docs/explanation/architecture.md``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from proxisante.store.registry.models import AuditRow

__all__ = ["list_audit", "record_audit"]


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
