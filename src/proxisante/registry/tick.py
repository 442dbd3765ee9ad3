"""One tick of the registry for every territory, each in its own transaction: expiry of overdue
proposals and cascade, purge of the requests closed for longer than the retention period
(:meth:`~proxisante.registry.service.RegistryService.tick`).

Run by ``proxisante registry tick`` (cron) and by ``serve``'s periodic task, as composed by
:func:`proxisante.bootstrap.runners.run_registry_tick`; two at once are safe: a territory being
ticked (or matched) elsewhere is skipped, not waited for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from proxisante.registry.service import TickResult


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
    territory_ids: Iterable[str], tick_territory: Callable[[str], TickResult | None]
) -> TickReport:
    """Tick each territory with ``tick_territory`` (the service's ``tick`` in a transaction of
    its own; None when the territory is locked elsewhere); the summed report."""
    done: list[TickResult] = []
    busy: list[str] = []
    for tid in territory_ids:
        result = tick_territory(tid)
        if result is None:
            busy.append(tid)
        else:
            done.append(result)
    return TickReport(tuple(done), tuple(busy))
