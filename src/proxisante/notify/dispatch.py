"""One pass of the outbox: claim due messages under a lease, send each, record the outcome.

Safe with several dispatchers at once (``serve`` workers, a cron ``registry tick``): a message is
claimed by one of them only, and a message whose dispatcher died is taken again once its lease has
expired (see :mod:`proxisante.notify.model` for the states, :mod:`proxisante.notify.smtp` for
the exactly-once argument). Logs carry counts only, never a recipient or a text.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from proxisante.notify.model import LEASE, Channel, DispatchReport, OutboxMessage
from proxisante.notify.ports import EmailSender, OutboxStore, SmsSender
from proxisante.notify.smtp import DeliveryUncertainError, LeaseLostError

log = logging.getLogger(__name__)


def new_owner() -> str:
    """A dispatcher's name for its leases (random: two processes never share one)."""
    return uuid.uuid4().hex


def dispatch_once(
    store: OutboxStore,
    *,
    email: EmailSender | None,
    sms: SmsSender | None,
    clock: Callable[[], datetime],
    owner: str,
    lease: timedelta = LEASE,
    limit: int = 10,
) -> DispatchReport:
    """Send the due messages once (those of a channel with a sender); returns the counts."""
    channels = [c for c, s in ((Channel.EMAIL, email), (Channel.SMS, sms)) if s is not None]
    if not channels:
        return DispatchReport()
    claimed = store.claim(owner, clock(), limit, lease, channels)
    sent = retried = 0
    for m in claimed:
        outcome = _send_one(store, m, email=email, sms=sms, clock=clock, owner=owner)
        sent += outcome == "sent"
        retried += outcome == "retry"
    report = DispatchReport(claimed=len(claimed), sent=sent, retried=retried)
    if claimed:
        log.info("outbox: %d claimed, %d sent, %d to retry", len(claimed), sent, retried)
    return report


def _send_one(
    store: OutboxStore,
    m: OutboxMessage,
    *,
    email: EmailSender | None,
    sms: SmsSender | None,
    clock: Callable[[], datetime],
    owner: str,
) -> str:
    try:
        if m.channel is Channel.EMAIL:
            if email is None:
                raise RuntimeError("no e-mail sender configured")
            email.send_email(m, lambda: store.mark_handed(m.id, owner, clock()))
        else:
            if sms is None:
                raise RuntimeError("no SMS sender configured")
            sms.send_sms(m.recipient, m.body, m.message_id)  # the gateway de-duplicates on it
            if not store.mark_handed(m.id, owner, clock()):
                return "lost-lease"
    except LeaseLostError:
        return "lost-lease"
    except DeliveryUncertainError:
        log.warning("outbox: message %d handed over, server answer not read", m.id)
        return "uncertain"
    except Exception as exc:
        store.mark_failed_attempt(m.id, owner, clock(), type(exc).__name__)
        return "retry"
    store.mark_sent(m.id, clock())
    return "sent"
