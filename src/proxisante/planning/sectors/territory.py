"""A sector-design instance on the communes of a territory: bundle figures, contours, and the
travel-time provider the shell gives."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from proxisante.access.port import TravelTimeProvider
from proxisante.errors import require
from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.planning.sectors.model import SectorInstance
from proxisante.territory import load_territory
from proxisante.territory.adjacency import commune_adjacency

MEASURE_CUTOFF_MIN = 240.0
"""Times are computed up to this far, so that sectors given with longer trips are measured."""
MAX_COMMUNES = 1500
"""Largest territory designed at once (a département; a région is designed département by
département)."""


def sector_instance(
    codes: Sequence[str], provider: TravelTimeProvider, max_minutes: float
) -> SectorInstance:
    """The communes ``codes`` with their population, liberal GPs (BPE), contours and times.

    Doctors: liberal GPs of the commune (INSEE BPE, the bundle's ``gp_liberal``), all assumed to
    take part in the on-call service. Hubs: communes with at least one of them. The travel time
    from a commune to itself is taken as 0 (the hub's own commune).
    """
    if len(codes) > MAX_COMMUNES:
        raise PlanningInputError(
            _(
                "{n} communes : au plus {max} à la fois (un département) ; découper par"
                " département (ex. --territory dep:03)."
            ).format(n=len(codes), max=MAX_COMMUNES)
        )
    com = load_territory().communes.loc[list(codes)]
    located = com["lon"].notna() & com["lat"].notna()
    com = com[located]
    keep = [str(c) for c in com.index]
    adjacency, has_contour = commune_adjacency(keep)
    if not has_contour.all():
        missing = [c for c, h in zip(keep, has_contour, strict=True) if not h]
        raise PlanningInputError(
            _("commune(s) sans contour, contiguïté impossible à vérifier : {codes}.").format(
                codes=", ".join(missing[:5])
            )
        )
    tt, covered = provider.commune_times(keep, max(max_minutes, MEASURE_CUTOFF_MIN) + 1e-6)
    require(tt.shape == (len(keep), len(keep)), "a square travel-time matrix")
    if not covered.all():
        i = int(np.flatnonzero(~covered)[0])
        raise PlanningInputError(
            _("{code} : temps de trajet inconnus pour cette commune.").format(code=keep[i])
        )
    minutes = np.full((len(keep), len(keep)), np.inf)
    m = tt.minutes.tocoo()
    minutes[m.row, m.col] = m.data
    np.fill_diagonal(minutes, 0.0)
    doctors = com["gp_liberal"].fillna(0).to_numpy(dtype=np.float64)
    return SectorInstance(
        codes=tuple(keep),
        names=tuple(com["name"].astype(str)),
        population=com["population"].fillna(0).to_numpy(dtype=np.float64),
        doctors=doctors,
        adjacency=adjacency,
        minutes=minutes,
        hub_ok=doctors > 0,
    )
