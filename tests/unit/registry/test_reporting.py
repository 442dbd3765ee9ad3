from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from scipy.linalg import null_space

from proxisante.disclosure import SUPPRESSED
from proxisante.disclosure.tables import suppress
from proxisante.registry.priority import LEVELS
from proxisante.registry.reporting import (
    MEASURES,
    SUPPRESSED_MEDIAN,
    PatientHistory,
    counted_registration,
    monthly_report,
    months_between,
    raw_monthly_counts,
    report_to_csv,
    waiting_at,
)


def _history() -> list[PatientHistory]:
    out = []
    for i in range(40):
        out.append(PatientHistory("E", datetime(2026, 1, 1 + i % 28)))
    for i in range(15):
        out.append(PatientHistory("B", datetime(2026, 1, 2), attached_at=datetime(2026, 2, 1 + i)))
    out.append(PatientHistory("A", datetime(2026, 1, 5), attached_at=datetime(2026, 2, 10)))
    return out


def test_small_counts_are_shown_as_less_than_11() -> None:
    rows = monthly_report(_history(), [(2026, 1), (2026, 2)])
    jan = rows[0].registered
    assert jan["E"] == 40 and jan["A"] == SUPPRESSED
    assert jan["C"] == 0  # a zero is published (issue 15); so B (15) hides A by secondary
    assert jan["B"] == SUPPRESSED


def test_a_single_hidden_cell_gets_a_partner() -> None:
    values = {"A": 3, "B": 20, "C": 30, "total": 53}
    hidden = suppress(values, [{"A": 1, "B": 1, "C": 1, "total": -1}])
    assert hidden == {"A", "B"}


def test_no_relation_ever_has_exactly_one_hidden_cell() -> None:
    rows = monthly_report(_history(), [(2026, 1), (2026, 2), (2026, 3)])
    for row in rows:
        for measure in ("registered", "waiting", "attached", "doctor_found", "team_follow_up"):
            cells = row.measure(measure).cells()
            assert sum(v == SUPPRESSED for v in cells) != 1
    # February attachments: A = 1 is hidden, so another cell of the row is hidden too.
    feb = rows[1].attached
    assert feb["A"] == SUPPRESSED
    assert sum(v == SUPPRESSED for v in feb.cells()) >= 2


def test_a_later_report_only_adds_months() -> None:
    """Months already published keep their cells: two downloads in time tell nothing more."""
    history = [*_history(), PatientHistory("A", datetime(2026, 3, 3))]
    two = monthly_report(history, [(2026, 1), (2026, 2)])
    three = monthly_report(history, [(2026, 1), (2026, 2), (2026, 3)])
    assert three[:2] == two


def test_median_is_hidden_with_small_counts() -> None:
    rows = monthly_report(_history(), [(2026, 2)])
    assert rows[0].median_wait_days != SUPPRESSED  # 16 attached
    few = [PatientHistory("B", datetime(2026, 1, 2), attached_at=datetime(2026, 2, 3))]
    assert monthly_report(few, [(2026, 2)])[0].median_wait_days == SUPPRESSED_MEDIAN


def test_raw_waiting_counts_follow_the_flows() -> None:
    raw = raw_monthly_counts(_history(), [(2026, 1), (2026, 2)])
    assert raw[0].waiting == {"A": 1, "B": 15, "C": 0, "D": 0, "E": 40}
    assert raw[1].waiting == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 40}


def test_requests_not_counted_stay_out() -> None:
    anonymous = [PatientHistory("A", datetime(2026, 1, 9), counted=False) for _ in range(10)]
    assert monthly_report(_history() + anonymous, [(2026, 1)]) == monthly_report(
        _history(), [(2026, 1)]
    )
    assert counted_registration("self", None) is False
    assert counted_registration("helper", None) is False  # ticked "on behalf", no account
    assert counted_registration("helper", 7) and counted_registration("self", 7)
    assert counted_registration("coordinator", None) and counted_registration("phone", None)


