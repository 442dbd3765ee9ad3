"""Time to the nearest open emergency department, through the one travel-time provider.

:func:`nearest_emergency` is the use case: for communes and a moment (:data:`Moment`: a datetime,
a date or None), the nearest emergency department that counts then, its travel minutes and, when
that site is open by day only and the time of day is unknown, the nearest site open round the
clock. :func:`emergency_times` is the same on arrays (the diagnosis, the maps, the share beyond
30 minutes per territory use it), so one trip has one figure everywhere.

Rules (see :mod:`proxisante.territory.emergency`): a commune reaches the sites of its own
country only (emergency calls are regulated nationally: 15 in France, 144 in Switzerland);
seasonal-only sites count in July–August only, and not when no date is given; part-time sites
(Martigny, 8–18 h) count inside their hours when the time of day is known, else "by day only".
Times are the provider's (estimated when it rests on a model, and labelled so); SMUR and
*médecins correspondants du SAMU* are not counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from proxisante.access.nearest import share_beyond
from proxisante.access.port import TravelTimeProvider
from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.territory.emergency import (
    EmergencyDepartment,
    EmergencySites,
    Moment,
    department_of,
    open_mask,
)
from proxisante.types import FloatArray, IntArray

CUTOFF_MIN = 120.0
"""Sites farther than this are "not reached" (``inf`` minutes; beyond any threshold shown)."""
BEYOND_MIN = 30.0
"""The threshold of the share beyond (the Pacte Territoire Santé's "soins urgents en moins de
30 minutes")."""


def country_of(code: str) -> str:
    """``CH`` for a Swiss commune code (``ch:6266``), else ``FR``."""
    return "CH" if str(code).startswith("ch:") else "FR"


@dataclass(frozen=True, eq=False)
class EmergencyTimes:
    """Arrays aligned on ``codes``: minutes to the nearest site that counts at the moment asked
    (``site``: its row in the layer's table, -1 when none is reached) and to the nearest site
    open round the clock (the same when the time of day is known)."""

    codes: tuple[str, ...]
    minutes: FloatArray
    site: IntArray
    minutes_always: FloatArray
    site_always: IntArray
    covered: npt.NDArray[np.bool_]  # communes the provider knows (times can be given)
    provider: str
    estimated: bool
    notes: tuple[str, ...]

    @property
    def day_only(self) -> npt.NDArray[np.bool_]:
        """Communes whose nearest site is open by day only (time of day unknown)."""
        day_only: npt.NDArray[np.bool_] = (self.site >= 0) & (self.site != self.site_always)
        return day_only

    def share_beyond(
        self, population: npt.ArrayLike, threshold_min: float = BEYOND_MIN, *, night: bool = False
    ) -> float:
        """Share of ``population`` (aligned on ``codes``) beyond ``threshold_min`` of the
        nearest site (``night``: of the nearest site open round the clock)."""
        minutes = self.minutes_always if night else self.minutes
        return share_beyond(minutes, population, threshold_min)


def _nearest_columns(m: object, allowed: npt.NDArray[np.bool_]) -> tuple[FloatArray, IntArray]:
    """Per row of a CSR matrix, the smallest stored value among ``allowed`` columns and its
    column (``inf`` and -1 where none)."""
    import scipy.sparse as sp

    csr = sp.csr_array(m)
    n = csr.shape[0]
    data = np.where(allowed[csr.indices], csr.data, np.inf)
    rows = np.repeat(np.arange(n), np.diff(csr.indptr))
    order = np.lexsort((data, rows))
    minutes = np.full(n, np.inf)
    cols = np.full(n, -1, dtype=np.int64)
    has = np.diff(csr.indptr) > 0
    first = order[csr.indptr[:-1][has]]
    minutes[has] = data[first]
    cols[has] = np.where(np.isfinite(data[first]), csr.indices[first], -1)
    return minutes, cols


def emergency_times(
    codes: Sequence[str],
    sites: pd.DataFrame,
    provider: TravelTimeProvider,
    when: Moment = None,
    *,
    cutoff_min: float = CUTOFF_MIN,
    children: bool = False,
) -> EmergencyTimes:
    """Minutes from each commune of ``codes`` to the nearest site of ``sites`` (a layer's table:
    ``lon``, ``lat``, ``country``, ``route_commune`` or ``commune``, the authorisation flags and
    hours) of its own country that counts at ``when``."""
    codes = tuple(str(c) for c in codes)
    n = len(codes)
    out_m, out_s = np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
    out_ma, out_sa = np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
    covered = np.zeros(n, dtype=bool)
    counts, always = open_mask(sites, when, children=children)
    country = sites["country"] if "country" in sites else pd.Series("FR", index=sites.index)
    route = sites["route_commune"] if "route_commune" in sites else sites["commune"]
    notes: tuple[str, ...] = ()
    origin_country = np.array([country_of(c) for c in codes])
    for cc in sorted(set(origin_country)):
        rows = np.flatnonzero(origin_country == cc)
        cols = np.flatnonzero((country == cc).to_numpy() & (counts | always))
        if not len(cols) or not len(rows):
            continue
        sub = sites.iloc[cols]
        tt, cov = provider.point_times(
            [codes[i] for i in rows],
            sub["lon"].to_numpy(dtype=np.float64),
            sub["lat"].to_numpy(dtype=np.float64),
            [None if pd.isna(c) else str(c) for c in route.iloc[cols]],
            cutoff_min,
        )
        notes = notes or tt.notes
        covered[rows] = cov
        m, c = _nearest_columns(tt.minutes, counts[cols])
        ma, ca = _nearest_columns(tt.minutes, always[cols])
        out_m[rows], out_s[rows] = m, np.where(c >= 0, cols[np.maximum(c, 0)], -1)
        out_ma[rows], out_sa[rows] = ma, np.where(ca >= 0, cols[np.maximum(ca, 0)], -1)
    return EmergencyTimes(
        codes, out_m, out_s, out_ma, out_sa, covered, provider.name, provider.estimated, notes
    )


@dataclass(frozen=True)
class NearestEmergency:
    """The nearest emergency department of one commune at the moment asked.

    ``day_only``: that site is open by day only and the time of day is unknown ("jour
    seulement"); ``always_open``/``always_open_minutes`` then name the nearest site open round
    the clock. ``minutes`` is None when no site is reached within the cutoff.
    """

    commune: str
    site: EmergencyDepartment | None
    minutes: float | None
    day_only: bool
    always_open: EmergencyDepartment | None
    always_open_minutes: float | None


@dataclass(frozen=True)
class EmergencyAccess:
    """:func:`nearest_emergency`'s answer: one result per commune asked, and what it rests on."""

    when: Moment
    results: tuple[NearestEmergency, ...]
    times: EmergencyTimes
    label: str
    proxy: bool
    notes: tuple[str, ...]

    @property
    def provider(self) -> str:
        return self.times.provider

    @property
    def estimated(self) -> bool:
        return self.times.estimated

    def share_beyond(
        self, population: npt.ArrayLike, threshold_min: float = BEYOND_MIN, *, night: bool = False
    ) -> float:
        return self.times.share_beyond(population, threshold_min, night=night)


class UnknownCommuneError(UserError):
    """A commune code the travel-time provider does not know."""


def nearest_emergency(
    codes: Sequence[str],
    when: Moment = None,
    *,
    provider: TravelTimeProvider,
    sites: EmergencySites | None = None,
    children: bool = False,
) -> EmergencyAccess:
    """The nearest emergency department of each commune of ``codes`` at ``when``.

    ``provider``: the project's travel-time provider (built at the edge, passed down);
    ``sites``: the layer in use (the bundle's SAE 2025 and Valais list by default);
    ``children``: paediatric-only departments count too.
    """
    from proxisante.access.providers import CommuneTravel

    if isinstance(provider, CommuneTravel):
        unknown = [c for c, p in zip(codes, provider.positions(codes), strict=True) if p < 0]
        if unknown:
            raise UnknownCommuneError(
                _(
                    "commune {code} : code inconnu ; attendu un code INSEE (p. ex. 03310) ou "
                    "OFS préfixé ch: (p. ex. ch:6266)"
                ).format(code=repr(unknown[0]))
            )
    if sites is None:
        sites = _default_sites()
    times = emergency_times(codes, sites.table, provider, when, children=children)
    table = sites.table
    cache: dict[int, EmergencyDepartment] = {}

    def dept(i: int) -> EmergencyDepartment | None:
        if i < 0:
            return None
        if i not in cache:
            cache[i] = department_of(table.iloc[i].to_dict())
        return cache[i]

    def minutes(x: float) -> float | None:
        return float(x) if np.isfinite(x) else None

    results = tuple(
        NearestEmergency(
            commune=code,
            site=dept(int(times.site[k])),
            minutes=minutes(times.minutes[k]),
            day_only=bool(times.day_only[k]),
            always_open=dept(int(times.site_always[k])) if times.day_only[k] else None,
            always_open_minutes=minutes(times.minutes_always[k]) if times.day_only[k] else None,
        )
        for k, code in enumerate(times.codes)
    )
    return EmergencyAccess(when, results, times, sites.label, sites.proxy, sites.notes)


def _default_sites() -> EmergencySites:
    from proxisante.territory import load_territory
    from proxisante.territory.emergency import emergency_sites

    terr = load_territory()
    return emergency_sites(terr.hospitals, terr.communes)


# --- shares per territory and the regional reference -------------------------------------------

RHONE_ALPES = ("01", "07", "26", "38", "42", "69", "73", "74")
"""The départements of the former Rhône-Alpes région (the Pacte Territoire Santé's area)."""
RHONE_ALPES_REFERENCE = 0.058
"""« 5,8 % de la population est à plus de 30 minutes d'un accès aux soins urgents » (ARS
Rhône-Alpes, Pacte Territoire Santé, 2013), counting SMUR and médecins correspondants du SAMU."""
REFERENCE_SOURCE = N_(
    "ARS Rhône-Alpes, Pacte Territoire Santé (2013) : accès aux soins urgents, SMUR et médecins "
    "correspondants du SAMU compris"
)


@dataclass(frozen=True)
class AreaShare:
    """Share of an area's population beyond :data:`BEYOND_MIN` of an emergency department, by
    day (sites that count with no date given) and at night (round-the-clock sites only)."""

    code: str
    name: str
    population: int
    share: float
    share_night: float


@dataclass(frozen=True)
class ReferenceComparison:
    """France's share beyond 30 minutes beside the one published reference at hand."""

    national: AreaShare
    region: AreaShare  # the former Rhône-Alpes (:data:`RHONE_ALPES`)
    reference: float
    reference_source: str
    provider: str
    estimated: bool


def area_share(
    code: str, name: str, codes: Sequence[str], times: EmergencyTimes, population: pd.Series
) -> AreaShare:
    """The share of ``codes`` (communes among ``times.codes``) beyond 30 minutes."""
    wanted = set(codes)
    mask = np.array([c in wanted for c in times.codes])
    pop = population.reindex(list(times.codes)).fillna(0).to_numpy(dtype=np.float64)
    pop = np.where(mask, pop, 0.0)
    return AreaShare(
        code,
        name,
        int(pop.sum()),
        times.share_beyond(pop),
        times.share_beyond(pop, night=True),
    )


def reference_comparison(
    communes: pd.DataFrame, sites: EmergencySites, provider: TravelTimeProvider
) -> ReferenceComparison:
    """France's and the former Rhône-Alpes's share beyond 30 minutes (no date given), beside the
    Pacte Territoire Santé's 5.8 % (which counts SMUR and MCS: ours cannot, so it is higher)."""
    fr = communes[(communes["country"] == "FR") & communes["lon"].notna()]
    times = emergency_times(list(fr.index.astype(str)), sites.table, provider)
    ra = fr.index[fr["departement"].isin([f"dep:{d}" for d in RHONE_ALPES])]
    pop = fr["population"]
    return ReferenceComparison(
        national=area_share("fr", "France", list(fr.index), times, pop),
        region=area_share("rhone-alpes", "Rhône-Alpes", list(ra), times, pop),
        reference=RHONE_ALPES_REFERENCE,
        reference_source=_(REFERENCE_SOURCE),
        provider=times.provider,
        estimated=times.estimated,
    )
