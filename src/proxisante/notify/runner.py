"""Send the outbox until nothing is due: what ``serve``'s periodic task and ``registry tick``
run (one owner per call; safe with other dispatchers at once), over the
:class:`~proxisante.notify.ports.OutboxStore` port (composed with the SQL store by
:func:`proxisante.bootstrap.runners.run_outbox`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from proxisante.config import SmtpSettings
from proxisante.notify.dispatch import dispatch_once, new_owner
from proxisante.notify.model import DispatchReport
from proxisante.notify.ports import OutboxStore, SmsSender
from proxisante.notify.smtp import SmtpEmailSender

MAX_PASSES = 1000


def send_outbox(
    store: OutboxStore,
    *,
    smtp: SmtpSettings | None,
    clock: Callable[[], datetime],
    lease_s: float = 60.0,
    sms: SmsSender | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> DispatchReport:
    """Dispatch passes until a pass claims nothing (or ``stop()``); the summed counts."""
    email = SmtpEmailSender(smtp) if smtp is not None else None
    owner = new_owner()
    total = DispatchReport()
    try:
        for _ in range(MAX_PASSES):
            r = dispatch_once(
                store,
                email=email,
                sms=sms,
                clock=clock,
                owner=owner,
                lease=timedelta(seconds=lease_s),
            )
            total = DispatchReport(
                total.claimed + r.claimed,
                total.sent + r.sent,
                total.retried + r.retried,
                total.failed + r.failed,
            )
            if r.claimed == 0 or r.sent == 0 or stop():
                break
    finally:
        if email is not None:
            email.close()
    return total
