"""Users (``registry_users``): small keyword-only functions on a session."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from proxisante.store.registry.models import UserRow


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
