"""Travel-time providers for tests (the application builds its one provider at the edge:
:func:`proxisante.access.providers.build_provider`).

- :func:`national`: the provider over every commune of the bundle, built once per spec for the
  test session (tests share it as the app shares its one);
- :func:`local_provider`: a provider over the communes of a hand-made table only;
- :class:`GreatCircleTravel`: a self-contained straight-line provider over hand-made points for
  the slot search's examples (the application never uses it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from proxisante.access.providers import CommuneTravel, TravelSpec, build_provider
from proxisante.access.travel.geodesy import great_circle_km
from proxisante.access.traveltimes import TravelTimes, from_pairs
from proxisante.types import BoolArray, FloatArray


@cache
def national(spec: str = "estimate") -> CommuneTravel:
    """The bundle's provider for ``spec``, built once for the test session."""
    return build_provider(spec)


def local_provider(communes: pd.DataFrame, spec: TravelSpec | str = "estimate") -> CommuneTravel:
    """A provider over the communes of a table only (hand-made territories)."""
    return CommuneTravel.from_table(communes, spec)


#: Slot search examples: road over straight line, door-to-door speed (km/h), minutes to park.
SLOT_DETOUR, SLOT_SPEED_KMH, SLOT_ACCESS_MIN = 1.3, 60.0, 5.0


def great_circle_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Haversine distance in metres between two WGS84 points (degrees).

    >>> round(great_circle_m(3.333, 46.566, 3.426, 46.128) / 1000)  # Moulins → Vichy
    49
    """
    return float(great_circle_km(lon1, lat1, lon2, lat2)) * 1000.0


@dataclass(frozen=True, eq=False)
class GreatCircleTravel:
    """A :class:`~proxisante.access.port.TravelTimeProvider` over hand-made points
    ``code → (lon, lat)``: ``access_min`` + great-circle km × ``detour_factor`` at ``speed_kmh``,
    ``access_min`` within a commune; a code it has no point for is not covered."""

    points: Mapping[str, tuple[float, float]]
    detour_factor: float = SLOT_DETOUR
    speed_kmh: float = SLOT_SPEED_KMH
    access_min: float = SLOT_ACCESS_MIN

    @property
    def name(self) -> str:
        return "great-circle"

    @property
    def estimated(self) -> bool:
        return True

    def commune_times(
        self, codes: Sequence[str], cutoff_min: float
    ) -> tuple[TravelTimes, BoolArray]:
        known = np.array([c in self.points for c in codes], dtype=bool)
        lon = np.array([self.points.get(c, (np.nan, np.nan))[0] for c in codes], dtype=float)
        lat = np.array([self.points.get(c, (np.nan, np.nan))[1] for c in codes], dtype=float)
        rows, cols = np.meshgrid(np.flatnonzero(known), np.flatnonzero(known), indexing="ij")
        rows, cols = rows.ravel(), cols.ravel()
        km = great_circle_km(lon[rows], lat[rows], lon[cols], lat[cols]) * self.detour_factor
        minutes = np.where(
            rows == cols, self.access_min, self.access_min + km / self.speed_kmh * 60
        )
        keep = minutes < cutoff_min
        tt = from_pairs(
            rows[keep],
            cols[keep],
            minutes[keep],
            (len(codes), len(codes)),
            cutoff_min,
            provider=self.name,
            estimated=True,
            assume_unique=True,
        )
        return tt, known

    def point_times(
        self,
        codes: Sequence[str],
        to_lon: npt.ArrayLike,
        to_lat: npt.ArrayLike,
        to_commune: Sequence[str | None],
        cutoff_min: float,
    ) -> tuple[TravelTimes, BoolArray]:
        raise NotImplementedError("the slot search asks commune to commune only")

    def intra_minutes(self, codes: Sequence[str]) -> FloatArray:
        return np.full(len(codes), self.access_min)
