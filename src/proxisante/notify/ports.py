"""What the outbox dispatcher and the use cases need from outside, as protocols."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from proxisante.notify.model import Channel, Notification, OutboxMessage


class Outbox(Protocol):
    """Enqueue in the caller's transaction (the message exists iff the event does)."""

    def enqueue(self, notification: Notification, now: datetime) -> None: ...


class OutboxStore(Protocol):
    """The outbox table; each method is one short transaction of its own."""

    def claim(
        self,
        owner: str,
        now: datetime,
        limit: int,
        lease: timedelta,
        channels: Sequence[Channel],
    ) -> Sequence[OutboxMessage]:
        """Take up to ``limit`` due messages of ``channels`` (pending, or sending with an
        expired lease) under a lease for ``owner``; two dispatchers never claim the same one."""
        ...

    def mark_handed(self, message_id: int, owner: str, now: datetime) -> bool:
        """Commit 'handed' if ``owner`` still holds the lease (else False: do not send)."""
        ...

    def mark_sent(self, message_id: int, now: datetime) -> None: ...

    def mark_failed_attempt(self, message_id: int, owner: str, now: datetime, error: str) -> None:
        """Back to pending with a backoff (or failed after the last attempt); ``error`` is a
        class name, never a message that could quote an address."""
        ...


class EmailSender(Protocol):
    def send_email(self, message: OutboxMessage, commit: Callable[[], bool]) -> None:
        """Send; call ``commit()`` just before the server is given the end of the message and
        stop without sending the end if it returns False. Raise on failure."""
        ...


class SmsSender(Protocol):
    """A pluggable SMS gateway. ``idempotency_key`` is stable over retries: a gateway that
    supports client references (most do) sends a key once, whatever the retries."""

    def send_sms(self, to: str, text: str, idempotency_key: str) -> None: ...
