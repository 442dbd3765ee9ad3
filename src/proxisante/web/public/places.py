"""The travel-time provider of the public pages and the places near a commune they show
("where to consult"), computed by :mod:`proxisante.access.places` with it and the installation's
imported structures."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from pathlib import Path

import pandas as pd

from proxisante.access import places
from proxisante.access.places import Place
from proxisante.territory import Territory


@cache
def _provider():  # type: ignore[no-untyped-def]
    from proxisante.access.port import bundle_provider

    return bundle_provider()


def imported_structures(home: Path) -> pd.DataFrame | None:
    from proxisante.territory.local_store import LocalStore

    return LocalStore(home).load("structures-csv")


def nearest_emergency(
    terr: Territory, commune: str, home: Path, now: datetime | None = None
) -> Place | None:
    """The nearest emergency department open at ``now`` (local time; None: by day)."""
    return places.nearest_emergency(terr, commune, _provider(), imported_structures(home), now)


def nearest_guard_house(terr: Territory, commune: str, home: Path) -> Place | None:
    """The nearest imported maison médicale de garde; None when none is known."""
    return places.nearest_guard_house(terr, commune, imported_structures(home), _provider())


def nearest_on_call_centre(terr: Territory, commune: str) -> Place | None:
    """The Valais on-call centre quickest to reach from a Valais commune."""
    return places.nearest_on_call_centre(terr, commune, _provider())
