"""Places near a commune for "where to consult": the nearest emergency department open now
(:func:`proxisante.access.emergency.nearest_emergency`: DREES SAE 2025, Valais published facts,
or an imported list) and the nearest maison médicale de garde (imported structures only), with
estimated travel minutes."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from proxisante.access.port import TravelTimeProvider, trip_minutes
from proxisante.territory import Territory
from proxisante.territory.emergency import EmergencyDepartment

CANDIDATES = 5


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


def _km(lon1: float, lat1: float, lon2: pd.Series, lat2: pd.Series) -> pd.Series:
    k = math.pi / 180
    x = (lon2 - lon1) * k * math.cos(lat1 * k)
    y = (lat2 - lat1) * k
    return 6371.0 * (x * x + y * y) ** 0.5


def nearest(
    terr: Territory,
    commune: str,
    sites: pd.DataFrame,
    proxy: bool,
    provider: TravelTimeProvider,
) -> Place | None:
    """The site of ``sites`` (``name``, ``lon``, ``lat``, ``commune``) quickest to reach."""
    sites = sites[sites["lon"].notna() & sites["lat"].notna()]
    if sites.empty:
        return None
    point = terr.communes.loc[commune, ["lon", "lat"]].to_numpy(dtype=float)
    lon, lat = float(point[0]), float(point[1])
    km = _km(lon, lat, sites["lon"].astype(float), sites["lat"].astype(float))
    best: Place | None = None
    for i in km.nsmallest(CANDIDATES).index:
        row = sites.loc[i]
        dest = str(row["commune"])
        if dest in terr.communes.index:
            minutes = trip_minutes(provider, commune, dest)
        else:  # a site outside the bundle's communes (Rennaz, Vaud): to its point
            minutes = _point_minutes(provider, commune, float(row["lon"]), float(row["lat"]))
        place = Place(
            name=str(row["name"]),
            commune=dest,
            commune_name=terr._safe_name(dest) or dest,
            minutes=None if minutes is None else round(minutes),
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


def _point_minutes(
    provider: TravelTimeProvider, commune: str, lon: float, lat: float
) -> float | None:
    from proxisante.access.nearest import nearest_minutes

    tt, covered = provider.point_times([commune], [lon], [lat], [None], 180.0)
    value = float(nearest_minutes(tt)[0]) if covered.all() else math.inf
    return value if math.isfinite(value) else None


def _key(p: Place) -> tuple[float, float]:
    return (p.minutes if p.minutes is not None else math.inf, p.km)


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
    """The nearest emergency department open at ``now`` (local time; None: by day), with its
    hours; when it is open by day only, the nearest one open round the clock too."""
    from proxisante.access.emergency import nearest_emergency as nearest_ed
    from proxisante.territory.emergency import emergency_sites

    sites = emergency_sites(terr.hospitals, terr.communes, imported_structures(home))
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
    point = terr.communes.loc[commune, ["lon", "lat"]].to_numpy(dtype=float)
    km = _km(float(point[0]), float(point[1]), pd.Series([site.lon]), pd.Series([site.lat]))
    return Place(
        name=site.name,
        commune=site.commune or "",
        commune_name=site.locality,
        minutes=None if minutes is None else round(minutes),
        km=round(float(km.iloc[0]), 1),
        proxy=proxy,
        hours=site.hours_text(),
    )


def nearest_guard_house(
    terr: Territory, commune: str, home: Path, provider: TravelTimeProvider
) -> Place | None:
    """The nearest imported maison médicale de garde (``structures-csv``, type
    ``maison_de_garde``); None when none is known."""
    structures = imported_structures(home)
    if structures is None or structures.empty:
        return None
    guard = structures[structures["type"] == "maison_de_garde"].copy()
    if guard.empty:
        return None
    where = terr.communes.reindex(guard["commune"].astype(str))
    for col in ("lon", "lat"):
        own = guard[col] if col in guard else pd.Series(float("nan"), index=guard.index)
        guard[col] = own.fillna(pd.Series(where[col].to_numpy(), guard.index))
    return nearest(terr, commune, guard, False, provider)


def nearest_on_call_centre(
    terr: Territory, commune: str, provider: TravelTimeProvider
) -> Place | None:
    """The Valais on-call centre (maison de garde, permanence) quickest to reach from a Valais
    commune, placed at its commune's main locality (SOURCES.md §22: no address file)."""
    from proxisante.territory.valais import ON_CALL_CENTRES

    best: Place | None = None
    point = terr.communes.loc[commune, ["lon", "lat"]].to_numpy(dtype=float)
    for centre in ON_CALL_CENTRES:
        where = centre.commune
        if where is None or where not in terr.communes.index:
            continue
        lon, lat = terr.communes.loc[where, ["lon", "lat"]].to_numpy(dtype=float)
        km = _km(float(point[0]), float(point[1]), pd.Series([lon]), pd.Series([lat]))
        minutes = trip_minutes(provider, commune, where)
        place = Place(
            name=centre.title,
            commune=where,
            commune_name=terr._safe_name(where) or where,
            minutes=None if minutes is None else round(minutes),
            km=round(float(km.iloc[0]), 1),
            proxy=False,
        )
        if best is None or _key(place) < _key(best):
            best = place
    return best
