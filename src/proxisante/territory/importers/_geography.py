"""What importers check rows against: known commune codes and the territory's contours."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, cached_property

import numpy as np
import shapely
from shapely import wkb

# A point may sit slightly outside its commune's simplified contour (contours are simplified to
# ~30 m; addresses are geocoded to the street): this is the tolerance, in degrees (~2 km).
TOLERANCE_DEG = 0.02


@dataclass
class Geography:
    """Commune codes and contours (WKB, WGS84) of the territory, for validation."""

    codes: frozenset[str]
    contour_codes: list[str]
    contour_wkb: list[bytes]

    @cached_property
    def _geoms(self) -> np.ndarray:
        return np.asarray([wkb.loads(b) for b in self.contour_wkb], dtype=object)

    @cached_property
    def _tree(self) -> shapely.STRtree:
        return shapely.STRtree(self._geoms)

    @cached_property
    def _by_code(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.contour_codes)}

    def is_known(self, code: str) -> bool:
        return code in self.codes

    def inside_territory(self, lon: float, lat: float) -> bool:
        """Whether the point lies in (or within ~2 km of) some commune of the territory."""
        hits = self._tree.query(
            shapely.Point(lon, lat), predicate="dwithin", distance=TOLERANCE_DEG
        )
        return len(hits) > 0

    def near_commune(self, code: str, lon: float, lat: float) -> bool:
        """Whether the point lies in (or within ~2 km of) the contour of commune ``code``."""
        i = self._by_code.get(code)
        if i is None:
            return self.inside_territory(lon, lat)
        return bool(shapely.dwithin(self._geoms[i], shapely.Point(lon, lat), TOLERANCE_DEG))


@cache
def load_geography() -> Geography:
    """Geography of the embedded bundle (communes, arrondissements, Valais communes)."""
    from proxisante.territory.bundle import read_table

    com = read_table("communes", columns=["code"])
    contours = read_table("contours")
    return Geography(
        codes=frozenset(com["code"]),
        contour_codes=contours["code"].tolist(),
        contour_wkb=contours["wkb"].tolist(),
    )
