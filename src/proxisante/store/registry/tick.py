"""One tick of the registry for every territory, each in its own transaction: expiry of overdue
proposals and cascade, purge of the requests closed for longer than the retention period
(:meth:`~proxisante.registry.service.RegistryService.tick`).

Run by ``proxisante registry tick`` (cron) and by ``serve``'s periodic task; two at once are
safe: a territory being ticked (or matched) elsewhere is skipped, not waited for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from proxisante.registry.ports import TravelFunction
from proxisante.registry.service import TickResult
from proxisante.store.db import transaction
from proxisante.store.registry.repository import SqlRegistry, registry_service


@dataclass(frozen=True)
class TickReport:
    done: tuple[TickResult, ...]
    busy: tuple[str, ...]  # territories locked by another transaction: left to the next tick

    @property
    def expired(self) -> int:
        return sum(r.expired for r in self.done)

    @property
    def passed_on(self) -> int:
        return sum(r.passed_on for r in self.done)

    @property
    def purged(self) -> int:
        return sum(r.purged for r in self.done)


def run_tick(
    factory: sessionmaker[Session], *, clock: Callable[[], datetime], travel: TravelFunction
) -> TickReport:
    with factory() as s:
        ids = SqlRegistry(s).territory_ids()
    done: list[TickResult] = []
    busy: list[str] = []
    for tid in ids:
        with transaction(factory) as s:
            result = registry_service(s, clock=clock, travel=travel).tick(tid)
        if result is None:
            busy.append(tid)
        else:
            done.append(result)
    return TickReport(tuple(done), tuple(busy))
