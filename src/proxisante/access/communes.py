"""APL and nearest-facility runs on the commune table of the territory (an edge: DataFrames in,
DataFrames out; the engines underneath work on arrays).

Supply: the bundle knows only liberal GP headcounts per commune (INSEE BPE 2020), so supply is
headcount × :data:`MEAN_ACTIVITY_PER_GP`; where an imported file of professionals gives each
GP's activity (``proxisante data import professionals-csv``), the communes of the départements it
covers use :func:`proxisante.access.apl.supply_from_practitioners` instead.
Demand: the DREES standardised population (``pop_std_<year>`` of the bundle: the population by
age band weighted by the DREES consumption weights, the APL's own demand) by default — from the
imported age bands (``insee-age``) with the same weights where they cover a commune, plain
population where neither exists (Valais). ``demand="population"`` asks for the plain
population instead, labelled so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from proxisante.access.apl import (
    AGE_BANDS,
    DREES_DECAY,
    MAX_AGE_U65,
    Year,
    apl,
    standardised_population,
    supply_from_counts,
    supply_from_practitioners,
)
from proxisante.access.nearest import nearest_minutes
from proxisante.access.port import TravelTimeProvider
from proxisante.access.providers import CommunePoints, table_points
from proxisante.i18n import N_, _
from proxisante.types import FloatArray, IntArray

MEAN_ACTIVITY_PER_GP = 4700.0
"""Counted yearly activity (consultations + visits) given to each GP of a headcount.

Chosen on even-numbered départements only, for the best sous-dense agreement with APL 2023 by
communes (see ``benchmarks/access_calibration.py``); figures are reported on odd-numbered ones.
This level counts fewer people as under-served than DREES (9.9 % vs 16.6 % nationally): 4 200
would match the share (15.4 % vs 15.3 % on the training half) for 1.2 point less agreement."""

MEAN_ACTIVITY_V2 = 5000.0
"""The same choice for the ``v2`` provider (training half; ``benchmarks/access_metric_search.py``
prints it)."""


def mean_activity_for(provider: str) -> float:
    """The mean activity chosen together with a travel provider's parameters."""
    return MEAN_ACTIVITY_V2 if provider.startswith("v2") else MEAN_ACTIVITY_PER_GP


DemandChoice = Literal["population", "drees-standardised"]
U65_NOT_COMPUTED = N_(
    "APL ≤ 65 ans non calculée : âge des médecins inconnu (importer leur activité)."
)
_BAND_LIMITS = [(5 * k, 5 * k + 4) for k in range(18)]


@dataclass(frozen=True, eq=False)
class AplInputs:
    """Supply, demand and places of every commune of a run, aligned on ``points.codes``."""

    points: CommunePoints
    population: FloatArray
    demand: FloatArray
    supply: FloatArray
    supply_u65: FloatArray | None
    u65_known: np.ndarray | None
    demand_label: str
    supply_label: str
    known_supply: np.ndarray = field(repr=False)


def commune_points(communes: pd.DataFrame) -> CommunePoints:
    """Places of the communes (town hall point, area, neighbourhood density)."""
    return table_points(communes)


def apl_inputs(
    communes: pd.DataFrame,
    *,
    year: Year,
    demand: DemandChoice = "drees-standardised",
    professionals: pd.DataFrame | None = None,
    age_bands: pd.DataFrame | None = None,
    mean_activity: float = MEAN_ACTIVITY_PER_GP,
) -> AplInputs:
    """Assemble supply and demand for every commune of ``communes`` (indexed by code)."""
    points = commune_points(communes)
    population = communes["population"].fillna(0).to_numpy(dtype=np.float64)
    gp = communes["gp_liberal"].to_numpy(dtype=np.float64)
    known = np.isfinite(gp)
    supply = supply_from_counts(np.nan_to_num(gp), mean_activity)
    supply_u65: FloatArray | None = None
    u65_known: np.ndarray | None = None
    supply_label = _(
        "médecins généralistes libéraux (BPE 2020) × {acts} actes/an"
        " (activité moyenne, pas d'activité individuelle)"
    ).format(acts=f"{mean_activity:.0f}")
    if professionals is not None:
        gps = professionals[
            (professionals["profession"] == "gp") & professionals["activity"].notna()
        ]
        if len(gps):
            supply, supply_u65, u65_known, known, supply_label = _supply_with_individuals(
                communes, gps, supply, known, mean_activity
            )
    if demand == "drees-standardised":
        demand_arr, demand_label = _drees_demand(communes, population, year)
        demand_arr, demand_label = _demand_from_bands(
            communes, demand_arr, demand_label, age_bands, year
        )
    else:
        demand_arr, demand_label = (
            population,
            _(
                "population municipale INSEE (non standardisée : choisie au lieu de la population"
                " standardisée DREES)"
            ),
        )
    return AplInputs(
        points,
        population,
        demand_arr,
        supply,
        supply_u65,
        u65_known,
        demand_label,
        supply_label,
        known,
    )


