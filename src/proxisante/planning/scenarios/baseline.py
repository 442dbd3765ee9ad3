"""The national baseline of the what-if scenarios: every French commune's supply, demand and
times, with the official APL to anchor on (shared by ``plan scenario``, ``plan project`` and the
analyst workbench)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from proxisante.access.apl import DREES_DECAY
from proxisante.access.communes import MEAN_ACTIVITY_PER_GP, DemandChoice, apl_inputs
from proxisante.access.port import TravelTimeProvider
from proxisante.planning.scenarios.incremental import AplState
from proxisante.planning.scenarios.scenario import ScaleTimes, Scenario
from proxisante.planning.scenarios.whatif import Baseline
from proxisante.territory.local_store import LocalStore
from proxisante.territory.seasonal import household_size
from proxisante.territory.territory import Territory


def build_baseline(
    terr: Territory,
    home: Path,
    travel: TravelTimeProvider,
    scenarios: list[Scenario],
    demand: DemandChoice = "drees-standardised",
) -> Baseline:
    """Every French commune: supply, demand, times (long enough for any time reduction).

    Demand is the DREES standardised population unless ``demand="population"``."""
    com = terr.communes
    universe = com[com["country"] == "FR"]
    store = LocalStore(home)
    inputs = apl_inputs(
        universe,
        year=2023,
        demand=demand,
        professionals=store.load("professionals-csv"),
        age_bands=store.load("insee-age"),
    )
    factors = [c.factor for s in scenarios for c in s.changes if isinstance(c, ScaleTimes)]
    cutoff = DREES_DECAY.cutoff_min / min([1.0, *factors])
    times, _ = travel.commune_times(inputs.points.codes, cutoff + 1e-6)
    state = AplState.build(times.minutes, inputs.demand, inputs.supply)
    return Baseline(
        codes=inputs.points.codes,
        population=inputs.population,
        official=universe["apl_2023"].to_numpy(dtype=np.float64),
        state=state,
        activity_per_fte=MEAN_ACTIVITY_PER_GP,
        estimated_times=times.estimated,
        demand_label=inputs.demand_label,
        plain_population=demand == "population",
        secondary_homes=_column(universe, "secondary_homes_2018"),
        household_size=household_size(universe).to_numpy(dtype=np.float64),
    )


def _column(table: pd.DataFrame, name: str) -> np.ndarray | None:
    return table[name].to_numpy(dtype=np.float64) if name in table else None
