"""Communes within some minutes of a commune (estimated travel times of the access engine)."""

from __future__ import annotations

import math

from proxisante.access.port import TravelTimeProvider
from proxisante.territory import Territory

KM_PER_MIN = 1.6  # a generous straight-line radius for the candidates (about 96 km/h)


def within(
    terr: Territory, origin: str, minutes: float, provider: TravelTimeProvider
) -> dict[str, float]:
    """Communes reachable from ``origin`` in at most ``minutes`` (origin included)."""
    com = terr.communes
    com = com[(com["country"] == com.at[origin, "country"]) & com["lon"].notna()]
    point = com.loc[origin, ["lon", "lat"]].to_numpy(dtype=float)
    lon0, lat0 = float(point[0]), float(point[1])
    k = math.pi / 180
    x = (com["lon"] - lon0) * k * math.cos(lat0 * k)
    y = (com["lat"] - lat0) * k
    km = 6371.0 * (x * x + y * y) ** 0.5
    near = [c for c in km[km <= minutes * KM_PER_MIN + 5].index if c != origin]
    codes = [origin, *near]
    tt, _covered = provider.commune_times(codes, minutes)
    m = tt.minutes
    start, end = int(m.indptr[0]), int(m.indptr[1])
    out = {origin: 0.0}
    for j, value in zip(m.indices[start:end], m.data[start:end], strict=True):
        if value <= minutes:
            out[codes[int(j)]] = float(value)
    return out
