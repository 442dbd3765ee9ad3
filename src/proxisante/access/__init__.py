"""Accessibility: travel-time providers and indicators computed on arrays.

- :mod:`~proxisante.access.traveltimes`: the sparse origin–destination schema (minutes, cutoff);
- :mod:`~proxisante.access.travel`: providers ``estimate``, ``road`` (OpenStreetMap), ``matrix``;
- :mod:`~proxisante.access.fca`: 2SFCA / E2SFCA with any :mod:`~proxisante.access.decay`;
- :mod:`~proxisante.access.apl`: the DREES APL with its exact parameters;
- :mod:`~proxisante.access.nearest`: nearest facility, share beyond a time, density;
- :mod:`~proxisante.access.aggregate`: area values from commune values;
- :mod:`~proxisante.access.fidelity`: agreement with official values;
- :mod:`~proxisante.access.classify`: the classification urgence / vigilance / proche;
- :mod:`~proxisante.access.summary`: an area's access figures (weighted APL, Valais model);
- :mod:`~proxisante.access.places`, :mod:`~proxisante.access.reach`: places near a commune and
  communes within some minutes, with the travel-time provider given;
- :mod:`~proxisante.access.communes`, :mod:`~proxisante.access.providers`: runs on the
  territory's commune table (the edge).
"""

from __future__ import annotations

from proxisante.access.apl import (
    DREES_DECAY,
    UNDER_SERVED_APL,
    apl,
    counted_activity,
    standardised_population,
    supply_from_counts,
    supply_from_practitioners,
)
from proxisante.access.decay import FunctionDecay, StepDecay, gaussian_decay
from proxisante.access.fca import two_step_fca
from proxisante.access.nearest import density_per_10k, nearest_minutes, share_beyond
from proxisante.access.traveltimes import TravelTimes, from_dense, from_pairs

__all__ = [
    "DREES_DECAY",
    "UNDER_SERVED_APL",
    "FunctionDecay",
    "StepDecay",
    "TravelTimes",
    "apl",
    "counted_activity",
    "density_per_10k",
    "from_dense",
    "from_pairs",
    "gaussian_decay",
    "nearest_minutes",
    "share_beyond",
    "standardised_population",
    "supply_from_counts",
    "supply_from_practitioners",
    "two_step_fca",
]
