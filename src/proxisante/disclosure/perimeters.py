"""Overlapping perimeters: sums over sets of communes that must not be told apart.

A perimeter's figure is a count of patients over a set of communes (a project's area, the whole
registry territory). Two published perimeters that differ by a few communes give, by
subtraction, the count of those communes; three or more give sums and differences of their
*atoms* (the groups of communes that belong to exactly the same perimeters). The attacker knows
every published figure and the communes of every perimeter, so what they can compute is any
linear combination of the published figures: the value of any set of atoms whose indicator
vector lies in the row space of the published perimeters.

:func:`publishable` goes through the perimeters in the order they were published (settled ones
first) and shows a perimeter only when its own count is 0 or at least 11 and, together with
those already shown, it lets no set of communes be computed at a count from 1 to 10. A
perimeter that would is suppressed (its figure reads "< 11"), the earlier ones stay as they were
(they have been read). "Differ" is therefore not a distance between sets: a perimeter equal to
another minus one commune, or plus one, or two perimeters whose difference equals a third's
part, are all caught, because all are combinations of the published sums.

Limits: the check is exact up to ``MAX_ATOMS`` atoms; beyond, a new perimeter is suppressed
(conservative). Bounds from non-negativity are not audited (see :mod:`.tables`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from proxisante.disclosure.rule import THRESHOLD, is_small

MAX_ATOMS = 16  # 2^16 sets of atoms, checked at once in a few milliseconds


@dataclass(frozen=True)
class Perimeter:
    """One published sum: its key, its communes, its count."""

    key: Hashable
    communes: frozenset[str]
    count: int
    settled: bool = False  # published elsewhere and shown whatever this check says


def publishable(perimeters: Sequence[Perimeter]) -> frozenset[Hashable]:
    """The keys of the perimeters whose count may be shown, in publication order."""
    shown: list[Perimeter] = []
    for p in sorted(perimeters, key=lambda p: not p.settled):  # stable: settled first
        if p.settled or (not is_small(p.count) and not reveals([*shown, p])):
            shown.append(p)
    return frozenset(p.key for p in shown)


def reveals(perimeters: Sequence[Perimeter]) -> bool:
    """Whether these published sums let a reader compute, for some set of communes, a count
    from 1 to 10."""
    atoms = sorted(
        {tuple(c in p.communes for p in perimeters) for p in perimeters for c in p.communes}
    )
    if not atoms:
        return False
    if len(atoms) > MAX_ATOMS:
        return True
    rows = np.array(atoms, dtype=float).T  # perimeter × atom
    counts = np.array([p.count for p in perimeters], dtype=float)
    solution, *_ = np.linalg.lstsq(rows, counts, rcond=None)
    _u, s, vt = np.linalg.svd(rows)
    tol = max(rows.shape) * np.finfo(float).eps * (s.max() if s.size else 0.0)
    null = vt[int((s > tol).sum()) :]  # null space of the published sums, one row per vector
    n = len(atoms)
    subsets = ((np.arange(1, 2**n)[:, None] >> np.arange(n)) & 1).astype(float)
    derivable = np.abs(subsets @ null.T).max(axis=1, initial=0.0) < 1e-9
    values = np.rint(subsets[derivable] @ solution)
    return bool(((values > 0) & (values < THRESHOLD)).any())
