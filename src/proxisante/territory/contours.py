"""The bundle's commune contours as shapely geometries (read once)."""

from __future__ import annotations

from functools import cache

import shapely

from proxisante.territory.bundle import read_table


@cache
def contour_geometries() -> dict[str, shapely.Geometry]:
    """Each commune's contour (simplified, WGS84) by its code; communes without one are absent."""
    contours = read_table("contours")
    geoms = shapely.from_wkb(contours["wkb"].to_numpy())
    return dict(zip(contours["code"].tolist(), geoms, strict=True))
