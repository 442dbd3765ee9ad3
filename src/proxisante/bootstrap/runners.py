"""The periodic runners composed over the database: the registry's tick
(:func:`proxisante.registry.tick.run_tick`) and the outbox's dispatcher
(:func:`proxisante.notify.runner.send_outbox`), each written against its ports. Run by
``proxisante registry tick`` (cron) and by ``serve``'s periodic task (``web/background.py``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from proxisante.bootstrap.services import registry_service
from proxisante.config import SmtpSettings
from proxisante.notify.model import DispatchReport
from proxisante.notify.ports import SmsSender
from proxisante.notify.runner import send_outbox
from proxisante.registry.ports import TravelFunction
from proxisante.registry.service import TickResult
from proxisante.registry.tick import TickReport, run_tick
from proxisante.store.db import transaction
from proxisante.store.notify.repository import SqlOutboxStore
from proxisante.store.registry.repository import SqlRegistry


def run_registry_tick(
    factory: sessionmaker[Session], *, clock: Callable[[], datetime], travel: TravelFunction
) -> TickReport:
    """Tick every territory, each in its own transaction (a territory locked elsewhere is
    skipped: ``busy``)."""
    with factory() as s:
        ids = SqlRegistry(s).territory_ids()

    def tick_territory(territory_id: str) -> TickResult | None:
        with transaction(factory) as s:
            return registry_service(s, clock=clock, travel=travel).tick(territory_id)

    return run_tick(ids, tick_territory)


def run_outbox(
    factory: sessionmaker[Session],
    *,
    smtp: SmtpSettings | None,
    clock: Callable[[], datetime],
    lease_s: float = 60.0,
    sms: SmsSender | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> DispatchReport:
    """Send the outbox table's due messages until nothing is due (or ``stop()``)."""
    return send_outbox(
        SqlOutboxStore(factory), smtp=smtp, clock=clock, lease_s=lease_s, sms=sms, stop=stop
    )
