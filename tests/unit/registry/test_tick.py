"""The registry's tick over its port (a function ticking one territory): no database."""

from __future__ import annotations

from datetime import date, datetime

from proxisante.registry.priority import age_on, assess_request
from proxisante.registry.service import TickResult
from proxisante.registry.tick import run_tick


def test_run_tick_sums_the_territories_and_lists_the_busy_ones() -> None:
    results = {
        "a": TickResult("a", expired=2, passed_on=1, purged=3),
        "b": None,  # locked by another transaction
        "c": TickResult("c", expired=1, passed_on=1),
    }
    seen: list[str] = []

    def tick(territory_id: str) -> TickResult | None:
        seen.append(territory_id)
        return results[territory_id]

    report = run_tick(["a", "b", "c"], tick)
    assert seen == ["a", "b", "c"]
    assert report.busy == ("b",)
    assert [r.territory_id for r in report.done] == ["a", "c"]
    assert (report.expired, report.passed_on, report.purged) == (3, 2, 3)


def test_the_priority_of_a_request_is_computed_from_its_criteria_on_the_day() -> None:
    now = datetime(2026, 6, 1, 9)
    assert age_on(date(1956, 6, 2), now.date()) == 69
    assert assess_request(birth_date=date(1956, 6, 1), today=now.date()).level == "C"
    child = assess_request(birth_date=date(2025, 1, 1), today=now.date(), ald=True)
    assert (child.level, child.reasons) == ("A", ("age_under:2", "ald", "age_under:16"))
    assert assess_request(birth_date=date(1990, 1, 1), today=now.date()).reasons == ("none",)
