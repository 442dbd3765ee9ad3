"""Communes within some minutes of a commune, by the travel-time provider given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from proxisante.access.port import TravelTimeProvider
from proxisante.access.travel.geodesy import great_circle_km
from proxisante.territory import Territory

KM_PER_MIN = 1.6
"""A generous straight-line radius for the candidates (about 96 km/h), plus :data:`MARGIN_KM`:
only communes inside it are asked of the provider."""
MARGIN_KM = 5.0


@dataclass(frozen=True)
class Reach:
    """The communes reachable from ``origin`` within ``limit`` minutes, with their travel
    minutes (``origin`` included: 0, or the provider's time of a trip within it)."""

    origin: str
    limit: float
    minutes: Mapping[str, float]

    def __contains__(self, code: object) -> bool:
        return code in self.minutes

    def __len__(self) -> int:
        return len(self.minutes)


def within(terr: Territory, origin: str, minutes: float, provider: TravelTimeProvider) -> Reach:
    """Communes of ``origin``'s country reachable from it in at most ``minutes``."""
    com = terr.communes
    com = com[(com["country"] == com.at[origin, "country"]) & com["lon"].notna()]
    lon0, lat0 = (float(v) for v in com.loc[origin, ["lon", "lat"]].to_numpy(dtype=float))
    km = great_circle_km(lon0, lat0, com["lon"].to_numpy(float), com["lat"].to_numpy(float))
    radius = minutes * KM_PER_MIN + MARGIN_KM
    near = [c for c, d in zip(com.index, km, strict=True) if d <= radius and c != origin]
    codes = [origin, *near]
    tt, _covered = provider.commune_times(codes, minutes)
    m = tt.minutes
    start, end = int(m.indptr[0]), int(m.indptr[1])
    out = {origin: 0.0}
    for j, value in zip(m.indices[start:end], m.data[start:end], strict=True):
        if value <= minutes:
            out[codes[int(j)]] = float(value)
    return Reach(origin, float(minutes), out)
