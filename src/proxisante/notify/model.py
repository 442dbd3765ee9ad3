"""Outbox messages, their states and the retry policy (pure values, no I/O).

States of a message::

    pending ──claim──▶ sending ──(end of DATA about to be written)──▶ handed ──250──▶ sent
       ▲                  │ error / lease expired                        │ lease expired
       └──── retry ◀──────┘                                               └─▶ stays handed
                         (after MAX_ATTEMPTS: failed)

*sending* means a dispatcher holds the message under a lease: the SMTP server has not been given
the end of the message yet, so a crash there loses nothing and the message is sent again once the
lease has expired. *handed* is committed just before the final ``.`` of ``DATA`` is written:
from then on the message is never sent again (see :mod:`proxisante.notify.smtp`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta


class Channel(enum.StrEnum):
    EMAIL = "email"
    SMS = "sms"


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    HANDED = "handed"  # the end of the message was (about to be) written to the server
    SENT = "sent"  # the server accepted it (250)
    FAILED = "failed"  # gave up after MAX_ATTEMPTS


MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=2)
LEASE = timedelta(seconds=60)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: 30 s, 1 min, 2 min … capped at 2 h, after ``attempts`` failures."""
    return min(BASE_DELAY * (1 << max(0, min(attempts - 1, 16))), MAX_DELAY)


@dataclass(frozen=True)
class Notification:
    """A message to enqueue (recipient and body are personal data: stored, never logged)."""

    channel: Channel
    recipient: str
    subject: str
    body: str
    event: str  # e.g. "proposal.made": identifiers-only label, safe to log
    patient_id: int | None = None


@dataclass(frozen=True)
class OutboxMessage:
    """A claimed message, as the dispatcher sends it."""

    id: int
    channel: Channel
    recipient: str
    subject: str
    body: str
    message_id: str  # stable over retries: receivers can de-duplicate on it
    attempts: int


@dataclass(frozen=True)
class DispatchReport:
    """What one pass did (counts only)."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0


def next_attempt(now: datetime, attempts: int) -> tuple[OutboxStatus, datetime | None]:
    """After a failed attempt: back to pending later, or failed for good."""
    if attempts >= MAX_ATTEMPTS:
        return OutboxStatus.FAILED, None
    return OutboxStatus.PENDING, now + retry_delay(attempts)
