"""The outbox over a real local SMTP server (aiosmtpd): sent once, retried with backoff when
the server is down, claimed by one dispatcher only, enqueued with the registry's events."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import select

from proxisante.bootstrap.runners import run_outbox
from proxisante.config import SmtpSettings
from proxisante.notify.dispatch import dispatch_once
from proxisante.notify.model import Channel, Notification, OutboxStatus, retry_delay
from proxisante.notify.smtp import LeaseLostError, SmtpEmailSender
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.notify.models import OutboxRow
from proxisante.store.notify.repository import SqlOutbox, SqlOutboxStore
from tests.conftest import PG_ADMIN, pg_url

NOW = datetime(2026, 6, 1, 9, 0, 0)


class FakeSms:
    """An SMS gateway for tests: remembers (key, number) pairs; logs nothing."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def send_sms(self, to: str, text: str, idempotency_key: str) -> None:
        self.sent.append((idempotency_key, to))


@pytest.fixture(scope="module")
def pg_notify() -> Iterator[str]:
    name = f"proxisante_test_notify_{os.getpid()}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_url(name, driver="postgresql+psycopg")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def factory(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A freshly migrated database, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'n.db'}"
    else:
        url = request.getfixturevalue("pg_notify")
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
    upgrade(url)
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


def enqueue(factory, n: int, channel: Channel = Channel.EMAIL) -> None:  # type: ignore[no-untyped-def]
    with transaction(factory) as s:
        for i in range(n):
            to = f"patient{i}@example.org" if channel is Channel.EMAIL else "+33 6 12 34 56 78"
            SqlOutbox(s).enqueue(
                Notification(channel, to, f"Sujet {i}", f"Corps {i}", "proposal.made", i), NOW
            )


def statuses(factory) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return SqlOutboxStore(factory).counts()


def test_each_message_reaches_the_server_once(factory, smtp_server) -> None:  # type: ignore[no-untyped-def]
    enqueue(factory, 12)
    smtp = SmtpSettings(smtp_server.host, smtp_server.port)
    report = run_outbox(factory, smtp=smtp, clock=lambda: NOW)
    assert report.sent == 12
    assert statuses(factory) == {"sent": 12}
    ids = smtp_server.inbox.ids()
    assert len(ids) == 12 == len(set(ids))
    first = smtp_server.inbox.messages[0]
    assert first["Subject"] == "Sujet 0" and first["To"] == "patient0@example.org"
    # a second pass sends nothing more
    assert run_outbox(factory, smtp=smtp, clock=lambda: NOW).sent == 0
    assert smtp_server.inbox.count() == 12
    with factory() as s:  # once sent, the text and the address are blanked
        assert {(r.recipient, r.body) for r in s.scalars(select(OutboxRow))} == {("", "")}


def test_server_down_then_retried_with_backoff(factory, smtp_server) -> None:  # type: ignore[no-untyped-def]
    enqueue(factory, 2)
    down = SmtpSettings("127.0.0.1", 1, timeout_s=2)  # nothing listens on port 1
    assert run_outbox(factory, smtp=down, clock=lambda: NOW).retried == 2
    assert statuses(factory) == {"pending": 2}
    up = SmtpSettings(smtp_server.host, smtp_server.port)
    assert run_outbox(factory, smtp=up, clock=lambda: NOW).sent == 0  # not due yet
    later = NOW + retry_delay(1) + timedelta(seconds=1)
    assert run_outbox(factory, smtp=up, clock=lambda: later).sent == 2
    assert smtp_server.inbox.count() == 2
    with factory() as s:
        assert {r.last_error for r in s.scalars(select(OutboxRow))} == {"ConnectionRefusedError"}


def test_gives_up_after_the_last_attempt(factory) -> None:  # type: ignore[no-untyped-def]
    enqueue(factory, 1)
    down = SmtpSettings("127.0.0.1", 1, timeout_s=2)
    t = NOW
    for _ in range(20):
        run_outbox(factory, smtp=down, clock=lambda t=t: t)
        t += timedelta(hours=3)
    assert statuses(factory) == {OutboxStatus.FAILED.value: 1}


def test_two_dispatchers_never_claim_the_same_message(factory) -> None:  # type: ignore[no-untyped-def]
    enqueue(factory, 5)
    store = SqlOutboxStore(factory)
    a = store.claim("a", NOW, 3)
    b = store.claim("b", NOW, 10)
    assert {m.id for m in a}.isdisjoint({m.id for m in b})
    assert len(a) + len(b) == 5
    # a lease that has run out is taken over; the old owner may no longer commit
    c = store.claim("c", NOW + timedelta(minutes=5), 10)
    assert len(c) == 5
    assert not store.mark_handed(a[0].id, "a", NOW)
    assert store.mark_handed(a[0].id, "c", NOW)


def test_sms_through_a_pluggable_sender(factory) -> None:  # type: ignore[no-untyped-def]
    enqueue(factory, 3, Channel.SMS)
    sms = FakeSms()
    store = SqlOutboxStore(factory)
    r = dispatch_once(store, email=None, sms=sms, clock=lambda: NOW, owner="x")
    assert r.sent == 3 and len({k for k, _ in sms.sent}) == 3
    assert statuses(factory) == {"sent": 3}


def test_lost_lease_sends_nothing(factory, smtp_server) -> None:  # type: ignore[no-untyped-def]
    """The end of DATA is written only after the outbox committed 'handed'."""
    enqueue(factory, 1)
    store = SqlOutboxStore(factory)
    [m] = store.claim("a", NOW, 1)
    store.claim("b", NOW + timedelta(minutes=5), 1)  # b takes it over
    sender = SmtpEmailSender(SmtpSettings(smtp_server.host, smtp_server.port))
    with pytest.raises(LeaseLostError):
        sender.send_email(m, lambda: store.mark_handed(m.id, "a", NOW))
    sender.close()
    assert smtp_server.inbox.count() == 0


def test_concurrent_claims_are_disjoint(factory) -> None:  # type: ignore[no-untyped-def]
    """Four dispatchers claim at the same instant (one connection each): no message twice."""
    import threading

    enqueue(factory, 50)
    store = SqlOutboxStore(factory)
    barrier = threading.Barrier(4)
    got: dict[str, list[int]] = {}
    errors: list[str] = []

    def claim(owner: str) -> None:
        barrier.wait()
        try:
            got[owner] = [m.id for m in store.claim(owner, NOW, 20)]
        except Exception as exc:  # anything is a bug
            errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=claim, args=(f"d{i}",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    ids = [i for owned in got.values() for i in owned]
    assert len(ids) == len(set(ids)) == 50


def test_an_address_the_envelope_would_rewrite_is_never_sent(factory, smtp_server) -> None:  # type: ignore[no-untyped-def]
    """``a"b<c>@evil.org`` would go to ``<a>`` (smtplib parses it for RCPT TO): refused, retried
    later (the input checks refuse it first; this guards rows written before them)."""
    with transaction(factory) as s:
        SqlOutbox(s).enqueue(
            Notification(Channel.EMAIL, 'a"b<c>@evil.org', "S", "C", "proposal.made", 1), NOW
        )
    smtp = SmtpSettings(smtp_server.host, smtp_server.port)
    report = run_outbox(factory, smtp=smtp, clock=lambda: NOW)
    assert report.sent == 0 and smtp_server.inbox.count() == 0
    assert statuses(factory) == {"pending": 1}
