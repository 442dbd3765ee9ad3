"""Per-commune indicators of a diagnosis: official values, computed APL, travel times."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.access.communes import (
    apl_inputs,
    commune_points,
    nearest_commune_facility,
    run_apl,
)
from proxisante.access.emergency import emergency_times
from proxisante.access.port import TravelTimeProvider
from proxisante.access.valais import valais_access

GP_CUTOFF_MIN = 60.0
HOSPITAL_CUTOFF_MIN = 120.0


@dataclass(frozen=True)
class CommuneIndicators:
    """One row per commune of the computation context, and what the values rest on."""

    table: pd.DataFrame
    apl_computed: bool
    apl_notes: tuple[str, ...]
    time_notes: tuple[str, ...]
    supply_label: str
    demand_label: str
    estimated_times: bool


def compute(
    context: pd.DataFrame,
    hospitals: pd.DataFrame,
    travel: TravelTimeProvider,
    professionals: pd.DataFrame | None = None,
) -> CommuneIndicators:
    """APL (computed), the Valais accessibility indicator (``access_ch``), minutes to the
    nearest GP and to the nearest emergency department.

    ``hospitals``: the emergency sites in use (:func:`proxisante.territory.emergency.
    emergency_sites`); ``minutes_hospital`` is the time to the nearest one that counts with no
    date or time of day given (part-time sites by day), ``minutes_emergency_always`` to the
    nearest one open round the clock. ``travel``: the run's travel-time provider.
    """
    spec = travel
    table = pd.DataFrame(index=context.index)
    points = commune_points(context)
    everyone = np.arange(len(context), dtype=np.int64)
    known_gp = context["gp_liberal"].notna().any()
    notes: tuple[str, ...] = ()
    supply_label = demand_label = ""
    if known_gp or professionals is not None:
        run = run_apl(apl_inputs(context, year=2023, professionals=professionals), spec)
        table["apl_computed"] = run.table["apl"]
        notes, supply_label, demand_label = run.notes, run.supply_label, run.demand_label
        has_gp = np.nan_to_num(context["gp_liberal"].to_numpy(dtype=float)) > 0
        gp = nearest_commune_facility(points, has_gp, spec, GP_CUTOFF_MIN, everyone)
        table["minutes_gp"] = gp.minutes
        time_notes = gp.notes
        estimated = gp.estimated
    else:
        table["apl_computed"] = np.nan
        table["minutes_gp"] = np.nan
        time_notes = ()
        estimated = spec.estimated
    # Valais: the E2SFCA engine on the estimated supply (its own indicator, not the APL).
    table["access_ch"] = valais_access(context, spec)
    sites = hospitals[hospitals["lon"].notna()]
    lo, hi = context["lon"].min() - 1.5, context["lon"].max() + 1.5
    la, ha = context["lat"].min() - 1.0, context["lat"].max() + 1.0
    sites = sites[sites["lon"].between(lo, hi) & sites["lat"].between(la, ha)]
    if len(sites):
        codes = [str(c) for c in context.index]
        ed = emergency_times(codes, sites, spec, cutoff_min=HOSPITAL_CUTOFF_MIN)
        table["minutes_hospital"] = ed.minutes
        table["minutes_emergency_always"] = ed.minutes_always
        time_notes = time_notes or ed.notes
    else:
        table["minutes_hospital"] = np.inf
        table["minutes_emergency_always"] = np.inf
    return CommuneIndicators(
        table=table,
        apl_computed=bool(table["apl_computed"].notna().any()),
        apl_notes=tuple(notes),
        time_notes=tuple(time_notes),
        supply_label=supply_label,
        demand_label=demand_label,
        estimated_times=estimated,
    )
