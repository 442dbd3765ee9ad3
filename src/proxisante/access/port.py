"""The travel-time port: one provider, given to every use of travel times.

The APL engine, the diagnosis, the planning, the registry's matching and the slot search all
receive a :class:`TravelTimeProvider` and ask it for minutes between communes, so that one trip
has one figure. The shells build that one provider at the edge
(:func:`proxisante.access.providers.build_provider`, from ``--travel`` or at the web app's
startup) and pass it down; the core never builds one from a spec.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from proxisante.access.traveltimes import TravelTimes
from proxisante.types import BoolArray, FloatArray

TRIP_CUTOFF_MIN = 24 * 60.0
"""Cutoff used for a single trip (:func:`trip_minutes`): any trip in France fits under it."""


@runtime_checkable
class TravelTimeProvider(Protocol):
    """Minutes between communes: the one method that matters is :meth:`commune_times`.

    ``name`` says where times come from (``estimate``, ``v2``, ``road:…``, ``matrix:…``);
    ``estimated`` is True when they rest on a model, and every output must then say so.
    """

    @property
    def name(self) -> str: ...

    @property
    def estimated(self) -> bool: ...

    def commune_times(
        self, codes: Sequence[str], cutoff_min: float
    ) -> tuple[TravelTimes, BoolArray]:
        """Square times among ``codes`` (rows and columns in that order), pairs under the
        cutoff, and which of them the provider covers (known place, inside a road extract…)."""
        ...

    def point_times(
        self,
        codes: Sequence[str],
        to_lon: npt.ArrayLike,
        to_lat: npt.ArrayLike,
        to_commune: Sequence[str | None],
        cutoff_min: float,
    ) -> tuple[TravelTimes, BoolArray]:
        """Times from communes (rows) to facility points (columns) lying in ``to_commune``."""
        ...

    def intra_minutes(self, codes: Sequence[str]) -> FloatArray:
        """Time of a trip within each commune (the intra-commune rule)."""
        ...


def trip_minutes(provider: TravelTimeProvider, origin: str, destination: str) -> float | None:
    """Minutes of one trip between two communes (None when the provider cannot tell).

    A commune to itself takes its intra-commune time.
    """
    codes = [origin] if origin == destination else [origin, destination]
    tt, covered = provider.commune_times(codes, TRIP_CUTOFF_MIN)
    if not covered.all():
        return None
    m = tt.minutes
    start, end = int(m.indptr[0]), int(m.indptr[1])
    hit = np.flatnonzero(m.indices[start:end] == len(codes) - 1)
    return float(m.data[start + hit[0]]) if hit.size else None
