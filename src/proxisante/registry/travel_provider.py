"""Travel times for a stored territory, from the access engine's travel-time provider.

An edge adapter: the matching core only receives a matrix. The matrix comes from the run's one
:class:`proxisante.access.port.TravelTimeProvider` (built at the edge by
:func:`proxisante.access.providers.build_provider`; see ``docs/explanation/access.md``), the
same provider the slot search and the diagnosis receive, so that a trip has one figure. A
commune the provider does not know reaches only itself.
"""

from __future__ import annotations

from collections.abc import Callable

from proxisante.access.port import TravelTimeProvider
from proxisante.i18n import _
from proxisante.registry.travel import CommunePoints, TravelMatrix

TravelProvider = Callable[[CommunePoints, float], tuple[TravelMatrix | None, str]]


def from_provider(provider: TravelTimeProvider) -> TravelProvider:
    """The registry's travel function over an access provider."""

    def travel(points: CommunePoints, max_travel_min: float) -> tuple[TravelMatrix | None, str]:
        # The access engine keeps pairs strictly under its cutoff; the registry allows the maximum.
        times, covered = provider.commune_times(points.codes, max_travel_min + 0.05)
        note = (
            times.notes[0]
            if times.notes
            else _("Temps de trajet : {provider}").format(provider=provider.name)
        )
        if not covered.all():
            missing = [c for c, ok in zip(points.codes, covered, strict=True) if not ok]
            note += " " + _("Communes sans temps de trajet connu : {codes}.").format(
                codes=", ".join(missing[:10])
            )
        return times.minutes, note

    return travel


def stored_points_estimate(
    points: CommunePoints, max_travel_min: float
) -> tuple[TravelMatrix | None, str]:
    """The access engine's ``estimate`` provider on the territory's own stored town-hall points.

    For a territory whose communes are not (or not all) in the bundle: the same model, with no
    density known (the slowest class) and no area (0 minutes within a commune).
    """
    import numpy as np
    import pandas as pd

    from proxisante.access.providers import CommuneTravel

    table = pd.DataFrame(
        {
            "lon": points.lon,
            "lat": points.lat,
            "area_km2": np.full(len(points.codes), np.nan),
            "population": np.zeros(len(points.codes)),
        },
        index=pd.Index(points.codes),
    )
    return from_provider(CommuneTravel.from_table(table))(points, max_travel_min)
