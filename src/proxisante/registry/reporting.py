"""Monthly figures per territory, with small-cell suppression that survives differencing.

Figures per month: patients registered, waiting at the end of the month, attached during the
month, the median wait (days) of those attached, each by priority level and in total. Of the
attached, ``doctor_found`` counts those who found a médecin traitant (a doctor's capacity: the
registry's key indicator) and ``team_follow_up`` those followed by a team instead (an IPA /
Asalée nurse, :mod:`proxisante.registry.outcome`); the rest found another professional.

Suppression: every count from 1 to 10 is shown as ``"< 11"`` (primary suppression); a zero is
published as 0 (no one to protect: an empty territory reads 0, not "< 11"). Published
cells are tied by linear relations (a total is the sum of its levels; this month's waiting list
is last month's plus registrations minus attachments), so one hidden cell in a relation could
be recovered by subtraction. Secondary suppression therefore hides a second cell in any relation
that would hide exactly one, repeated until no relation has a single hidden cell (see
:func:`suppress_linked`); it picks a zero only when no other cell is left. A median wait is hidden
when its count of attachments is, and then reads ``"secret statistique"`` (not ``"< 11"``, which
would read as "under 11 days").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.registry.outcome import Outcome
from proxisante.registry.priority import LEVELS

SUPPRESSED = "< 11"
SUPPRESSED_MEDIAN = "secret statistique"
THRESHOLD = 11


@dataclass(frozen=True)
class PatientHistory:
    """What reporting needs of one request: no identity, only dates and the level."""

    level: str
    registered_at: datetime
    attached_at: datetime | None = None
    left_at: datetime | None = None  # withdrawn or erased without attachment
    outcome: str | None = None  # attached: registry.outcome.Outcome value


Cell = int | str
Key = tuple[str, int, str]  # (measure, month index, level or "total")
OUTCOME_MEASURES = (Outcome.DOCTOR_FOUND.value, Outcome.TEAM_FOLLOW_UP.value)
"""Parts of ``attached`` by outcome (the third part, another professional, is not published
but treated as known to an attacker when cells are suppressed)."""
MEASURES = ("registered", "waiting", "attached", *OUTCOME_MEASURES)


def _month_end(year: int, month: int) -> datetime:
    return datetime(year + month // 12, month % 12 + 1, 1)


def raw_monthly_counts(
    history: Sequence[PatientHistory],
    months: Sequence[tuple[int, int]],
    levels: Sequence[str] = LEVELS,
) -> list[dict[str, object]]:
    """Unsuppressed figures (never published as such)."""
    rows = []
    for year, month in months:
        start, end = datetime(year, month, 1), _month_end(year, month)
        row: dict[str, object] = {"month": f"{year:04d}-{month:02d}"}
        for measure in MEASURES:
            per = {}
            for lvl in levels:
                hs = [h for h in history if h.level == lvl]
                if measure == "registered":
                    n = sum(start <= h.registered_at < end for h in hs)
                elif measure == "attached":
                    n = sum(h.attached_at is not None and start <= h.attached_at < end for h in hs)
                elif measure in OUTCOME_MEASURES:
                    n = sum(
                        h.attached_at is not None
                        and start <= h.attached_at < end
                        and h.outcome == measure
                        for h in hs
                    )
                else:
                    n = sum(
                        h.registered_at < end
                        and (h.attached_at is None or h.attached_at >= end)
                        and (h.left_at is None or h.left_at >= end)
                        for h in hs
                    )
                per[lvl] = n
            row[measure] = per
        waits = [
            (h.attached_at - h.registered_at).days
            for h in history
            if h.attached_at is not None and start <= h.attached_at < end
        ]
        row["median_wait_days"] = median(waits) if waits else None
        rows.append(row)
    return rows


def suppress_linked(values: dict[Key, int], relations: Sequence[Sequence[Key]]) -> set[Key]:
    """Cells to hide: every value from 1 to 10, then, until stable, a second cell of any relation
    that would otherwise hide exactly one (the smallest visible one, zeros and totals last)."""
    hidden = {k for k, v in values.items() if 0 < v < THRESHOLD}
    changed = True
    while changed:
        changed = False
        for rel in relations:
            if sum(k in hidden for k in rel) == 1:
                visible = sorted(
                    (k[2] == "total", values[k] == 0, values[k], k) for k in rel if k not in hidden
                )
                if visible:
                    hidden.add(visible[0][3])
                    changed = True
    return hidden


def monthly_report(
    history: Sequence[PatientHistory],
    months: Sequence[tuple[int, int]],
    levels: Sequence[str] = LEVELS,
) -> list[dict[str, object]]:
    """Publishable monthly figures: every count suppressed as documented above.

    Linked cells: in each month and measure, total = Σ levels; for each level (and the total),
    waiting(M) = waiting(M−1) + registered(M) − attached(M) − left(M), and ``left`` is treated
    as known to an attacker (it is usually 0), so those four published cells are linked too;
    attached = doctor_found + team_follow_up + another professional, the last treated as known
    (it is usually 0).
    """
    raw = raw_monthly_counts(history, months, levels)
    cols = [*levels, "total"]
    values: dict[Key, int] = {}
    for i, row in enumerate(raw):
        for measure in MEASURES:
            per = dict(row[measure])  # type: ignore[call-overload]
            for lvl in levels:
                values[(measure, i, lvl)] = int(per[lvl])
            values[(measure, i, "total")] = sum(int(per[lvl]) for lvl in levels)
    relations: list[list[Key]] = []
    for i in range(len(raw)):
        for measure in MEASURES:
            relations.append([(measure, i, c) for c in cols])
        for c in cols:
            relations.append([("attached", i, c), *((m, i, c) for m in OUTCOME_MEASURES)])
        if i > 0:
            for c in cols:
                relations.append(
                    [
                        ("waiting", i - 1, c),
                        ("waiting", i, c),
                        ("registered", i, c),
                        ("attached", i, c),
                    ]
                )
    hidden = suppress_linked(values, relations)
    out = []
    for i, row in enumerate(raw):
        pub: dict[str, object] = {"month": row["month"]}
        for measure in MEASURES:
            pub[measure] = {
                c: (SUPPRESSED if (measure, i, c) in hidden else values[(measure, i, c)])
                for c in cols
            }
        attached = ("attached", i, "total")
        small = values[attached] < THRESHOLD or attached in hidden
        median_hidden = small and values[attached] > 0
        pub["median_wait_days"] = SUPPRESSED_MEDIAN if median_hidden else row["median_wait_days"]
        out.append(pub)
    return out


def report_to_csv(rows: Sequence[dict[str, object]], levels: Sequence[str] = LEVELS) -> str:
    """One line per month and measure; columns: month, measure, levels…, total, median."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["month", "measure", *levels, "total", "median_wait_days"])
    for row in rows:
        for measure in MEASURES:
            cells = row[measure]
            if not isinstance(cells, dict):
                raise InternalError(
                    _(
                        "rapport mensuel mal formé : {measure} n'est pas un tableau par niveau"
                    ).format(measure=measure)
                )
            med = row["median_wait_days"] if measure == "attached" else ""
            writer.writerow(
                [
                    row["month"],
                    measure,
                    *(cells[lvl] for lvl in levels),
                    cells["total"],
                    "" if med is None else med,
                ]
            )
    return buf.getvalue()


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every (year, month) from ``first``'s month to ``last``'s month, inclusive."""
    y, m = first.year, first.month
    out = []
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