@dataclass(frozen=True, eq=False)
class AplRun:
    """The APL of every commune of a run, with what it rests on."""

    table: pd.DataFrame
    provider: str
    estimated: bool
    notes: tuple[str, ...]
    demand_label: str
    supply_label: str
    seconds: float


def run_apl(inputs: AplInputs, provider: TravelTimeProvider) -> AplRun:
    """Compute the APL (and its ≤ 65 variant when ages are known) of every commune."""
    start = time.perf_counter()
    times, covered = provider.commune_times(inputs.points.codes, DREES_DECAY.cutoff_min)
    values = apl(inputs.supply, inputs.demand, times)
    ok = covered & inputs.known_supply
    u65 = np.full(values.size, np.nan)
    if inputs.supply_u65 is not None and inputs.u65_known is not None:
        u65 = np.where(inputs.u65_known, apl(inputs.supply_u65, inputs.demand, times), np.nan)
    table = pd.DataFrame(
        {
            "apl": np.where(ok, values, np.nan),
            "apl_u65": np.where(ok, u65, np.nan),
            "population": inputs.population,
            "demand": inputs.demand,
            "supply": inputs.supply,
            "covered": ok,
        },
        index=pd.Index(inputs.points.codes, name="code"),
    )
    notes = list(times.notes)
    if inputs.supply_u65 is None:
        notes.append(_(U65_NOT_COMPUTED))
    return AplRun(
        table=table,
        provider=times.provider,
        estimated=times.estimated,
        notes=tuple(notes),
        demand_label=inputs.demand_label,
        supply_label=inputs.supply_label,
        seconds=time.perf_counter() - start,
    )


@dataclass(frozen=True, eq=False)
class NearestRun:
    """Minutes from each commune to its nearest facility (``inf``: none under the cutoff)."""

    minutes: FloatArray
    covered: np.ndarray
    cutoff_min: float
    provider: str
    estimated: bool
    notes: tuple[str, ...]


def nearest_commune_facility(
    points: CommunePoints,
    has_facility: np.ndarray,
    provider: TravelTimeProvider,
    cutoff_min: float,
    origins: IntArray,
) -> NearestRun:
    """Nearest commune holding a facility (e.g. a GP), from the communes ``origins``.

    A commune that holds one is reached in its intra-commune time.
    """
    dest = np.flatnonzero(has_facility)
    codes = [points.codes[i] for i in origins]
    times, covered = provider.point_times(
        codes, points.lon[dest], points.lat[dest], [points.codes[i] for i in dest], cutoff_min
    )
    intra = provider.intra_minutes(codes)
    minutes = np.where(has_facility[origins], intra, nearest_minutes(times))
    return NearestRun(minutes, covered, cutoff_min, times.provider, times.estimated, times.notes)


def nearest_point_facility(
    points: CommunePoints,
    facilities: pd.DataFrame,
    provider: TravelTimeProvider,
    cutoff_min: float,
    origins: IntArray,
) -> NearestRun:
    """Nearest facility point (``lon``, ``lat``, ``commune`` columns), e.g. a hospital site."""
    times, covered = provider.point_times(
        [points.codes[i] for i in origins],
        facilities["lon"].to_numpy(dtype=np.float64),
        facilities["lat"].to_numpy(dtype=np.float64),
        [None if pd.isna(c) else str(c) for c in facilities["commune"]],
        cutoff_min,
    )
    minutes = nearest_minutes(times)
    return NearestRun(minutes, covered, cutoff_min, times.provider, times.estimated, times.notes)


def _drees_demand(
    communes: pd.DataFrame, population: FloatArray, year: Year
) -> tuple[FloatArray, str]:
    """The DREES standardised population, plain population where DREES gives none."""
    column = f"pop_std_{year}"
    values = (
        communes[column].to_numpy(dtype=np.float64)
        if column in communes
        else np.full(len(communes), np.nan)
    )
    known = np.isfinite(values)
    demand = np.where(known, values, population)
    if not known.any():
        return demand, _(
            "population municipale (non standardisée : pas de population standardisée DREES"
            " pour ces communes)"
        )
    # The same words whatever the extent of the run (a diagnosis alone or in a national batch).
    return demand, _(
        "population standardisée DREES {year} (âges pondérés par les poids DREES ; population"
        " municipale pour une commune sans valeur DREES)"
    ).format(year=year)


