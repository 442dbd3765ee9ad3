"""Sweeps on Dask: scenario batches, Monte Carlo draws, candidate evaluation.

``scheduler=None`` runs on Dask's local threaded scheduler; ``tcp://host:8786`` sends the tasks
to a ``dask.distributed`` cluster (the shared inputs are scattered once). Each task is a pure
function of its inputs (random draws carry their own seed), so results are identical whatever
the scheduler and the number of workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError

T = TypeVar("T")
R = TypeVar("R")


def map_shared(
    func: Callable[[Any, T], R], shared: Any, items: Sequence[T], scheduler: str | None = None
) -> list[R]:
    """``[func(shared, item) for item in items]`` on Dask, in the order of ``items``."""
    if not items:
        return []
    if scheduler is None or scheduler in ("threads", "local"):
        import dask

        tasks = [dask.delayed(func)(shared, item) for item in items]
        return list(dask.compute(*tasks, scheduler="threads"))
    if scheduler == "sync":
        return [func(shared, item) for item in items]
    if not scheduler.startswith(("tcp://", "tls://", "inproc://")):
        raise PlanningInputError(
            _(
                "--scheduler {scheduler} : attendu une adresse tcp://hôte:port d'un ordonnanceur"
                " Dask (ex. tcp://127.0.0.1:8786), ou rien pour l'ordonnanceur local."
            ).format(scheduler=repr(scheduler))
        )
    return map_on_client(func, shared, items, scheduler)


def map_on_client(
    func: Callable[[Any, T], R], shared: Any, items: Sequence[T], client_or_address: Any
) -> list[R]:
    """The same on a ``distributed.Client`` (or the address of its scheduler)."""
    from distributed import Client

    own = isinstance(client_or_address, str)
    try:
        client = Client(client_or_address, timeout="10s") if own else client_or_address
    except OSError as exc:
        raise PlanningInputError(
            _("--scheduler {address} : ordonnanceur Dask injoignable ({error}).").format(
                address=client_or_address, error=exc
            )
        ) from exc
    try:
        data = client.scatter(shared, broadcast=True)
        futures = client.map(func, [data] * len(items), list(items), pure=False)
        return list(client.gather(futures))
    finally:
        if own:
            client.close()


def map_scenarios(baseline: Any, scenarios: Sequence[Any], scheduler: str | None) -> list[Any]:
    """Run every scenario on the same baseline (see :func:`.scenarios.whatif.run_scenario`)."""
    from proxisante.planning.scenarios.whatif import run_scenario

    return map_shared(run_scenario, baseline, scenarios, scheduler)
