"""The one place that builds the run's travel-time provider for the web app, ``serve`` and the
CLI commands the composition root covers (``docs/explanation/access.md``).

:func:`travel_provider` is :func:`proxisante.access.providers.build_provider` (``--travel``
value, default ``estimate`` over the embedded bundle): the one
:class:`~proxisante.access.port.TravelTimeProvider` that the public pages, the slot search, the
projects and the workbench receive. :func:`registry_travel` gives the registry's matching and
cascade the same object seen as their travel function
(:func:`proxisante.registry.travel_provider.from_provider`), so that a trip has one figure."""

from __future__ import annotations

from pathlib import Path

from proxisante.access.port import TravelTimeProvider
from proxisante.access.providers import TravelSpec, build_provider
from proxisante.registry.travel_provider import TravelProvider, from_provider


def travel_provider(
    spec: TravelSpec | str = "estimate", home: Path | None = None
) -> TravelTimeProvider:
    """The run's one provider (its road or matrix file, if any, read now, under ``home``)."""
    return build_provider(spec, home)


def registry_travel(provider: TravelTimeProvider) -> TravelProvider:
    """The registry's travel function over the run's one provider."""
    return from_provider(provider)


__all__ = ["registry_travel", "travel_provider"]
