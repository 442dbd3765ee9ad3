"""The outbox runner over its port (an in-memory store and SMS sender): no database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from proxisante.notify.model import Channel, OutboxMessage
from proxisante.notify.runner import send_outbox

NOW = datetime(2026, 6, 1, 9)


class MemoryStore:
    def __init__(self, n: int) -> None:
        self.due = [
            OutboxMessage(i, Channel.SMS, "+33600000000", "", f"text {i}", f"m{i}", 0)
            for i in range(1, n + 1)
        ]
        self.sent: list[int] = []

    def claim(
        self, owner: str, now: datetime, limit: int, lease: timedelta, channels: Sequence[Channel]
    ) -> Sequence[OutboxMessage]:
        taken, self.due = self.due[:limit], self.due[limit:]
        return taken

    def mark_handed(self, message_id: int, owner: str, now: datetime) -> bool:
        return True

    def mark_sent(self, message_id: int, now: datetime) -> None:
        self.sent.append(message_id)

    def mark_failed_attempt(self, message_id: int, owner: str, now: datetime, error: str) -> None:
        raise AssertionError(error)


class Sms:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def send_sms(self, to: str, text: str, idempotency_key: str) -> None:
        self.texts.append(text)


def test_send_outbox_passes_until_nothing_is_due() -> None:
    store, sms = MemoryStore(25), Sms()
    report = send_outbox(store, smtp=None, clock=lambda: NOW, sms=sms)
    assert (report.claimed, report.sent, report.retried, report.failed) == (25, 25, 0, 0)
    assert len(sms.texts) == 25 and not store.due


def test_send_outbox_stops_when_asked() -> None:
    store, sms = MemoryStore(25), Sms()
    report = send_outbox(store, smtp=None, clock=lambda: NOW, sms=sms, stop=lambda: True)
    assert report.sent == 10 and len(store.due) == 15
