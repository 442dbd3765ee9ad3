"""Running a scenario on the APL of every commune: model before/after and the anchored APL.

The *anchored* APL is the official DREES APL moved by the model's change
(:func:`proxisante.access.anchoring.anchor`): ratio anchoring where model and official agree
within a factor 2, else the official APL plus the change, clipped at 0 and flagged "ancrage
fragile". The baseline is the official figure exactly; every commune carries its method.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from proxisante.access.anchoring import AnchorMethod, anchor
from proxisante.access.apl import UNDER_SERVED_APL, apl
from proxisante.access.classify import classify
from proxisante.access.traveltimes import TravelTimes
from proxisante.i18n import N_, _
from proxisante.planning.scenarios.incremental import AplState, Recomputed, with_changes
from proxisante.planning.scenarios.scenario import (
    HALF_DAYS_PER_FTE,
    AdvancedConsultation,
    GpLeave,
    IpaTime,
    ScaleTimes,
    Scenario,
    SeasonalPeak,
    StructureOpens,
)
from proxisante.territory.territory import Territory
from proxisante.types import FloatArray

CLASSES: tuple[tuple[float, str], ...] = (
    (UNDER_SERVED_APL, N_("sous-dense (< 2,5)")),
    (4.0, N_("2,5 à 4")),
    (np.inf, N_("≥ 4")),
)
"""Reading classes of a commune's APL (the 2.5 threshold is DREES's; 4 is a reading aid)."""


@dataclass(frozen=True, eq=False)
class Baseline:
    """Every commune of the run (aligned on ``codes``) with its APL state and official APL."""

    codes: tuple[str, ...]
    population: FloatArray
    official: FloatArray
    state: AplState
    activity_per_fte: float
    estimated_times: bool
    demand_label: str = ""
    plain_population: bool = False
    # Secondary homes and mean household size (INSEE RP 2018) for ``seasonal_peak`` changes.
    secondary_homes: FloatArray | None = None
    household_size: FloatArray | None = None


@dataclass(frozen=True, eq=False)
class Outcome:
    """APL before and after a scenario, and what was recomputed."""

    before: FloatArray
    after: FloatArray
    supply_after: FloatArray
    recomputed: int
    notes: tuple[str, ...]
    demand_after: FloatArray | None = None


def _index(baseline: Baseline) -> dict[str, int]:
    return {c: i for i, c in enumerate(baseline.codes)}


def supply_after(baseline: Baseline, scenario: Scenario) -> tuple[FloatArray, list[str]]:
    """Supply of every commune after the scenario's supply changes (clipped at 0)."""
    at = _index(baseline)
    act = scenario.activity_per_fte or baseline.activity_per_fte
    supply = baseline.state.supply.copy()
    notes: list[str] = []
    for ch in scenario.changes:
        if isinstance(ch, GpLeave):
            supply[at[ch.commune]] -= ch.gps * act
        elif isinstance(ch, StructureOpens):
            supply[at[ch.commune]] += ch.fte * act
        elif isinstance(ch, AdvancedConsultation):
            moved = ch.half_days_per_week / HALF_DAYS_PER_FTE * act
            supply[at[ch.origin]] -= moved
            supply[at[ch.at]] += moved
        elif isinstance(ch, IpaTime):
            supply[at[ch.commune]] += ch.fte * ch.ratio * act
    negative = np.flatnonzero(supply < -1e-9)
    for i in negative:
        notes.append(
            _("{code} : plus de départs que d'offre connue ; offre ramenée à 0.").format(
                code=baseline.codes[i]
            )
        )
    return np.maximum(supply, 0.0), notes


def minutes_after(baseline: Baseline, scenario: Scenario) -> sp.csr_array | None:
    """Travel times after the ``scale_times`` changes (a pair touching an area is scaled)."""
    scales = [c for c in scenario.changes if isinstance(c, ScaleTimes)]
    if not scales:
        return None
    at = _index(baseline)
    m = baseline.state.minutes
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    data = m.data.copy()
    for ch in scales:
        inside = np.zeros(m.shape[0], dtype=bool)
        inside[[at[c] for c in ch.communes if c in at]] = True
        data = np.where(inside[rows] | inside[m.indices], data * ch.factor, data)
    return sp.csr_array((data, m.indices, m.indptr), shape=m.shape)


