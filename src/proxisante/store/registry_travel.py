"""Travel times for a stored territory, from the access engine when it knows every commune.

An edge adapter (it reads the embedded bundle): the matching core only receives a matrix. The
access engine's ``estimate`` provider (great-circle distance × detour ÷ a speed that depends on
the density of the neighbourhood, plus a terminal time; see ``docs/explanation/access.md``) is
used when every commune of the territory is in the bundle; otherwise the registry's own
straight-line estimate (× 1.3 at 50 km/h) is used and the note says so.
"""

from __future__ import annotations

from collections.abc import Callable

from proxisante.registry.travel import DETOUR_FACTOR, SPEED_KMH, CommunePoints, TravelMatrix

TravelProvider = Callable[[CommunePoints, float], tuple[TravelMatrix | None, str]]

STRAIGHT_LINE_NOTE = (
    f"Temps de trajet estimés : distance à vol d'oiseau × {DETOUR_FACTOR} à {SPEED_KMH:g} km/h."
)


def straight_line(points: CommunePoints, max_travel_min: float) -> tuple[None, str]:
    """The registry's built-in estimate (no matrix)."""
    del points, max_travel_min
    return None, STRAIGHT_LINE_NOTE


def access_estimate(
    points: CommunePoints, max_travel_min: float
) -> tuple[TravelMatrix | None, str]:
    """The access engine's estimate on the bundle's communes, or the straight line."""
    from proxisante.access.communes import commune_points
    from proxisante.access.providers import TravelSpec, commune_times
    from proxisante.territory import load_territory

    table = load_territory().communes
    codes = list(points.codes)
    if not codes or not all(c in table.index for c in codes):
        return straight_line(points, max_travel_min)
    # The access engine keeps pairs strictly under its cutoff; the registry allows the maximum.
    times, _ = commune_times(
        commune_points(table.loc[codes]), TravelSpec("estimate"), max_travel_min + 0.05
    )
    return times.minutes, times.notes[0] if times.notes else "access estimate"
