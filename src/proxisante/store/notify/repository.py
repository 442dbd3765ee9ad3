"""The outbox in SQL: enqueue in the caller's session, and the dispatcher's short transactions.

Claiming is ``SELECT … FOR UPDATE SKIP LOCKED`` then an update of the lease on PostgreSQL (two
dispatchers never see the same row); on SQLite the transaction is ``BEGIN IMMEDIATE`` (one writer
at a time), which gives the same guarantee. Every later step checks the lease owner.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from proxisante.notify.model import (
    LEASE,
    Channel,
    Notification,
    OutboxMessage,
    OutboxStatus,
    next_attempt,
)
from proxisante.store.db import transaction
from proxisante.store.notify.models import OutboxRow

DOMAIN = "proxisante.invalid"


class SqlOutbox:
    """:class:`~proxisante.notify.ports.Outbox` on the caller's session (same transaction)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def enqueue(self, notification: Notification, now: datetime) -> None:
        self.s.add(
            OutboxRow(
                channel=notification.channel.value,
                event=notification.event,
                patient_id=notification.patient_id,
                recipient=notification.recipient,
                subject=notification.subject,
                body=notification.body,
                message_id=f"<{secrets.token_hex(16)}@{DOMAIN}>",
                status=OutboxStatus.PENDING.value,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )


def _changed(session: Session, stmt: Any) -> int:
    return int(cast(CursorResult[Any], session.execute(stmt)).rowcount)


class SqlOutboxStore:
    """:class:`~proxisante.notify.ports.OutboxStore`: each method is its own transaction."""

    def __init__(self, factory: sessionmaker[Session]) -> None:
        self.factory = factory

    @contextmanager
    def _tx(self) -> Iterator[Session]:
        with transaction(self.factory) as s:
            yield s

    def claim(
        self,
        owner: str,
        now: datetime,
        limit: int,
        lease: timedelta = LEASE,
        channels: Sequence[Channel] = (Channel.EMAIL, Channel.SMS),
    ) -> list[OutboxMessage]:
        due = or_(
            and_(
                OutboxRow.status == OutboxStatus.PENDING.value,
                OutboxRow.next_attempt_at <= now,
            ),
            and_(OutboxRow.status == OutboxStatus.SENDING.value, OutboxRow.lease_until < now),
        )
        with self._tx() as s:
            rows = list(
                s.scalars(
                    select(OutboxRow)
                    .where(due, OutboxRow.channel.in_([c.value for c in channels]))
                    .order_by(OutboxRow.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            )
            out = []
            for r in rows:
                r.status = OutboxStatus.SENDING.value
                r.lease_owner = owner
                r.lease_until = now + lease
                r.attempts += 1
                out.append(
                    OutboxMessage(
                        r.id, Channel(r.channel), r.recipient, r.subject, r.body,
                        r.message_id, r.attempts,
                    )
                )  # fmt: skip
            return out

    def mark_handed(self, message_id: int, owner: str, now: datetime) -> bool:
        with self._tx() as s:
            return (
                _changed(
                    s,
                    update(OutboxRow)
                    .where(
                        OutboxRow.id == message_id,
                        OutboxRow.status == OutboxStatus.SENDING.value,
                        OutboxRow.lease_owner == owner,
                    )
                    .values(status=OutboxStatus.HANDED.value, handed_at=now),
                )
                == 1
            )

    def mark_sent(self, message_id: int, now: datetime) -> None:
        with self._tx() as s:
            s.execute(
                update(OutboxRow)
                .where(OutboxRow.id == message_id, OutboxRow.status == OutboxStatus.HANDED.value)
                .values(
                    status=OutboxStatus.SENT.value,
                    sent_at=now,
                    lease_owner=None,
                    lease_until=None,
                    body="",  # sent: the text and address are no longer needed
                    recipient="",
                )
            )

    def mark_failed_attempt(self, message_id: int, owner: str, now: datetime, error: str) -> None:
        with self._tx() as s:
            row = s.scalar(
                select(OutboxRow)
                .where(
                    OutboxRow.id == message_id,
                    OutboxRow.lease_owner == owner,
                    OutboxRow.status.in_([OutboxStatus.SENDING.value, OutboxStatus.HANDED.value]),
                )
                .with_for_update()
            )
            if row is None:
                return
            status, at = next_attempt(now, row.attempts)
            row.status = status.value
            row.next_attempt_at = at or now
            row.lease_owner = None
            row.lease_until = None
            row.handed_at = None
            row.last_error = error[:80]

    def counts(self) -> dict[str, int]:
        """Messages by status (for the CLI and the tests)."""
        from sqlalchemy import func

        with self._tx() as s:
            return {
                str(k): int(v)
                for k, v in s.execute(
                    select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
                )
            }


def outbox_summary(
    factory: sessionmaker[Session], now: datetime, lease: timedelta
) -> dict[str, int]:
    """Messages waiting (pending or being sent), given up (failed), and *to check*: handed over
    longer than a lease ago without the server's 250 recorded (a crash in that window)."""
    from sqlalchemy import func

    with factory() as s:
        counts = {
            str(k): int(v)
            for k, v in s.execute(select(OutboxRow.status, func.count()).group_by(OutboxRow.status))
        }
        to_check = s.scalar(
            select(func.count()).where(
                OutboxRow.status == OutboxStatus.HANDED.value, OutboxRow.handed_at < now - lease
            )
        )
    return {
        "waiting": counts.get("pending", 0) + counts.get("sending", 0),
        "failed": counts.get("failed", 0),
        "to_check": int(to_check or 0),
    }


def pending_count(session: Session) -> int:
    from sqlalchemy import func

    return int(
        session.scalar(
            select(func.count())
            .select_from(OutboxRow)
            .where(OutboxRow.status.in_([OutboxStatus.PENDING.value, OutboxStatus.SENDING.value]))
        )
        or 0
    )
