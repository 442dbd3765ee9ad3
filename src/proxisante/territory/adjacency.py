"""Which communes touch which, from the bundle's simplified contours."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
import shapely

from proxisante.territory.bundle import read_table

TOUCH_DEG = 0.005
"""Two contours closer than this (degrees, about 500 m) touch: the contours are simplified."""


def commune_adjacency(codes: Sequence[str]) -> tuple[sp.csr_array, np.ndarray]:
    """Symmetric adjacency among ``codes`` (their order) and which of them have a contour."""
    table = read_table("contours")
    wkb = dict(zip(table["code"].astype(str), table["wkb"], strict=True))
    has = np.array([c in wkb for c in codes], dtype=bool)
    n = len(codes)
    if not has.any():
        return sp.csr_array((n, n), dtype=bool), has
    idx = np.flatnonzero(has)
    geoms = shapely.from_wkb([wkb[codes[int(i)]] for i in idx])
    tree = shapely.STRtree(geoms)
    left, right = tree.query(shapely.buffer(geoms, TOUCH_DEG), predicate="intersects")
    keep = left != right
    rows, cols = idx[left[keep]], idx[right[keep]]
    adj = sp.coo_array((np.ones(rows.size, dtype=bool), (rows, cols)), shape=(n, n)).tocsr()
    return sp.csr_array(adj.maximum(adj.T)), has
