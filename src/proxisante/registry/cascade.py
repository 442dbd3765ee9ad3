"""Cascade: a declined or expired proposal passes to the next best professional.

The next best professional is found by the same optimisation as the full matching, run for one
patient against the places still free, excluding every professional that already declined this
patient or let a proposal to them expire. A patient never holds two live proposals because the
cascade only runs once the previous proposal is closed.
"""

from __future__ import annotations

from collections.abc import Sequence

from proxisante.registry.entities import Assignment, Capacity, WaitingPatient
from proxisante.registry.matching import DEFAULT_MAX_TRAVEL_MIN, match_patients
from proxisante.registry.travel import CommunePoints, TravelMatrix


def next_professional(
    patient: WaitingPatient,
    capacities: Sequence[Capacity],
    points: CommunePoints,
    *,
    max_travel_min: float = DEFAULT_MAX_TRAVEL_MIN,
    matrix: TravelMatrix | None = None,
) -> Assignment | None:
    """The best remaining professional for ``patient``, or None (the patient keeps waiting)."""
    result = match_patients(
        [patient], capacities, points, max_travel_min=max_travel_min, matrix=matrix
    )
    return result.assignments[0] if result.assignments else None
