"""Tables of the accounts: server-side sessions, login throttle, TOTP steps, the database secret.

The users themselves are ``registry_users`` (:class:`UserRow`, defined with the registry's
tables and re-exported here). No personal data: session ids are stored hashed, throttle keys
are user names and client addresses.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from proxisante.store.base import Base
from proxisante.store.registry.models import UserRow

__all__ = ["LoginThrottleRow", "SecretRow", "SessionRow", "TotpStepRow", "UserRow"]


class SessionRow(Base):
    """One login session; ``id`` is the SHA-256 of the token the client holds."""

    __tablename__ = "accounts_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("registry_users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class LoginThrottleRow(Base):
    """Counted login attempts of one key (``account:NAME`` or ``address:IP``)."""

    __tablename__ = "accounts_login_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    locks: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)


class TotpStepRow(Base):
    """The last TOTP time-step accepted for a user: a code is never accepted twice."""

    __tablename__ = "accounts_totp_steps"
    user_id: Mapped[int] = mapped_column(ForeignKey("registry_users.id"), primary_key=True)
    last_step: Mapped[int] = mapped_column(Integer)


class SecretRow(Base):
    """Random secrets of this database (e.g. the CSRF key): never shared with another one."""

    __tablename__ = "accounts_secrets"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
