"""The composition root: the one place that builds what the shells run on.

:func:`bootstrap` takes the settings and gives a :class:`Root`: the database engine and its
session factory, the clock, the one travel-time provider (:mod:`.travel`) and the registry's
view of it; the services over a session (:mod:`.services`), the runners (:mod:`.runners`: the
registry's tick, the outbox) and the demonstration's data (:mod:`.demo`) are composed here
too. ``create_app`` (``web/app.py``), the CLI commands and ``serve``'s periodic task take what
it built; the store only persists and composes nothing (``docs/explanation/architecture.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from proxisante.access.port import TravelTimeProvider
from proxisante.bootstrap.clock import utc_now
from proxisante.bootstrap.travel import registry_travel, travel_provider
from proxisante.config import Settings
from proxisante.registry.travel_provider import TravelProvider
from proxisante.store.db import make_engine, make_session_factory


@dataclass(frozen=True)
class Root:
    """What the composition root built for one process: ``provider`` is the run's one
    travel-time provider, ``travel`` the registry's travel function (by default over the same
    provider)."""

    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    clock: Callable[[], datetime]
    provider: TravelTimeProvider
    travel: TravelProvider


def bootstrap(
    settings: Settings,
    *,
    engine: Engine | None = None,
    clock: Callable[[], datetime] = utc_now,
    provider: TravelTimeProvider | None = None,
    travel: TravelProvider | None = None,
) -> Root:
    """Build the root: an engine from ``settings.database_url`` unless one is given, its
    session factory, the clock, the travel-time provider (built here by
    :func:`~proxisante.bootstrap.travel.travel_provider`, the bundle's ``estimate``, unless one
    is given) and the registry's travel function (the same provider's unless one is given)."""
    engine = engine or make_engine(settings.database_url)
    provider = provider or travel_provider("estimate", settings.home)
    return Root(
        settings=settings,
        engine=engine,
        session_factory=make_session_factory(engine),
        clock=clock,
        provider=provider,
        travel=travel or registry_travel(provider),
    )


__all__ = ["Root", "bootstrap", "registry_travel", "travel_provider", "utc_now"]
