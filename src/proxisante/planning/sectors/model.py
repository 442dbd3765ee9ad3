"""The values of on-call sector design: an instance, options, sectors, plans and their metrics.

An *instance* is a set of communes with their population, their doctors taking part in the
on-call service, which communes touch which (contours), and the travel time from every commune
to every commune that could host the sector's meeting point (*hub*: the maison médicale de garde
or the place the doctor on call leaves from). Values in, values out; the shell builds the
instance from the bundle and the one travel-time provider.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from proxisante.errors import require
from proxisante.types import BoolArray, FloatArray


@dataclass(frozen=True, eq=False)
class SectorInstance:
    """Communes to group into sectors.

    ``minutes[i, j]``: travel time from commune ``i`` to commune ``j`` (``inf`` when beyond the
    computed range; the diagonal is 0). ``adjacency``: symmetric, True where two contours touch.
    ``hub_ok[j]``: commune ``j`` may host a hub (by default, a commune with a doctor).
    """

    codes: tuple[str, ...]
    names: tuple[str, ...]
    population: FloatArray
    doctors: FloatArray
    adjacency: sp.csr_array
    minutes: FloatArray
    hub_ok: BoolArray

    def __post_init__(self) -> None:
        n = len(self.codes)
        require(len(self.names) == n, "one name per commune")
        for arr in (self.population, self.doctors, self.hub_ok):
            require(arr.shape == (n,), "one value per commune")
        require(self.minutes.shape == (n, n), "a square travel-time matrix")
        require(self.adjacency.shape == (n, n), "a square adjacency matrix")

    @property
    def size(self) -> int:
        return len(self.codes)

    def index(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.codes)}

    def neighbours(self) -> list[np.ndarray]:
        """The communes touching each commune (indices)."""
        adj = self.adjacency.tocsr()
        return [adj.indices[adj.indptr[i] : adj.indptr[i + 1]] for i in range(self.size)]


@dataclass(frozen=True)
class ShiftLoad:
    """The on-call load of one sector over a year: shifts and their weighted sum."""

    shifts: float
    weighted: float


@dataclass(frozen=True)
class SectorOptions:
    """Limits of a design: travel time to the hub, doctors per sector; the solver's time."""

    max_minutes: float = 30.0
    min_doctors: float = 3.0
    time_limit_s: float = 300.0  # per stage; an idle machine proves Allier well within it
    exact: bool | None = None
    """True: contiguity by flows (exact); False: by paths toward the hub (sufficient, faster);
    None: exact up to :data:`~proxisante.planning.sectors.solve.EXACT_MAX_COMMUNES`."""


@dataclass(frozen=True)
class SectorDraft:
    """A sector: its hub, its communes (indices into the instance), and its figures."""

    hub: int
    members: tuple[int, ...]


@dataclass(frozen=True)
class SectorFigures:
    """Figures of one sector under a yearly load."""

    code: str
    name: str
    hub: str
    hub_name: str
    communes: tuple[str, ...]
    population: float
    doctors: float
    max_minutes: float
    mean_minutes: float
    shifts_per_doctor: float
    load_per_doctor: float
    contiguous: bool


@dataclass(frozen=True)
class PlanFigures:
    """Figures of a whole design (given or proposed): what a PDSA organiser compares."""

    sectors: tuple[SectorFigures, ...]
    n_sectors: int
    n_communes: int
    max_minutes: float
    mean_minutes: float
    min_doctors: float
    shifts_per_doctor_max: float
    shifts_per_doctor_mean: float
    total_shifts: float
    all_contiguous: bool


@dataclass(frozen=True)
class SectorPlan:
    """A proposed design and how good it is known to be."""

    drafts: tuple[SectorDraft, ...]
    method: str
    optimal: bool
    lower_bound: int
    """A lower bound on the number of sectors (any design within the limits needs as many)."""
    gap: float
    """(sectors − lower bound) / sectors: 0 when the number of sectors is proven minimal."""
    seconds: float
