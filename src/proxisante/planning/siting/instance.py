"""A siting instance: demand points, candidate sites and the sparse times between them.

Only the pairs within a cut-off are stored (``scipy.sparse`` CSR, rows = demand points,
columns = candidates), so national instances stay small: a demand point is *covered* by a site
when its time to it is ≤ the radius; a pair that is not stored is "farther than the cut-off".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.types import BoolArray, FloatArray, IntArray


@dataclass(frozen=True, eq=False)
class SitingInstance:
    """Demand (``weights``), candidates (``capacity``, ``locked``, ``cost``) and ``minutes``.

    ``minutes`` holds the time of every stored pair (a stored 0 is a real zero-minute trip);
    ``capacity`` is NaN where a candidate has none; ``cost`` is 0 where none is given.
    """

    demand_ids: tuple[str, ...]
    weights: FloatArray
    candidate_ids: tuple[str, ...]
    minutes: sp.csr_array
    capacity: FloatArray
    locked: BoolArray
    cost: FloatArray

    def __post_init__(self) -> None:
        n, m = len(self.demand_ids), len(self.candidate_ids)
        if self.minutes.shape != (n, m):
            raise PlanningInputError(
                _(
                    "temps de trajet : attendu une matrice {n} × {m} (demande × candidats),"
                    " reçu {shape}."
                ).format(n=n, m=m, shape=self.minutes.shape)
            )
        for name, arr, size in (
            ("weight", self.weights, n),
            ("capacity", self.capacity, m),
            ("locked", self.locked, m),
            ("cost", self.cost, m),
        ):
            if np.shape(arr) != (size,):
                raise PlanningInputError(
                    _("{name} : attendu {size} valeurs, reçu {shape}.").format(
                        name=name, size=size, shape=np.shape(arr)
                    )
                )
        if np.any(~np.isfinite(self.weights)) or np.any(self.weights < 0):
            raise PlanningInputError(_("weight : poids de demande finis et ≥ 0 attendus."))
        if np.any(self.capacity < 0):
            raise PlanningInputError(_("capacity : capacités ≥ 0 attendues."))
        if np.any(~np.isfinite(self.cost)) or np.any(self.cost < 0):
            raise PlanningInputError(_("cost : coûts finis et ≥ 0 attendus."))

    @property
    def n_demand(self) -> int:
        return len(self.demand_ids)

    @property
    def n_candidates(self) -> int:
        return len(self.candidate_ids)

    def within(self, radius_min: float) -> sp.csr_array:
        """0/1 matrix (bool) of the pairs whose time is ≤ ``radius_min`` (explicit zeros kept).

        When every stored pair is within the radius (a territory instance built with that
        cut-off), the matrix shares the index arrays of ``minutes``: no copy of the pairs (the
        national instance at 120 minutes holds 42 million).
        """
        m = self.minutes.tocsr()
        keep = m.data <= radius_min
        if not m.has_canonical_format:  # unsorted or repeated pairs: sorted and merged
            rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))[keep]
            ones = np.ones(int(keep.sum()), dtype=bool)
            return sp.csr_array((ones, (rows, m.indices[keep])), shape=m.shape).tocsr()
        if keep.all():
            return sp.csr_array(
                (np.ones(m.nnz, dtype=bool), m.indices, m.indptr), shape=m.shape, copy=False
            )
        counts = np.diff(m.indptr) - _rows_of(np.flatnonzero(~keep), m.indptr)
        indptr = np.zeros(m.shape[0] + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        return sp.csr_array(
            (np.ones(int(indptr[-1]), dtype=bool), m.indices[keep], indptr), shape=m.shape
        )

    def covered_by(self, radius_min: float, chosen: BoolArray) -> BoolArray:
        """Demand points with a stored time ≤ ``radius_min`` to a ``chosen`` candidate
        (two boolean flags per pair, no copy of the pairs)."""
        m = self.minutes.tocsr()
        hit = chosen[m.indices]
        hit &= m.data <= radius_min
        out = np.zeros(m.shape[0], dtype=bool)
        nonempty = np.flatnonzero(np.diff(m.indptr) > 0)
        if nonempty.size:
            out[nonempty] = np.logical_or.reduceat(hit, m.indptr[nonempty])
        return out


def _rows_of(entries: npt.NDArray[np.integer], indptr: npt.NDArray[np.integer]) -> IntArray:
    """How many of ``entries`` (positions in a CSR structure) each row holds."""
    rows = np.searchsorted(indptr, entries, side="right") - 1
    return np.bincount(rows, minlength=indptr.size - 1)


def make_instance(
    demand_ids: list[str] | tuple[str, ...],
    weights: FloatArray,
    candidate_ids: list[str] | tuple[str, ...],
    minutes: sp.csr_array | sp.spmatrix,
    *,
    capacity: FloatArray | None = None,
    locked: BoolArray | None = None,
    cost: FloatArray | None = None,
) -> SitingInstance:
    """A :class:`SitingInstance` with default capacity (none), locks (none) and costs (0)."""
    m = len(candidate_ids)
    return SitingInstance(
        tuple(demand_ids),
        np.asarray(weights, dtype=np.float64),
        tuple(candidate_ids),
        sp.csr_array(minutes),
        np.full(m, np.nan) if capacity is None else np.asarray(capacity, dtype=np.float64),
        np.zeros(m, dtype=bool) if locked is None else np.asarray(locked, dtype=bool),
        np.zeros(m) if cost is None else np.asarray(cost, dtype=np.float64),
    )