def test_waiting_at_an_instant_by_commune() -> None:
    history = [
        PatientHistory("A", datetime(2026, 1, 5), commune="03310"),
        PatientHistory("A", datetime(2026, 1, 5), commune="03095"),
        PatientHistory("A", datetime(2026, 1, 5), datetime(2026, 1, 20), commune="03310"),
        PatientHistory("A", datetime(2026, 1, 5), commune="03310", counted=False),
        PatientHistory("A", datetime(2026, 2, 5), commune="03310"),
    ]
    assert waiting_at(history, datetime(2026, 2, 1)) == 2
    assert waiting_at(history, datetime(2026, 2, 1), {"03310"}) == 1
    assert waiting_at(history, datetime(2026, 1, 10), {"03310"}) == 2


def test_csv_has_one_line_per_month_and_measure() -> None:
    text = report_to_csv(monthly_report(_history(), [(2026, 1), (2026, 2)]))
    lines = text.strip().split("\n")
    assert lines[0] == "month,measure,A,B,C,D,E,total,median_wait_days"
    assert len(lines) == 1 + 2 * 5
    assert "< 11" in text


def test_months_between() -> None:
    assert months_between(date(2025, 11, 3), date(2026, 2, 1)) == [
        (2025, 11),
        (2025, 12),
        (2026, 1),
        (2026, 2),
    ]


def _outcomes() -> list[PatientHistory]:
    """February: 14 attached to a doctor, 3 followed by an IPA / Asalée nurse, 12 by a nurse of
    the nursing list."""
    out = [PatientHistory("E", datetime(2026, 1, 3)) for _ in range(30)]
    for i, outcome in enumerate(
        ["doctor_found"] * 14 + ["team_follow_up"] * 3 + ["professional_found"] * 12
    ):
        out.append(
            PatientHistory(
                "B", datetime(2026, 1, 2), attached_at=datetime(2026, 2, 1 + i % 27),
                outcome=outcome,
            )
        )  # fmt: skip
    return out


def test_doctor_found_counts_doctors_only_and_team_follow_up_is_apart() -> None:
    raw = raw_monthly_counts(_outcomes(), [(2026, 1), (2026, 2)])
    feb = raw[1]
    assert feb.attached["B"] == 29
    assert feb.doctor_found["B"] == 14 and feb.team_follow_up["B"] == 3
    pub = monthly_report(_outcomes(), [(2026, 1), (2026, 2)])[1]
    assert pub.team_follow_up["B"] == SUPPRESSED
    # attached = doctors + team + others (treated as known): never exactly one of the three
    # hidden, or subtraction would give it back.
    for col in ("A", "B", "C", "D", "E", "total"):
        cells = [pub.measure(m)[col] for m in ("attached", "doctor_found", "team_follow_up")]
        assert sum(c == SUPPRESSED for c in cells) != 1


def _random_history(seed: int) -> list[PatientHistory]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1)
    out = []
    for _ in range(rng.randint(0, 150)):
        registered = start + timedelta(days=rng.randint(0, 360))
        attached = registered + timedelta(days=rng.randint(1, 120)) if rng.random() < 0.5 else None
        out.append(PatientHistory(rng.choice(LEVELS), registered, attached))
    return out


@pytest.mark.parametrize("seed", [48, 60])
def test_no_hidden_cell_is_pinned_by_combining_relations(seed: int) -> None:
    """A year where one more hidden cell per relation is not enough: the relations together
    would give a hidden cell (found by a seeded search); the report hides more."""
    months = months_between(date(2025, 1, 1), date(2025, 12, 31))
    rows = monthly_report(_random_history(seed), months)
    cols = [*LEVELS, "total"]
    hidden = [
        (m, i, c)
        for i, row in enumerate(rows)
        for m in MEASURES
        for c in cols
        if row.measure(m)[c] == SUPPRESSED
    ]
    relations = (
        [
            {**{(m, i, c): 1 for c in LEVELS}, (m, i, "total"): -1}
            for i in range(len(rows))
            for m in MEASURES
        ]
        + [
            {("attached", i, c): 1, ("doctor_found", i, c): -1, ("team_follow_up", i, c): -1}
            for i in range(len(rows))
            for c in cols
        ]
        + [
            {
                ("waiting", i, c): 1,
                ("waiting", i - 1, c): -1,
                ("registered", i, c): -1,
                ("attached", i, c): 1,
            }
            for i in range(1, len(rows))
            for c in cols
        ]
    )
    matrix = np.array([[r.get(k, 0) for k in hidden] for r in relations], dtype=float)
    free = null_space(matrix)
    assert all(free.shape[1] and np.abs(free[j]).max() > 1e-9 for j in range(len(hidden)))