def demand_after(baseline: Baseline, scenario: Scenario) -> tuple[FloatArray | None, list[str]]:
    """Demand after the ``seasonal_peak`` changes (None when there are none).

    The seasonal population (secondary homes × persons per home × occupancy) of a commune is
    standardised with the commune's own ratio demand / population (their ages are unknown);
    a later change on the same commune replaces an earlier one.
    """
    peaks = [c for c in scenario.changes if isinstance(c, SeasonalPeak)]
    if not peaks:
        return None, []
    at = _index(baseline)
    base = baseline.state.demand
    n = base.size
    homes = baseline.secondary_homes if baseline.secondary_homes is not None else np.full(n, np.nan)
    size = baseline.household_size if baseline.household_size is not None else np.full(n, np.nan)
    extra = np.zeros(n)
    unknown = 0
    for ch in peaks:
        idx = np.array([at[c] for c in ch.communes if c in at], dtype=np.int64)
        persons = size[idx] if ch.persons_per_home is None else ch.persons_per_home
        people = homes[idx] * persons * ch.occupancy
        unknown += int((~np.isfinite(people)).sum())
        extra[idx] = np.nan_to_num(people)
    pop = baseline.population
    ratio = np.divide(base, pop, out=np.ones(n), where=pop > 0)
    notes = []
    if unknown:
        notes.append(
            _(
                "{n} commune(s) sans résidences secondaires connues (RP 2018) : pas de"
                " population saisonnière."
            ).format(n=unknown)
        )
    return base + extra * ratio, notes


def run_scenario(baseline: Baseline, scenario: Scenario) -> Outcome:
    """APL after ``scenario``, recomputing only the catchments its changes touch."""
    supply, notes = supply_after(baseline, scenario)
    demand, demand_notes = demand_after(baseline, scenario)
    res: Recomputed = with_changes(
        baseline.state, supply, minutes_after(baseline, scenario), demand
    )
    return Outcome(
        baseline.state.apl,
        res.apl,
        supply,
        int(res.rows.size),
        tuple(notes + demand_notes),
        demand,
    )


def full_recompute(baseline: Baseline, scenario: Scenario) -> FloatArray:
    """APL after ``scenario`` computed from scratch by the access engine (the reference)."""
    supply, _notes = supply_after(baseline, scenario)
    minutes = minutes_after(baseline, scenario)
    demand, _demand_notes = demand_after(baseline, scenario)
    m = baseline.state.minutes if minutes is None else minutes
    times = TravelTimes(sp.csr_array(m), float(np.inf))
    return apl(supply, baseline.state.demand if demand is None else demand, times)


def class_of(value: float) -> str:
    if not np.isfinite(value):
        return "—"
    return next(label for bound, label in CLASSES if value < bound)


def commune_table(baseline: Baseline, outcome: Outcome, codes: list[str]) -> pd.DataFrame:
    """One row per commune of ``codes``: model and anchored APL before/after, the anchoring
    method, class, crossing."""
    at = _index(baseline)
    idx = np.array([at[c] for c in codes], dtype=np.int64)
    before, after = outcome.before[idx], outcome.after[idx]
    official = baseline.official[idx]
    change = after - before
    anchored = anchor(official, before, after)
    anchored_before = official + 0.0
    anchored_after = anchored.values
    frame = pd.DataFrame(
        {
            "population": baseline.population[idx],
            "demand": baseline.state.demand[idx],
            "supply_before": baseline.state.supply[idx],
            "supply_after": outcome.supply_after[idx],
            "apl_model_before": before,
            "apl_model_after": after,
            "apl_change": change,
            "apl_official": official,
            "apl_anchored_before": anchored_before,
            "apl_anchored_after": anchored_after,
            "anchoring": anchored.method,
        },
        index=pd.Index(codes, name="code"),
    )
    frame["class_before"] = [class_of(v) for v in anchored_before]
    frame["class_after"] = [class_of(v) for v in anchored_after]
    frame["crossing"] = np.select(
        [
            (anchored_before < UNDER_SERVED_APL) & (anchored_after >= UNDER_SERVED_APL),
            (anchored_before >= UNDER_SERVED_APL) & (anchored_after < UNDER_SERVED_APL),
        ],
        [N_("au-dessus de 2,5"), N_("sous 2,5")],
        default="",
    )
    return frame


