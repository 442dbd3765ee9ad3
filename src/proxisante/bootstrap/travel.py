"""The one place that chooses the travel-time provider the registry's matching and cascade
receive (``docs/explanation/access.md``): the web app, ``serve`` and the CLI commands take the
one it gives, and build none themselves."""

from __future__ import annotations

from typing import Literal

from proxisante.registry.travel_provider import (
    TravelProvider,
    access_estimate,
    stored_points_estimate,
)

TravelKind = Literal["access", "stored"]


def travel_provider(kind: TravelKind = "access") -> TravelProvider:
    """The provider: ``access``, the access engine's estimate over the embedded bundle (what
    ``serve`` and the CLI use); ``stored``, the same model on the territory's own stored
    town-hall points (the web app's default when it is built without one, e.g. in tests)."""
    return access_estimate if kind == "access" else stored_points_estimate
