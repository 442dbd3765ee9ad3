"""Properties of the small-count rule over random tables and perimeters (Hypothesis, seeded).

The checks are written independently of :mod:`proxisante.disclosure`: subtraction within each
row, column and total; SciPy's null space for combinations of relations; brute-force sums and
differences for perimeters.
"""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import null_space

from proxisante.disclosure.perimeters import Perimeter, publishable
from proxisante.disclosure.tables import suppress

SEEDED = settings(max_examples=80, deadline=None, derandomize=True)
Cell = tuple[int, int]  # (row, column); row or column -1 is a margin, (-1, -1) the grand total


def _table(cells: list[list[int]]) -> tuple[dict[Cell, int], list[dict[Cell, int]]]:
    """Values of a table with its margins, and its relations (each total = Σ its parts)."""
    n_rows, n_cols = len(cells), len(cells[0])
    values = {(i, j): cells[i][j] for i in range(n_rows) for j in range(n_cols)}
    for i in range(n_rows):
        values[(i, -1)] = sum(cells[i])
    for j in range(n_cols):
        values[(-1, j)] = sum(row[j] for row in cells)
    values[(-1, -1)] = sum(map(sum, cells))
    relations = [{**{(i, j): 1 for j in range(n_cols)}, (i, -1): -1} for i in range(-1, n_rows)] + [
        {**{(i, j): 1 for i in range(n_rows)}, (-1, j): -1} for j in range(-1, n_cols)
    ]
    return values, relations


tables = st.integers(2, 5).flatmap(
    lambda n_cols: st.lists(
        st.lists(
            st.one_of(st.integers(0, 12), st.integers(0, 60)), min_size=n_cols, max_size=n_cols
        ),
        min_size=2,
        max_size=5,
    )
)


@SEEDED
@given(tables)
def test_no_suppressed_cell_is_recovered_by_subtraction(cells: list[list[int]]) -> None:
    values, relations = _table(cells)
    hidden = suppress(values, relations)
    for key, v in values.items():
        assert key in hidden or v == 0 or v >= 11  # every count from 1 to 10 is hidden
    for rel in relations:  # a total minus its visible parts never isolates one hidden cell
        assert sum(k in hidden for k in rel) != 1


@SEEDED
@given(tables)
def test_no_suppressed_cell_is_recovered_by_combining_relations(cells: list[list[int]]) -> None:
    values, relations = _table(cells)
    hidden = sorted(suppress(values, relations))
    if not hidden:
        return
    matrix = np.array([[rel.get(k, 0) for k in hidden] for rel in relations], dtype=float)
    free = null_space(matrix)  # SciPy's own: directions along which hidden cells can move
    for j, key in enumerate(hidden):
        assert free.shape[1] > 0 and np.abs(free[j]).max() > 1e-9, key


communes = [f"c{i}" for i in range(8)]
perimeters = st.lists(
    st.tuples(st.frozensets(st.sampled_from(communes), min_size=1), st.integers(0, 40)),
    min_size=1,
    max_size=4,
)


@SEEDED
@given(st.lists(st.integers(0, 9), min_size=len(communes), max_size=len(communes)), perimeters)
def test_overlapping_perimeters_never_give_a_small_count_by_sums_and_differences(
    per_commune: list[int], sets: list[tuple[frozenset[str], int]]
) -> None:
    count = dict(zip(communes, per_commune, strict=True))
    published = [
        Perimeter(i, area, sum(count[c] for c in area)) for i, (area, _unused) in enumerate(sets)
    ]
    shown = [p for p in published if p.key in publishable(published)]
    for p in shown:
        assert p.count == 0 or p.count >= 11
    vectors = [np.array([c in p.communes for c in communes], dtype=int) for p in shown]
    for coefs in itertools.product((-1, 0, 1), repeat=len(shown)):
        v = sum((c * x for c, x in zip(coefs, vectors, strict=True)), np.zeros(len(communes), int))
        if v.any() and set(np.unique(v)) <= {0, 1}:
            value = sum(count[c] for c, inside in zip(communes, v, strict=True) if inside)
            assert value == 0 or value >= 11, (coefs, value)
