"""What the accounts service needs from persistence (implemented in ``store.accounts``).

Each method is one atomic transaction of its own: the login counts an attempt and commits
before the slow password check, so that parallel attempts are all counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from proxisante.accounts.model import Account, NewAccount
from proxisante.accounts.policy import Limit

ThrottleKey = tuple[str, Limit]  # ("account:medecin1", ACCOUNT_LIMIT), ("address:1.2.3.4", …)


class AccountStore(Protocol):
    def account_by_name(self, username: str) -> Account | None: ...

    def account_by_id(self, user_id: int) -> Account | None: ...

    def add_account(self, new: NewAccount, now: datetime) -> Account:
        """Raises :class:`~proxisante.accounts.errors.UserNameTakenError` on a taken name."""
        ...

    def set_password(self, user_id: int, password_hash: str) -> None: ...

    def deactivate(self, user_id: int) -> bool:
        """Mark the account inactive; ``False`` when there is no such account."""
        ...

    def set_totp_secret(self, user_id: int, secret: str) -> None:
        """Replace the TOTP secret and forget the last accepted step."""
        ...

    def accounts(self, territory_id: str | None) -> list[Account]:
        """Every account (``None``) or a territory's, by user name."""
        ...

    def accept_totp_step(self, user_id: int, step: int) -> bool:
        """Record ``step`` as the last accepted TOTP step if it is later than the stored one."""
        ...

    def last_totp_step(self, user_id: int) -> int | None: ...

    def reserve_attempt(self, keys: Sequence[ThrottleKey], now: datetime) -> datetime | None:
        """Count one attempt on every key, unless one is locked: then count nothing and
        return when its lock ends."""
        ...

    def release_attempt(self, keys: Sequence[ThrottleKey], now: datetime) -> None:
        """After a success: reset the first key (the account), give back one on the others."""
        ...

    def add_session(
        self, token_hash: str, user_id: int, now: datetime, expires_at: datetime
    ) -> None: ...

    def session_account(self, token_hash: str, now: datetime) -> Account | None:
        """The active account of a live (not expired, not revoked) session."""
        ...

    def revoke_session(self, token_hash: str, now: datetime) -> None: ...

    def revoke_sessions_of(self, user_id: int, now: datetime) -> int: ...

    def audit(
        self,
        now: datetime,
        *,
        user_id: int | None,
        role: str | None,
        action: str,
        detail: str = "",
        territory_id: str | None = None,
    ) -> None: ...

    def territory_ids(self) -> list[str]:
        """The registry territories an account may belong to."""
        ...

    def professional_territory(self, professional_id: int) -> str | None:
        """The registry territory of a professional (``None``: no such professional)."""
        ...

    def secret(self) -> bytes:
        """This database's own random secret (created on first use, never shared)."""
        ...
