"""Audit events and users: small keyword-only functions. Audit rows carry identifiers only."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from proxisante.store.registry_models import AuditRow, UserRow


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


def create_user(
    session: Session,
    *,
    username: str,
    password_hash: str,
    role: str,
    now: datetime,
    territory_id: str | None = None,
    professional_id: int | None = None,
    totp_secret: str | None = None,
) -> UserRow:
    user = UserRow(
        username=username,
        password_hash=password_hash,
        role=role,
        territory_id=territory_id,
        professional_id=professional_id,
        totp_secret=totp_secret,
        created_at=now,
        active=True,
    )
    session.add(user)
    session.flush()
    return user


def get_user_by_username(session: Session, *, username: str) -> UserRow | None:
    return session.scalar(select(UserRow).where(UserRow.username == username))


def get_user(session: Session, *, user_id: int) -> UserRow | None:
    return session.get(UserRow, user_id)


def list_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.id)))
