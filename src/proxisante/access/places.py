"""Places near a commune ("where to consult"): the nearest emergency department open at a time
(:func:`proxisante.access.emergency.nearest_emergency`: DREES SAE 2025, Valais published facts,
or an imported list), the nearest maison médicale de garde (imported structures only) and the
nearest Valais on-call centre, each with its travel minutes from the travel-time provider given
and its great-circle distance (:func:`proxisante.access.travel.geodesy.great_circle_km`)."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from proxisante.access.emergency import nearest_emergency as nearest_ed
from proxisante.access.nearest import nearest_minutes
from proxisante.access.port import TravelTimeProvider, trip_minutes
from proxisante.access.travel.geodesy import great_circle_km
from proxisante.territory import Territory
from proxisante.territory.emergency import EmergencyDepartment, emergency_sites

CANDIDATES = 5
"""Sites nearest as the crow flies whose travel minutes are asked for (the quickest wins)."""
POINT_CUTOFF_MIN = 180.0


@dataclass(frozen=True)
class Place:
    """A site near the commune: name, its commune's name, minutes (estimate) and kilometres."""

    name: str
    commune: str
    commune_name: str
    minutes: float | None
    km: float
    proxy: bool
    hours: str | None = None  # emergency departments: « 24 h/24 » or their daily hours
    night: Place | None = None  # a part-time department: the nearest one open round the clock
    site: str | None = None  # the site's own name, which tells sites of one hospital apart


def _point(terr: Territory, commune: str) -> tuple[float, float]:
    point = terr.communes.loc[commune, ["lon", "lat"]].to_numpy(dtype=float)
    return float(point[0]), float(point[1])


def _km(origin: tuple[float, float], lon: float, lat: float) -> float:
    return round(float(great_circle_km(origin[0], origin[1], lon, lat)), 1)


def _rounded(minutes: float | None) -> float | None:
    return None if minutes is None else round(minutes)


def nearest(
    terr: Territory,
    commune: str,
    sites: pd.DataFrame,
    proxy: bool,
    provider: TravelTimeProvider,
) -> Place | None:
    """The site of ``sites`` (``name``, ``lon``, ``lat``, ``commune``) quickest to reach from
    ``commune`` among the :data:`CANDIDATES` nearest as the crow flies."""
    sites = sites[sites["lon"].notna() & sites["lat"].notna()]
    if sites.empty:
        return None
    origin = _point(terr, commune)
    km = pd.Series(
        great_circle_km(
            origin[0], origin[1], sites["lon"].to_numpy(float), sites["lat"].to_numpy(float)
        ),
        index=sites.index,
    )
    best: Place | None = None
    for i in km.nsmallest(CANDIDATES).index:
        row = sites.loc[i]
        dest = str(row["commune"])
        if dest in terr.communes.index:
            minutes = trip_minutes(provider, commune, dest)
        else:  # a site outside the bundle's communes (Rennaz, Vaud): to its point
            minutes = point_minutes(provider, commune, float(row["lon"]), float(row["lat"]))
        place = Place(
            name=str(row["name"]),
            commune=dest,
            commune_name=terr._safe_name(dest) or dest,
            minutes=_rounded(minutes),
            km=round(float(km[i]), 1),
            proxy=proxy,
            site=_site(row),
        )
        if best is None or _key(place) < _key(best):
            best = place
    return best


def _site(row: pd.Series) -> str | None:
    site = row.get("site")
    return site if isinstance(site, str) and site and site != row["name"] else None


def point_minutes(
    provider: TravelTimeProvider, commune: str, lon: float, lat: float
) -> float | None:
    """Minutes from ``commune`` to a point (None when the provider does not cover the trip)."""
    tt, covered = provider.point_times([commune], [lon], [lat], [None], POINT_CUTOFF_MIN)
    value = float(nearest_minutes(tt)[0]) if covered.all() else math.inf
    return value if math.isfinite(value) else None


def _key(p: Place) -> tuple[float, float]:
    return (p.minutes if p.minutes is not None else math.inf, p.km)


def nearest_emergency(
    terr: Territory,
    commune: str,
    provider: TravelTimeProvider,
    structures: pd.DataFrame | None = None,
    now: datetime | None = None,
) -> Place | None:
    """The nearest emergency department open at ``now`` (local time; None: by day), with its
    hours; when it is open by day only, the nearest one open round the clock too.
    ``structures``: the imported structures (their emergency departments count)."""
    sites = emergency_sites(terr.hospitals, terr.communes, structures)
    found = nearest_ed([commune], now, provider=provider, sites=sites).results[0]
    if found.site is None:
        return None
    night = None
    if found.site.hours is not None:
        day = nearest_ed([commune], None, provider=provider, sites=sites).results[0]
        night = _ed_place(terr, commune, day.always_open, day.always_open_minutes, sites.proxy)
    place = _ed_place(terr, commune, found.site, found.minutes, sites.proxy)
    return None if place is None else dataclasses.replace(place, night=night)


def _ed_place(
    terr: Territory,
    commune: str,
    site: EmergencyDepartment | None,
    minutes: float | None,
    proxy: bool,
) -> Place | None:
    if site is None:
        return None
    return Place(
        name=site.name,
        commune=site.commune or "",
        commune_name=site.locality,
        minutes=_rounded(minutes),
        km=_km(_point(terr, commune), site.lon, site.lat),
        proxy=proxy,
        hours=site.hours_text(),
    )


def nearest_guard_house(
    terr: Territory,
    commune: str,
    structures: pd.DataFrame | None,
    provider: TravelTimeProvider,
) -> Place | None:
    """The nearest imported maison médicale de garde (``structures``, type
    ``maison_de_garde``); None when none is known."""
    if structures is None or structures.empty:
        return None
    guard = structures[structures["type"] == "maison_de_garde"].copy()
    if guard.empty:
        return None
    where = terr.communes.reindex(guard["commune"].astype(str))
    for col in ("lon", "lat"):
        own = guard[col] if col in guard else pd.Series(np.nan, index=guard.index)
        guard[col] = own.fillna(pd.Series(where[col].to_numpy(), guard.index))
    return nearest(terr, commune, guard, False, provider)


def nearest_on_call_centre(
    terr: Territory, commune: str, provider: TravelTimeProvider
) -> Place | None:
    """The Valais on-call centre (maison de garde, permanence) quickest to reach from a Valais
    commune, placed at its commune's main locality (SOURCES.md §22: no address file)."""
    from proxisante.territory.valais import ON_CALL_CENTRES

    best: Place | None = None
    origin = _point(terr, commune)
    for centre in ON_CALL_CENTRES:
        where = centre.commune
        if where is None or where not in terr.communes.index:
            continue
        lon, lat = _point(terr, where)
        place = Place(
            name=centre.title,
            commune=where,
            commune_name=terr._safe_name(where) or where,
            minutes=_rounded(trip_minutes(provider, commune, where)),
            km=_km(origin, lon, lat),
            proxy=False,
        )
        if best is None or _key(place) < _key(best):
            best = place
    return best
