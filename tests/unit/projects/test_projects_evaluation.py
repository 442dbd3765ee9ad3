"""The difference-in-differences of a project's indicators (descriptive, not causal)."""

from __future__ import annotations

from datetime import datetime

import pytest

from proxisante.projects.evaluation import CAVEAT, evaluate
from proxisante.projects.model import AreaFigures, Figures, Snapshot


def fig(apl: float, gp: int, waiting: int | None = None) -> Figures:
    return Figures(1000, apl, apl + 0.1, gp, 50, waiting)


def snap(month: str, area: Figures, comps: dict[str, Figures]) -> Snapshot:
    return Snapshot(
        month,
        datetime.fromisoformat(month + "-01"),
        area,
        tuple(AreaFigures(c, c, f) for c, f in comps.items()),
    )


def test_difference_of_the_changes() -> None:
    first = snap("2027-01", fig(2.0, 10, 40), {"a": fig(3.0, 20), "b": fig(2.5, 8)})
    last = snap("2027-06", fig(2.6, 13, 25), {"a": fig(3.2, 21), "b": fig(2.5, 10)})
    ev = evaluate([first, last])
    by = {c.key: c for c in ev.changes}
    assert by["apl_official"].change == pytest.approx(0.6)
    assert by["apl_official"].comparables_change == pytest.approx(0.1)  # mean of 0.2 and 0.0
    assert by["apl_official"].difference == pytest.approx(0.5)
    assert by["gp_liberal"].change == 3 and by["gp_liberal"].comparables_change == 1.5
    assert by["gp_liberal"].difference == 1.5
    # the registry exists only for the project's territory: a change, no comparison
    assert by["waiting"].change == -15 and by["waiting"].difference is None
    assert ev.first_month == "2027-01" and ev.latest_month == "2027-06" and ev.snapshots == 2
    assert "pas causale" in ev.caveat and ev.caveat == CAVEAT


def test_a_comparable_missing_at_one_end_is_left_out() -> None:
    first = snap("2027-01", fig(2.0, 10), {"a": fig(3.0, 20), "b": fig(2.5, 8)})
    last = snap("2027-02", fig(2.0, 12), {"a": fig(3.0, 24)})
    by = {c.key: c for c in evaluate([first, last]).changes}
    assert by["gp_liberal"].comparables_used == 1 and by["gp_liberal"].difference == -2


def test_one_snapshot_gives_zero_change_and_none_gives_nothing() -> None:
    only = snap("2027-01", fig(2.0, 10, 5), {"a": fig(3.0, 20)})
    by = {c.key: c for c in evaluate([only]).changes}
    assert by["apl_official"].change == 0 and by["apl_official"].difference == 0
    empty = evaluate([])
    assert empty.snapshots == 0 and empty.changes == ()
