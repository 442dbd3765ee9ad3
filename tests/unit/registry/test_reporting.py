from __future__ import annotations

from datetime import date, datetime

from proxisante.registry.reporting import (
    SUPPRESSED,
    SUPPRESSED_MEDIAN,
    PatientHistory,
    monthly_report,
    months_between,
    raw_monthly_counts,
    report_to_csv,
    suppress_linked,
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
    jan = rows[0]["registered"]
    assert isinstance(jan, dict)
    assert jan["E"] == 40 and jan["A"] == SUPPRESSED
    assert jan["C"] == 0  # a zero is published (issue 15); so B (15) hides A by secondary
    assert jan["B"] == SUPPRESSED


def test_a_single_hidden_cell_gets_a_partner() -> None:
    values = {("m", 0, "A"): 3, ("m", 0, "B"): 20, ("m", 0, "C"): 30, ("m", 0, "total"): 53}
    hidden = suppress_linked(values, [list(values)])
    assert hidden == {("m", 0, "A"), ("m", 0, "B")}


def test_no_relation_ever_has_exactly_one_hidden_cell() -> None:
    rows = monthly_report(_history(), [(2026, 1), (2026, 2), (2026, 3)])
    for row in rows:
        for measure in ("registered", "waiting", "attached", "doctor_found", "team_follow_up"):
            cells = row[measure]
            assert isinstance(cells, dict)
            assert sum(v == SUPPRESSED for v in cells.values()) != 1
    # February attachments: A = 1 is hidden, so another cell of the row is hidden too.
    feb = rows[1]["attached"]
    assert isinstance(feb, dict) and feb["A"] == SUPPRESSED
    assert sum(v == SUPPRESSED for v in feb.values()) >= 2


def test_median_is_hidden_with_small_counts() -> None:
    rows = monthly_report(_history(), [(2026, 2)])
    assert rows[0]["median_wait_days"] != SUPPRESSED  # 16 attached
    few = [PatientHistory("B", datetime(2026, 1, 2), attached_at=datetime(2026, 2, 3))]
    assert monthly_report(few, [(2026, 2)])[0]["median_wait_days"] == SUPPRESSED_MEDIAN


def test_raw_waiting_counts_follow_the_flows() -> None:
    raw = raw_monthly_counts(_history(), [(2026, 1), (2026, 2)])
    assert raw[0]["waiting"] == {"A": 1, "B": 15, "C": 0, "D": 0, "E": 40}
    assert raw[1]["waiting"] == {"A": 0, "B": 0, "C": 0, "D": 0, "E": 40}


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
    assert feb["attached"]["B"] == 29
    assert feb["doctor_found"]["B"] == 14 and feb["team_follow_up"]["B"] == 3
    pub = monthly_report(_outcomes(), [(2026, 1), (2026, 2)])[1]
    assert pub["team_follow_up"]["B"] == SUPPRESSED  # type: ignore[index]
    # attached = doctors + team + others (treated as known): never exactly one of the three
    # hidden, or subtraction would give it back.
    for col in ("A", "B", "C", "D", "E", "total"):
        cells = [pub[m][col] for m in ("attached", "doctor_found", "team_follow_up")]  # type: ignore[index]
        assert sum(c == SUPPRESSED for c in cells) != 1
