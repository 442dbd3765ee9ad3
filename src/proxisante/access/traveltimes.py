"""Sparse origin–destination travel times in minutes, up to a cutoff.

Schema: a ``scipy.sparse.csr_array`` of shape (origins, destinations) whose *stored* entries are
the pairs reached within the cutoff, in minutes. A stored 0 is a real zero-minute trip (it is kept
explicitly); an absent entry means "not reached within the cutoff".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from proxisante.access.decay import Decay
from proxisante.types import FloatArray, IntArray


@dataclass(frozen=True, eq=False)
class TravelTimes:
    """Travel times (minutes) from origins to destinations, pairs under ``cutoff_min`` only.

    ``provider`` names where the times come from (``estimate``, ``road``, ``matrix``);
    ``estimated`` is True when they rest on a model rather than a road network or a measured
    matrix, and every output built on them must say so.
    """

    minutes: sp.csr_array
    cutoff_min: float
    provider: str = "matrix"
    estimated: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def shape(self) -> tuple[int, int]:
        n, m = self.minutes.shape
        return int(n), int(m)

    @property
    def n_pairs(self) -> int:
        return int(self.minutes.nnz)

    def weights(self, decay: Decay) -> sp.csr_array:
        """The sparse matrix of decay weights, with the same structure as ``minutes``."""
        m = self.minutes
        return sp.csr_array((decay(m.data), m.indices, m.indptr), shape=m.shape)

    def transpose(self) -> TravelTimes:
        return TravelTimes(
            self.minutes.T.tocsr(), self.cutoff_min, self.provider, self.estimated, self.notes
        )


def from_pairs(
    origin: IntArray,
    destination: IntArray,
    minutes: FloatArray,
    shape: tuple[int, int],
    cutoff_min: float,
    *,
    provider: str = "matrix",
    estimated: bool = False,
    notes: tuple[str, ...] = (),
    assume_unique: bool = False,
) -> TravelTimes:
    """Build travel times from pair arrays, keeping pairs strictly under the cutoff.

    Duplicate pairs keep their smallest time (``assume_unique=True`` skips that check, for
    providers whose pairs are unique by construction). Zero-minute trips are kept as explicit
    entries.

    Examples
    --------
    >>> tt = from_pairs(np.array([0, 1]), np.array([1, 0]), np.array([5.0, 25.0]), (2, 2), 20.0)
    >>> tt.minutes.toarray().tolist()
    [[0.0, 5.0], [0.0, 0.0]]
    >>> tt.n_pairs
    1
    """
    origin = np.asarray(origin, dtype=np.int64)
    destination = np.asarray(destination, dtype=np.int64)
    minutes = np.asarray(minutes, dtype=np.float64)
    keep = minutes < cutoff_min
    if keep.all():  # providers usually cut already; copying millions of pairs is the cost
        o, d, t = origin, destination, minutes
    else:
        o, d, t = origin[keep], destination[keep], minutes[keep]
    if assume_unique:
        # 32-bit indices when they fit: sparse products run about twice as fast.
        small = max(shape) < 2**31 and o.size < 2**31
        index_dtype = np.int32 if small else np.int64
        if o.size and np.all(o[1:] >= o[:-1]):
            # Pairs already in row order (e.g. from np.nonzero): the arrays are the CSR arrays.
            indptr = np.searchsorted(o, np.arange(shape[0] + 1), side="left").astype(index_dtype)
            m0 = sp.csr_array((t, d.astype(index_dtype), indptr), shape=shape)
        else:
            # The C conversion keeps explicit zeros and, with unique pairs, sums nothing.
            m0 = sp.csr_array((t, (o.astype(index_dtype), d.astype(index_dtype))), shape=shape)
        return TravelTimes(m0, float(cutoff_min), provider, estimated, notes)
    # Sort by (pair, time) and keep the first of each pair: the minimum, without summing.
    order = np.lexsort((t, d, o))
    o, d, t = o[order], d[order], t[order]
    if o.size:
        first = np.ones(o.size, dtype=bool)
        first[1:] = (o[1:] != o[:-1]) | (d[1:] != d[:-1])
        o, d, t = o[first], d[first], t[first]
    indptr = np.zeros(shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(o, minlength=shape[0]), out=indptr[1:])
    m = sp.csr_array((t, d, indptr), shape=shape)
    return TravelTimes(m, float(cutoff_min), provider, estimated, notes)


def from_dense(
    minutes: FloatArray, cutoff_min: float, *, provider: str = "matrix", estimated: bool = False
) -> TravelTimes:
    """Build travel times from a dense matrix (``inf`` or anything ≥ cutoff = not reached).

    Examples
    --------
    >>> from_dense(np.array([[0.0, 12.0], [np.inf, 3.0]]), 20.0).n_pairs
    3
    """
    minutes = np.asarray(minutes, dtype=np.float64)
    o, d = np.nonzero(minutes < cutoff_min)
    return from_pairs(
        o, d, minutes[o, d], minutes.shape, cutoff_min, provider=provider, estimated=estimated
    )
