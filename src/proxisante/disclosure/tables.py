"""Primary and secondary suppression of linked cells (a table, its margins, a series in time).

Cells are tied by *relations*: linear equations a reader knows hold, given as coefficients
(a total and its parts: ``total − Σ parts = 0``; a stock and its flows: ``waiting(M) −
waiting(M−1) − registered(M) + attached(M) = −left(M)``, ``left`` taken as known). Primary
suppression hides every count from 1 to 10. Secondary suppression then hides more cells until
no hidden cell is *determined* by what is published:

1. no relation has exactly one hidden cell (a total minus the visible parts);
2. no hidden cell is determined by any combination of relations either (checked exactly: the cell
   is determined when its unit vector lies in the row space of the relations restricted to the
   hidden cells, i.e. when every null vector of that system is zero on it).

Cells published earlier may be passed as *settled*: their state does not change (a month already
published keeps its cells), so that every publication is a prefix of the next one and comparing
two downloads in time tells nothing more than the later one.

Limit: bounds from non-negativity (a hidden cell known to lie in a narrow interval because the
others cannot be negative) are not audited; secondary cells are chosen among non-zero cells first
to keep those intervals wide. See ``docs/explanation/security.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from typing import Any, TypeVar

import numpy as np

from proxisante.disclosure.rule import is_small
from proxisante.errors import InternalError
from proxisante.types import FloatArray

K = TypeVar("K", bound=Hashable)
Relation = Mapping[K, int]  # cell → coefficient in a linear equation a reader knows


def suppress(
    values: Mapping[K, int],
    relations: Sequence[Relation[K]],
    *,
    settled: Collection[K] = (),
    hidden: Collection[K] = (),
    rank: Callable[[K], Any] | None = None,
) -> frozenset[K]:
    """The cells to hide.

    ``settled``: cells already published, whose state is kept (``hidden``: those of them that
    were hidden). ``rank``: preference among candidates for secondary suppression, lowest first
    (default: non-zero cells first, then the smallest); it must order every cell totally.
    """
    fixed = set(settled)
    order = rank or (lambda k: (values[k] == 0, values[k], repr(k)))
    out = set(hidden) | {k for k in values if k not in fixed and is_small(values[k])}
    active = [rel for rel in relations if any(k not in fixed for k in rel)]
    while True:
        if _single(active, out, fixed, order):
            continue
        determined = _determined(relations, out, fixed)
        if not determined:
            return frozenset(out)
        cell, component = min(determined, key=lambda d: order(d[0]))
        _partner(component, out, fixed, order, cell)


def _single(
    relations: Sequence[Relation[K]],
    out: set[K],
    fixed: set[K],
    order: Callable[[K], Any],
) -> bool:
    """Hide a partner in every relation with exactly one hidden cell; True if any was added."""
    added = False
    for rel in relations:
        if sum(k in out for k in rel) == 1:
            open_ = [k for k in rel if k not in out and k not in fixed]
            if open_:
                out.add(min(open_, key=order))
                added = True
    return added


def _partner(
    component: Sequence[Relation[K]],
    out: set[K],
    fixed: set[K],
    order: Callable[[K], Any],
    cell: K,
) -> None:
    """Hide one more open cell: in a relation of the determined ``cell`` if one has any, else
    anywhere in its component (a settled cell pinned down by the new cells' equations is freed
    by hiding more of them; with all of them hidden the new equations bind nothing old)."""
    open_ = [k for rel in component if cell in rel for k in rel if k not in out and k not in fixed]
    open_ = open_ or [k for rel in component for k in rel if k not in out and k not in fixed]
    if not open_:
        raise InternalError(
            f"small counts: hidden cell {cell!r} is determined and no open cell is left to hide"
        )
    out.add(min(open_, key=order))


def _determined(
    relations: Sequence[Relation[K]], out: set[K], fixed: set[K]
) -> list[tuple[K, list[Relation[K]]]]:
    """Hidden cells a reader can compute from the published ones, each with the relations of
    its component, in the components that hold a cell still open (settled components were
    audited when published)."""
    touching = [rel for rel in relations if any(k in out for k in rel)]
    parent: dict[K, K] = {}

    def find(k: K) -> K:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for rel in touching:
        cells = [k for k in rel if k in out]
        for k in cells[1:]:
            parent[find(k)] = find(cells[0])
    groups: dict[K, list[Relation[K]]] = {}
    for rel in touching:
        first = next(k for k in rel if k in out)
        groups.setdefault(find(first), []).append(rel)
    found: list[tuple[K, list[Relation[K]]]] = []
    for rels in groups.values():
        if all(k in fixed for rel in rels for k in rel):
            continue
        cols = sorted({k for rel in rels for k in rel if k in out}, key=repr)
        index = {k: j for j, k in enumerate(cols)}
        matrix = np.zeros((len(rels), len(cols)))
        for i, rel in enumerate(rels):
            for k, coef in rel.items():
                if k in index:
                    matrix[i, index[k]] = coef
        found.extend((cols[j], rels) for j in determined_columns(matrix))
    return found


def determined_columns(matrix: FloatArray) -> list[int]:
    """Columns ``j`` whose unknown is fixed by ``matrix @ x = b`` whatever ``b``: the unit
    vector ``e_j`` lies in the row space (every null vector is zero on ``j``)."""
    n = matrix.shape[1]
    if n == 0:
        return []
    _u, s, vt = np.linalg.svd(matrix)
    tol = max(matrix.shape) * np.finfo(float).eps * (s.max() if s.size else 0.0)
    rank = int((s > tol).sum())
    if rank == n:
        return list(range(n))
    null = vt[rank:]
    return [j for j in range(n) if float(np.abs(null[:, j]).max()) < 1e-9]
