"""The accounts' store on SQLAlchemy (SQLite and PostgreSQL); each method is one transaction.

Atomicity of the login throttle: the throttle rows are created if missing (``INSERT … ON
CONFLICT DO NOTHING``), then read with ``SELECT … FOR UPDATE`` (PostgreSQL; on SQLite every
transaction is ``BEGIN IMMEDIATE``, see :mod:`proxisante.store.db`), checked and counted in the
same transaction: two parallel attempts never read the same count.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from proxisante.accounts.errors import UserNameTakenError
from proxisante.accounts.model import Account, NewAccount
from proxisante.accounts.policy import Counter, count_attempt, give_back, locked_until
from proxisante.accounts.ports import ThrottleKey
from proxisante.store.accounts.models import LoginThrottleRow, SecretRow, SessionRow, TotpStepRow
from proxisante.store.audit import record_audit
from proxisante.store.db import read_only, transaction
from proxisante.store.registry.models import ProfessionalRow, TerritoryRow, UserRow

FORGET_THROTTLE_AFTER = timedelta(days=2)


def _account(row: UserRow) -> Account:
    return Account(
        id=row.id,
        username=row.username,
        role=row.role,
        territory_id=row.territory_id,
        professional_id=row.professional_id,
        active=bool(row.active),
        password_hash=row.password_hash,
        totp_secret=row.totp_secret,
    )


def _insert_ignore(session: Session, table: Any, values: dict[str, Any], key: str) -> None:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).values(**values).on_conflict_do_nothing(index_elements=[key])
    session.execute(stmt)


def _counter(row: LoginThrottleRow) -> Counter:
    return Counter(row.failures, row.window_start, row.locked_until, row.locks)


def _store_counter(row: LoginThrottleRow, counter: Counter, now: datetime) -> None:
    row.failures = counter.failures
    row.window_start = counter.window_start
    row.locked_until = counter.locked_until
    row.locks = counter.locks
    row.updated_at = now


class SqlAccountStore:
    """Implements :class:`proxisante.accounts.ports.AccountStore`."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._secret: bytes | None = None

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with transaction(self._factory) as session:
            yield session

    # ------------------------------------------------------------------ users

    def account_by_name(self, username: str) -> Account | None:
        with self._tx() as s:
            row = s.scalar(select(UserRow).where(UserRow.username == username))
            return _account(row) if row is not None else None

    def account_by_id(self, user_id: int) -> Account | None:
        with self._tx() as s:
            row = s.get(UserRow, user_id)
            return _account(row) if row is not None else None

    def add_account(self, new: NewAccount, now: datetime) -> Account:
        try:
            with self._tx() as s:
                if s.scalar(select(UserRow.id).where(UserRow.username == new.username)):
                    raise UserNameTakenError(new.username)
                row = UserRow(
                    username=new.username,
                    password_hash=new.password_hash,
                    role=new.role,
                    territory_id=new.territory_id,
                    professional_id=new.professional_id,
                    totp_secret=new.totp_secret,
                    created_at=now,
                    active=True,
                )
                s.add(row)
                s.flush()
                return _account(row)
        except IntegrityError:  # a concurrent creation of the same name won the race
            if self.account_by_name(new.username) is not None:
                raise UserNameTakenError(new.username) from None
            raise

    def territory_ids(self) -> list[str]:
        with self._tx() as s:
            return list(s.scalars(select(TerritoryRow.id).order_by(TerritoryRow.id)))

    def professional_territory(self, professional_id: int) -> str | None:
        if not 0 < professional_id < 2**63:  # beyond SQL integers: no such professional
            return None
        with self._tx() as s:
            row = s.get(ProfessionalRow, professional_id)
            return row.territory_id if row is not None else None

    def set_password(self, user_id: int, password_hash: str) -> None:
        with self._tx() as s:
            stmt = update(UserRow).where(UserRow.id == user_id)
            s.execute(stmt.values(password_hash=password_hash))

    def deactivate(self, user_id: int) -> bool:
        with self._tx() as s:
            result = s.execute(update(UserRow).where(UserRow.id == user_id).values(active=False))
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def set_totp_secret(self, user_id: int, secret: str) -> None:
        with self._tx() as s:
            s.execute(update(UserRow).where(UserRow.id == user_id).values(totp_secret=secret))
            s.execute(delete(TotpStepRow).where(TotpStepRow.user_id == user_id))

    def accounts(self, territory_id: str | None) -> list[Account]:
        with self._tx() as s:
            stmt = select(UserRow).order_by(UserRow.username)
            if territory_id is not None:
                stmt = stmt.where(UserRow.territory_id == territory_id)
            return [_account(r) for r in s.scalars(stmt)]

    def accept_totp_step(self, user_id: int, step: int) -> bool:
        with self._tx() as s:
            _insert_ignore(s, TotpStepRow, {"user_id": user_id, "last_step": -1}, "user_id")
            result = s.execute(
                update(TotpStepRow)
                .where(TotpStepRow.user_id == user_id, TotpStepRow.last_step < step)
                .values(last_step=step)
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def last_totp_step(self, user_id: int) -> int | None:
        with self._tx() as s:
            return s.scalar(select(TotpStepRow.last_step).where(TotpStepRow.user_id == user_id))

    # ------------------------------------------------------------------ throttle

    def _locked_rows(
        self, s: Session, keys: Sequence[ThrottleKey], now: datetime
    ) -> dict[str, LoginThrottleRow]:
        rows = {}
        for key in sorted({k for k, _ in keys}):  # one order: no deadlock between two logins
            _insert_ignore(
                s,
                LoginThrottleRow,
                {"key": key, "failures": 0, "locks": 0, "updated_at": now},
                "key",
            )
            stmt = select(LoginThrottleRow).where(LoginThrottleRow.key == key).with_for_update()
            rows[key] = s.scalars(stmt.execution_options(populate_existing=True)).one()
        return rows

    def reserve_attempt(self, keys: Sequence[ThrottleKey], now: datetime) -> datetime | None:
        with self._tx() as s:
            s.execute(
                delete(LoginThrottleRow).where(
                    LoginThrottleRow.updated_at < now - FORGET_THROTTLE_AFTER,
                    or_(
                        LoginThrottleRow.locked_until.is_(None), LoginThrottleRow.locked_until < now
                    ),
                )
            )
            rows = self._locked_rows(s, keys, now)
            locks = [u for r in rows.values() if (u := locked_until(_counter(r), now)) is not None]
            if locks:
                return max(locks)
            for key, limit in keys:
                _store_counter(rows[key], count_attempt(_counter(rows[key]), now, limit), now)
            return None

    def release_attempt(self, keys: Sequence[ThrottleKey], now: datetime) -> None:
        with self._tx() as s:
            rows = self._locked_rows(s, keys, now)
            for i, (key, limit) in enumerate(keys):
                counter = give_back(_counter(rows[key]), limit, reset=i == 0)
                _store_counter(rows[key], counter, now)

    # ------------------------------------------------------------------ sessions

    def add_session(
        self, token_hash: str, user_id: int, now: datetime, expires_at: datetime
    ) -> None:
        with self._tx() as s:
            s.add(SessionRow(id=token_hash, user_id=user_id, created_at=now, expires_at=expires_at))

    def session_account(self, token_hash: str, now: datetime) -> Account | None:
        with self._tx() as s:
            read_only(s)  # every request's lookup: no write lock
            # The columns the caller needs, not the whole row: no ORM object to build on every
            # request, and the password hash and TOTP secret stay in the database.
            row = s.execute(
                select(
                    UserRow.id,
                    UserRow.username,
                    UserRow.role,
                    UserRow.territory_id,
                    UserRow.professional_id,
                )
                .join(SessionRow, SessionRow.user_id == UserRow.id)
                .where(
                    SessionRow.id == token_hash,
                    SessionRow.revoked_at.is_(None),
                    SessionRow.expires_at > now,
                    UserRow.active.is_(True),
                )
            ).first()
            if row is None:
                return None
            return Account(
                id=row.id,
                username=row.username,
                role=row.role,
                territory_id=row.territory_id,
                professional_id=row.professional_id,
                active=True,
            )

    def revoke_session(self, token_hash: str, now: datetime) -> None:
        with self._tx() as s:
            s.execute(
                update(SessionRow)
                .where(SessionRow.id == token_hash, SessionRow.revoked_at.is_(None))
                .values(revoked_at=now)
            )

    def revoke_sessions_of(self, user_id: int, now: datetime) -> int:
        with self._tx() as s:
            result = s.execute(
                update(SessionRow)
                .where(SessionRow.user_id == user_id, SessionRow.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            return int(result.rowcount)  # type: ignore[attr-defined]

    # ------------------------------------------------------------------ audit, secret

    def audit(
        self,
        now: datetime,
        *,
        user_id: int | None,
        role: str | None,
        action: str,
        detail: str = "",
        territory_id: str | None = None,
    ) -> None:
        with self._tx() as s:
            record_audit(
                s,
                at=now,
                user_id=user_id,
                role=role,
                action=action,
                territory_id=territory_id,
                detail=detail,
            )

    def secret(self) -> bytes:
        """The database's CSRF key, created once. Read without the write lock: a page asks for
        it while its own request may hold SQLite's write lock on another connection, and a
        write here would wait for that lock, held by the same thread (a 30 s stall, then a
        500, at each worker's first page; ``create_app`` also loads it at start-up)."""
        if self._secret is None:
            with self._tx() as s:
                read_only(s)
                stored = s.scalar(select(SecretRow.value).where(SecretRow.name == "csrf"))
            if stored is None:
                with self._tx() as s:
                    value = secrets.token_hex(32)
                    _insert_ignore(s, SecretRow, {"name": "csrf", "value": value}, "name")
                    stored = s.scalar(select(SecretRow.value).where(SecretRow.name == "csrf"))
            self._secret = bytes.fromhex(str(stored))
        return self._secret
