"""What the diagnostic's projection of the "Perspectives à 5 et 10 ans" draws on: its number of
Monte Carlo draws, its seed, its horizons and the inputs of the planning engine's projection on
a set of French communes (:func:`projection_shared`).

Kept apart from :mod:`proxisante.diagnosis.perspectives` (which renders the figures from a
:class:`~proxisante.diagnosis.basis.Basis`) so that :mod:`proxisante.diagnosis.shared` can
project a batch's communes once without importing the section, and the section the basis: no
import cycle (tests/unit/test_no_import_cycles.py).
"""

from __future__ import annotations

import weakref
from functools import cache

import numpy as np
import pandas as pd

from proxisante.access.apl import DREES_DECAY, apl
from proxisante.access.communes import apl_inputs
from proxisante.access.port import TravelTimeProvider
from proxisante.planning.projection import demography as dm
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection import local_exits as le
from proxisante.planning.projection import options as po
from proxisante.planning.projection import retirement as rt
from proxisante.planning.projection import territorial as tp
from proxisante.territory import bundle

DRAWS = 40
"""Monte Carlo draws of the diagnostic (``plan project`` runs 200 by default)."""
SEED = 0
YEARS = (5, 10)


def projection_shared(
    ctx: pd.DataFrame,
    territory: np.ndarray,
    travel: TravelTimeProvider,
    professionals: pd.DataFrame | None,
    france: pd.DataFrame,
) -> tp.Shared:
    """What the draws of the diagnostic's projection need, on the French communes ``ctx``;
    the place shares over 65 are estimated on ``france`` (every French commune) around them."""
    inputs = apl_inputs(ctx, year=2023, demand="drees-standardised", professionals=professionals)
    times, _covered = travel.commune_times(inputs.points.codes, DREES_DECAY.cutoff_min)
    estimator = _estimator(france, travel, professionals)
    places = estimator.places(estimator.codes.get_indexer(ctx.index[territory]))
    share, _estimated = places.on(pd.Index(ctx.index))
    ages = bundle.load_workforce_ages()
    work = rt.calibrate(ages, *po.CALIBRATION_YEARS)
    absorbed = tp.absorbed_exits(
        tp.dep_codes(france),
        france["gp_liberal"].fillna(0).to_numpy(dtype=np.float64),
        rt.structure(ages, tp.AGES_YEAR, places.share_65),
        work,
    )
    rates, _r = tp.projection_inputs(
        ctx, share, absorbed, ages, bundle.load_department_health(), _growth(), None, work
    )
    return tp.Shared(
        rates,
        inputs.supply,
        inputs.demand,
        ctx["apl_2023"].to_numpy(dtype=np.float64),
        apl(inputs.supply, inputs.demand, times),
        times,
        territory,
        YEARS,
        pj.Uncertainty(),
        le.catchment_exposure(
            ctx["apl_2023"].to_numpy(dtype=np.float64),
            ctx["apl_2023_le65"].to_numpy(dtype=np.float64),
        ),
    )


@cache
def _growth() -> dm.DemandGrowth:
    return dm.demand_growth(dm.Pyramids.from_table(bundle.load_population_ages()))


# Per provider object (weakly: it goes with the provider), then per French commune table.
_ESTIMATORS: weakref.WeakKeyDictionary[TravelTimeProvider, dict[int, tp.PlaceEstimator]] = (
    weakref.WeakKeyDictionary()
)


def _estimator(
    france: pd.DataFrame, travel: TravelTimeProvider, professionals: pd.DataFrame | None
) -> tp.PlaceEstimator:
    """The inversion on every French commune, remembered per provider object (not with an
    imported professionals file)."""
    key = hash(tuple(france.index))
    known = _ESTIMATORS.setdefault(travel, {})
    if professionals is None and key in known:
        return known[key]
    inputs = apl_inputs(france, year=2023, demand="drees-standardised", professionals=professionals)
    times, _covered = travel.commune_times(inputs.points.codes, DREES_DECAY.cutoff_min)
    estimator = tp.PlaceEstimator(france, inputs.supply, inputs.demand, times)
    if professionals is None:
        known[key] = estimator
    return estimator
