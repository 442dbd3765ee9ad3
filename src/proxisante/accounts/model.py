"""Values exchanged between the accounts service, its store and its shells (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Account:
    """A login account (what the service needs; the password hash never leaves the store
    except to be verified)."""

    id: int
    username: str
    role: str
    territory_id: str | None
    professional_id: int | None
    active: bool
    password_hash: str = ""
    totp_secret: str | None = None


@dataclass(frozen=True)
class NewAccount:
    username: str
    password_hash: str
    role: str
    territory_id: str | None
    professional_id: int | None
    totp_secret: str | None


@dataclass(frozen=True)
class IssuedSession:
    """A new session: the token the client keeps (never stored as such) and its expiry."""

    token: str
    account: Account
    expires_at: datetime


@dataclass(frozen=True)
class CreatedAccount:
    account: Account
    totp_secret: str | None
