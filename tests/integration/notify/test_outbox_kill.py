"""Acceptance: kill ``proxisante serve`` (SIGKILL) while its outbox holds 100 messages; after a
restart each message reaches the SMTP server exactly once (counted at a real aiosmtpd server).

The server answers each ``DATA`` after a short delay, so that the kill is likely to fall while a
message is in flight (the end of ``DATA`` written, the ``250`` not yet read): the case where a
naive outbox sends the message again.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from proxisante.notify.model import Channel, Notification
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.migrate import upgrade
from proxisante.store.notify.models import OutboxRow
from proxisante.store.notify.repository import SqlOutbox, outbox_summary
from tests.integration.notify.conftest import SmtpServer, free_port
from tests.integration.notify.test_outbox_smtp import NOW

N = 100
LEASE_S = 2


def _serve(home: Path, url: str, smtp: SmtpServer, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PROXISANTE_HOME": str(home),
        "PROXISANTE_DATABASE_URL": url,
        "PROXISANTE_SMTP_HOST": smtp.host,
        "PROXISANTE_SMTP_PORT": str(smtp.port),
        "PROXISANTE_TICK_INTERVAL_S": "0.2",
        "PROXISANTE_OUTBOX_LEASE_S": str(LEASE_S),
    }
    cmd = [sys.executable, "-m", "proxisante", "serve", "--port", str(free_port())]
    with log.open("ab") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait(cond, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


@pytest.mark.slow
def test_sigkill_mid_outbox_then_restart_sends_each_once(
    tmp_path: Path, smtp_server: SmtpServer
) -> None:
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    with transaction(factory) as s:
        for i in range(N):
            SqlOutbox(s).enqueue(
                Notification(
                    Channel.EMAIL, f"p{i}@example.org", f"S{i}", f"B{i}", "proposal.made", i
                ),
                NOW,
            )
    with factory() as s:
        expected = set(s.scalars(select(OutboxRow.message_id)))
    assert len(expected) == N
    smtp_server.inbox.delay_s = 0.03
    home = tmp_path / "home"
    home.mkdir()
    log = tmp_path / "serve.log"
    first = _serve(home, url, smtp_server, log)
    try:
        assert _wait(lambda: smtp_server.inbox.count() >= 30, 120), log.read_text()[-2000:]
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    at_kill = smtp_server.inbox.count()
    assert at_kill < N, "the server sent everything before the kill: nothing was tested"
    second = _serve(home, url, smtp_server, log)
    try:
        assert _wait(lambda: smtp_server.inbox.count() >= N, 120), log.read_text()[-2000:]
        time.sleep(LEASE_S + 1.5)  # any message left 'sending' would now be sent again
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(15)
        except subprocess.TimeoutExpired:
            second.kill()
    counts = collections.Counter(smtp_server.inbox.ids())
    print(f"received at kill: {at_kill}; received in all: {sum(counts.values())}; "
          f"distinct: {len(counts)}; max per message: {max(counts.values())}")  # fmt: skip
    assert set(counts) == expected
    assert max(counts.values()) == 1
    with factory() as s:
        states = collections.Counter(s.scalars(select(OutboxRow.status)))
    assert set(states) <= {"sent", "handed"} and sum(states.values()) == N
    # a message in flight at the kill (handed, 250 not read) is reported "to check", not resent
    box = outbox_summary(
        factory, datetime.now(UTC).replace(tzinfo=None), timedelta(seconds=LEASE_S)
    )
    print(f"outbox states: {dict(states)}; summary: {box}")
    assert box["to_check"] == states.get("handed", 0) and box["waiting"] == 0
    engine.dispose()
