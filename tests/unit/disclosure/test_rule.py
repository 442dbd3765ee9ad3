"""The small-count rule: threshold, audiences, closed months, linked cells, perimeters."""

from __future__ import annotations

from datetime import datetime

import numpy as np

from proxisante.disclosure import SUPPRESSED, Audience, audience_of, closed_month_end, shown
from proxisante.disclosure.perimeters import MAX_ATOMS, Perimeter, publishable, reveals
from proxisante.disclosure.tables import determined_columns, suppress


def test_counts_1_to_10_are_hidden_0_and_11_are_not() -> None:
    assert [shown(n) for n in (0, 1, 10, 11)] == [0, SUPPRESSED, SUPPRESSED, 11]


def test_who_sees_exact_counts() -> None:
    assert audience_of("coordinator", own_territory=True) is Audience.EXACT
    assert audience_of("coordinator", own_territory=False) is Audience.PUBLISHED
    assert audience_of("admin", own_territory=False) is Audience.EXACT
    for role in ("analyst", "elected", "professional", "helper", "regulator", None):
        assert audience_of(role, own_territory=True) is Audience.PUBLISHED


def test_published_figures_stop_at_the_last_closed_month() -> None:
    assert closed_month_end(datetime(2026, 6, 30, 23, 59)) == datetime(2026, 6, 1)
    assert closed_month_end(datetime(2026, 1, 1, 0, 0)) == datetime(2026, 1, 1)


def test_a_total_minus_visible_parts_reveals_nothing() -> None:
    values = {"a": 3, "b": 25, "c": 40, "t": 68}
    hidden = suppress(values, [{"a": 1, "b": 1, "c": 1, "t": -1}])
    assert hidden == {"a", "b"}  # b (not the total, not zero) is the partner


def test_a_zero_is_chosen_only_when_nothing_else_is_left() -> None:
    values = {"a": 3, "z": 0, "t": 3}
    assert suppress(values, [{"a": 1, "z": 1, "t": -1}]) == {"a", "t"}
    assert suppress(values, [{"a": 1, "z": 1, "t": -1}], settled={"t"}) == {"a", "z"}


def test_settled_cells_keep_their_state() -> None:
    """A month already published is not changed: the partner is found among open cells."""
    values = {"old": 20, "a": 4, "b": 30, "t": 54}
    rel = [{"old": 1, "a": 1, "b": 1, "t": -1}]
    assert suppress(values, rel, settled={"old"}) == {"a", "b"}
    assert suppress(values, rel, settled={"old", "b"}) == {"a", "t"}


def test_a_cell_determined_by_several_relations_gets_a_partner() -> None:
    """x+y, y+z, x+z each hold two hidden cells, yet together they give x, y and z."""
    values = {"x": 5, "y": 7, "z": 8, "w": 30, "v": 40, "u": 50}
    rels = [{"x": 1, "y": 1, "w": 1}, {"y": 1, "z": 1, "v": 1}, {"x": 1, "z": 1, "u": 1}]
    hidden = suppress(values, rels)
    assert {"x", "y", "z"} < hidden
    known = [k for k in values if k not in hidden]
    matrix = np.array([[r.get(k, 0) for k in values if k in hidden] for r in rels], dtype=float)
    assert determined_columns(matrix) == []
    assert known  # something is still published


def test_determined_columns() -> None:
    assert determined_columns(np.array([[1.0, 1.0], [1.0, -1.0]])) == [0, 1]
    assert determined_columns(np.array([[1.0, 1.0, 0.0], [0.0, 0.0, 1.0]])) == [2]
    assert determined_columns(np.zeros((1, 0))) == []


EPCI = frozenset(f"03{i:03d}" for i in range(44))


def test_an_epci_and_the_same_minus_one_commune_are_not_both_shown() -> None:
    a = Perimeter("epci", EPCI, 23)
    b = Perimeter("epci-1", EPCI - {"03000"}, 22)
    assert reveals([a, b])
    assert publishable([a, b]) == {"epci"}  # the first published stays, the second is hidden
    assert publishable([b, a]) == {"epci-1"}
    assert publishable([Perimeter("epci", EPCI, 33), b]) == {"epci", "epci-1"}  # 11 apart


def test_differences_of_three_perimeters_are_caught() -> None:
    """{1,2}, {2,3}, {1,3}: no pair differs by a commune, yet the three give each commune."""
    p = [
        Perimeter("a", frozenset({"1", "2"}), 12),
        Perimeter("b", frozenset({"2", "3"}), 15),
        Perimeter("c", frozenset({"1", "3"}), 13),
    ]
    assert publishable(p) == {"a", "b"}


def test_a_settled_total_counts_as_published() -> None:
    total = Perimeter("territory", EPCI, 30, settled=True)
    all_but_one = Perimeter("p", EPCI - {"03001"}, 28)
    assert publishable([all_but_one, total]) == {"territory"}
    assert publishable([Perimeter("p", EPCI - {"03001"}, 15), total]) == {"territory", "p"}


def test_too_many_atoms_is_suppressed() -> None:
    perimeters = [
        Perimeter(i, frozenset(f"c{j}" for j in range(40) if (j >> i) & 1), 100) for i in range(6)
    ]
    assert (
        len({tuple(c in p.communes for p in perimeters) for c in (f"c{j}" for j in range(40))})
        > MAX_ATOMS
    )
    assert len(publishable(perimeters)) < len(perimeters)
