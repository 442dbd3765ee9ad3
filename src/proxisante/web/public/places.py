"""The places near a commune the public pages show ("where to consult"), computed by
:mod:`proxisante.access.places` with the app's one travel-time provider and the installation's
imported structures."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from proxisante.access import places
from proxisante.access.places import Place
from proxisante.access.port import TravelTimeProvider
from proxisante.territory import Territory


def imported_structures(home: Path) -> pd.DataFrame | None:
    from proxisante.territory.local_store import LocalStore

    return LocalStore(home).load("structures-csv")


def nearest_emergency(
    terr: Territory,
    commune: str,
    home: Path,
    provider: TravelTimeProvider,
    now: datetime | None = None,
) -> Place | None:
    """The nearest emergency department open at ``now`` (local time; None: by day)."""
    return places.nearest_emergency(terr, commune, provider, imported_structures(home), now)


def nearest_guard_house(
    terr: Territory, commune: str, home: Path, provider: TravelTimeProvider
) -> Place | None:
    """The nearest imported maison médicale de garde; None when none is known."""
    return places.nearest_guard_house(terr, commune, imported_structures(home), provider)


def nearest_on_call_centre(
    terr: Territory, commune: str, provider: TravelTimeProvider
) -> Place | None:
    """The Valais on-call centre quickest to reach from a Valais commune."""
    return places.nearest_on_call_centre(terr, commune, provider)