def _demand_from_bands(
    communes: pd.DataFrame,
    elsewhere: FloatArray,
    label: str,
    age_bands: pd.DataFrame | None,
    year: Year,
) -> tuple[FloatArray, str]:
    """Imported age bands (``insee-age``) standardised with the DREES weights of ``year`` in
    the communes they cover in full; ``elsewhere`` (described by ``label``) in the others."""
    if age_bands is None or age_bands.empty:
        return elsewhere, label
    wide = age_bands.pivot_table(
        index="commune", columns=["age_min", "age_max"], values="population", aggfunc="sum"
    )
    wanted = [*_BAND_LIMITS, (90, 200)]
    if not all(b in wide.columns for b in wanted):
        return elsewhere, label + _(" ; tranches d'âge importées non quinquennales, non lues")
    matrix = wide[wanted].reindex(communes.index)
    full = matrix.notna().all(axis=1).to_numpy()
    if not full.any():
        return elsewhere, label
    std = standardised_population(matrix.fillna(0).to_numpy(), year)
    demand = np.where(full, std, elsewhere)
    return demand, _(
        "population standardisée par âge à partir des tranches importées (poids DREES {year},"
        " {bands} tranches) pour {n} commune(s) ; ailleurs {label}"
    ).format(year=year, bands=len(AGE_BANDS), n=int(full.sum()), label=label)


def _supply_with_individuals(
    communes: pd.DataFrame,
    gps: pd.DataFrame,
    supply: FloatArray,
    known: np.ndarray,
    mean_activity: float,
) -> tuple[FloatArray, FloatArray, np.ndarray, np.ndarray, str]:
    """Individual activity in the départements the file covers; headcounts elsewhere.

    Counted as DREES does: liberal GPs and GPs of health centres; other salaried GPs (e.g. in
    hospitals) are left out. A GP given by coordinates only is placed in the commune whose
    point is nearest. A GP of unknown age counts in the ≤ 65 variant.
    """
    index = pd.Index(communes.index)
    where = index.get_indexer(pd.Index(gps["commune"].astype(str)))
    lon = gps.get("lon", pd.Series(np.nan, index=gps.index)).astype(float)
    lat = gps.get("lat", pd.Series(np.nan, index=gps.index)).astype(float)
    located = (where < 0) & lon.notna().to_numpy() & lat.notna().to_numpy()
    if located.any():
        points = np.column_stack((communes["lon"].to_numpy(), communes["lat"].to_numpy()))
        ok = np.flatnonzero(np.isfinite(points).all(axis=1))
        # Degrees are fine to pick the nearest town hall at this scale.
        _dist, k = cKDTree(points[ok]).query(np.column_stack((lon[located], lat[located])))
        where[located] = ok[k]
    mode = gps.get("mode", pd.Series(index=gps.index, dtype=object)).fillna("liberal")
    centre = gps.get("health_centre", pd.Series(index=gps.index, dtype=object))
    centre_flag = centre.fillna(False).astype(bool) | (mode == "centre_sante")
    counted = ((mode == "liberal") | centre_flag).to_numpy() & (where >= 0)
    gps, where = gps[counted], where[counted]
    mode, centre_flag = mode[counted], centre_flag[counted]
    is_centre = centre_flag.to_numpy()
    last_year = gps.get("had_activity_last_year", pd.Series(index=gps.index, dtype=object))
    age = gps.get("age", pd.Series(index=gps.index, dtype=float)).astype(float)
    n = len(communes)
    args = (
        n,
        where,
        gps["activity"].to_numpy(dtype=np.float64),
        age.fillna(0).to_numpy(),
        (mode == "liberal").to_numpy(),
        last_year.fillna(True).astype(bool).to_numpy(),
        is_centre,
    )
    individual = supply_from_practitioners(*args)
    individual_u65 = supply_from_practitioners(*args, max_age=MAX_AGE_U65)
    deps = set(communes["departement"].iloc[where].dropna())
    in_file = communes["departement"].isin(deps).to_numpy()
    out = np.where(in_file, individual, supply)
    # The ≤ 65 variant needs every GP's age: outside the file, headcounts stand in for the
    # neighbours' supply, and the communes there get no ≤ 65 value (see ``u65_known``).
    u65 = np.where(in_file, individual_u65, supply)
    known = known | in_file
    label = _(
        "activité individuelle de {n} médecins importés ({deps} département(s),"
        " plafonds DREES) ; ailleurs médecins libéraux BPE 2020 × {acts} actes/an"
    ).format(n=len(gps), deps=len(deps), acts=f"{mean_activity:.0f}")
    return out, u65, in_file, known, label
