"""The hard rules as plain predicates, shared by the solver, the checker and the swaps.

Times are compared in UTC seconds so that daylight-saving changes are counted right.
"""

from __future__ import annotations

from collections.abc import Sequence

from proxisante.rota.model import Doctor, Rules, Shift


def required_gap_s(before: Shift, rules: Rules) -> float:
    """Seconds of rest required after ``before`` ends and before the same doctor's next shift."""
    hours = rules.min_gap_hours
    if before.night:
        hours = max(hours, rules.rest_after_night_hours)
    return hours * 3600.0


def conflict(a: Shift, b: Shift, rules: Rules) -> bool:
    """Whether one doctor cannot take both shifts (overlap, or too short a rest between them)."""
    first, second = (a, b) if a.start.timestamp() <= b.start.timestamp() else (b, a)
    gap = second.start.timestamp() - first.end.timestamp()
    return gap < required_gap_s(first, rules)


def conflict_pairs(shifts: Sequence[Shift], rules: Rules) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, of shifts in conflict; ``shifts`` sorted by start."""
    longest = max((required_gap_s(s, rules) for s in shifts), default=0.0)
    starts = [s.start.timestamp() for s in shifts]
    pairs: list[tuple[int, int]] = []
    for i, a in enumerate(shifts):
        horizon = a.end.timestamp() + longest
        j = i + 1
        while j < len(shifts) and starts[j] < horizon:
            if conflict(a, shifts[j], rules):
                pairs.append((i, j))
            j += 1
    return pairs


def eligible(doctor: Doctor, shift: Shift) -> bool:
    """Whether ``doctor`` may take ``shift`` (same sector, not exempt, available)."""
    return (
        doctor.sector == shift.sector
        and not doctor.exempt
        and shift.type_code not in doctor.exempt_from
        and doctor.is_available(shift.start, shift.end)
    )


def max_compatible(shifts: Sequence[Shift], gap_s: float) -> int:
    """Most shifts one doctor could take with a uniform rest of ``gap_s`` seconds between them.

    Earliest-end greedy on intervals extended by the rest: exact for a uniform rest, hence an
    upper bound when some shifts (nights) need more.
    """
    count = 0
    free_at = float("-inf")
    for s in sorted(shifts, key=lambda s: s.end.timestamp()):
        if s.start.timestamp() >= free_at:
            count += 1
            free_at = s.end.timestamp() + gap_s
    return count