@dataclass(frozen=True)
class AreaFigures:
    """Figures of an area before and after (APL means weighted by standardised demand)."""

    apl_model_before: float | None
    apl_model_after: float | None
    apl_anchored_before: float | None
    apl_anchored_after: float | None
    population_under_2_5_before: float
    population_under_2_5_after: float
    population_lifted_above_2_5: float
    population_dropped_below_2_5: float
    communes_changing_class: int
    class_before: str
    class_after: str
    communes_anchored_ratio: int = 0
    communes_anchoring_fragile: int = 0
    population_anchoring_fragile: float = 0.0


def _mean(values: pd.Series, weights: pd.Series) -> float | None:
    ok = values.notna() & (weights > 0)
    return float(np.average(values[ok], weights=weights[ok])) if ok.any() else None


def area_figures(table: pd.DataFrame, regional: tuple[float | None, float | None]) -> AreaFigures:
    """Figures of the area of ``table``; ``regional`` = anchored APL of its région before/after."""
    w, pop = table["demand"], table["population"]
    fragile = table["anchoring"] == AnchorMethod.FRAGILE.value
    known = table["apl_anchored_before"].notna()
    total = float(pop[known].sum())
    under_b = float(pop[known & (table["apl_anchored_before"] < UNDER_SERVED_APL)].sum())
    under_a = float(pop[known & (table["apl_anchored_after"] < UNDER_SERVED_APL)].sum())
    mean_b = _mean(table["apl_anchored_before"], w)
    mean_a = _mean(table["apl_anchored_after"], w)
    share_b = under_b / total if total > 0 else None
    share_a = under_a / total if total > 0 else None
    return AreaFigures(
        apl_model_before=_mean(table["apl_model_before"], w),
        apl_model_after=_mean(table["apl_model_after"], w),
        apl_anchored_before=mean_b,
        apl_anchored_after=mean_a,
        population_under_2_5_before=under_b,
        population_under_2_5_after=under_a,
        population_lifted_above_2_5=float(pop[table["crossing"] == "au-dessus de 2,5"].sum()),
        population_dropped_below_2_5=float(pop[table["crossing"] == "sous 2,5"].sum()),
        communes_changing_class=int((table["class_before"] != table["class_after"]).sum()),
        class_before=classify(mean_b, regional[0], share_b).klass,
        class_after=classify(mean_a, regional[1], share_a).klass,
        communes_anchored_ratio=int((table["anchoring"] == AnchorMethod.RATIO.value).sum()),
        communes_anchoring_fragile=int(fragile.sum()),
        population_anchoring_fragile=float(pop[fragile].sum()),
    )


@dataclass(frozen=True, eq=False)
class AreaResult:
    """A scenario's outcome on one area: its communes' table and the area's figures."""

    codes: list[str]
    table: pd.DataFrame
    figures: AreaFigures
    region: str | None  # the région the class is measured against


def area_result(terr: Territory, baseline: Baseline, outcome: Outcome, code: str) -> AreaResult:
    """The outcome on area ``code``: its communes that the baseline covers, their table, and
    the area's figures, its class measured against its région's anchored APL before and after.
    The one function behind ``plan scenario`` and the analyst workbench."""
    known = set(baseline.codes)
    codes = [c for c in terr.communes_in(code) if c in known]
    table = commune_table(baseline, outcome, codes)
    region = next((a for a in terr.ancestors(code) if a.level == "region"), None)
    regional: tuple[float | None, float | None] = (None, None)
    if region is not None:
        in_region = [c for c in terr.communes_in(region.code) if c in known]
        rf = area_figures(commune_table(baseline, outcome, in_region), (None, None))
        regional = (rf.apl_anchored_before, rf.apl_anchored_after)
    return AreaResult(
        codes, table, area_figures(table, regional), None if region is None else region.code
    )
