"""Routes that end their database transaction inside the endpoint call.

FastAPI runs a sync dependency and the sync endpoint in *separate* worker-thread calls. On SQLite
(``BEGIN IMMEDIATE``) a transaction left open across those hops would hold the write lock while
waiting for a free worker thread, and under load every worker could be waiting for that lock:
a starvation that only ends at the busy timeout. So the principal lookup ends its transaction at
once (:func:`proxisante.web.deps.optional_principal`) and every endpoint's uncommitted work is
rolled back as the endpoint returns, in the same worker call (routes commit explicitly).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from sqlalchemy.orm import Session


def _end(kwargs: dict[str, Any]) -> None:
    for value in kwargs.values():
        if isinstance(value, Session) and value.in_transaction():
            value.rollback()


def _wrap(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    if getattr(endpoint, "_ends_transaction", False):  # routers re-add routes when included
        return endpoint
    if inspect.iscoroutinefunction(endpoint):

        @functools.wraps(endpoint)
        async def run_async(*args: Any, **kwargs: Any) -> Any:
            try:
                return await endpoint(*args, **kwargs)
            finally:
                _end(kwargs)

        run_async._ends_transaction = True  # type: ignore[attr-defined]
        return run_async

    @functools.wraps(endpoint)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return endpoint(*args, **kwargs)
        finally:
            _end(kwargs)

    run._ends_transaction = True  # type: ignore[attr-defined]
    return run


class TransactionRoute(APIRoute):
    """An ``APIRoute`` whose endpoint leaves no transaction open when it returns."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _wrap(endpoint), **kwargs)
