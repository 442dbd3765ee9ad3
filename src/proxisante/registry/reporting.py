"""Monthly figures per territory, with the small-count rule (:mod:`proxisante.disclosure`).

Figures per month: patients registered, waiting at the end of the month, attached during the
month — and, of those attached, how many found a médecin traitant (``doctor_found``: a GP or a
GP team) and how many are followed by a team without a doctor (``team_follow_up``: IPA,
Asalée; :mod:`proxisante.registry.outcome`) —, the median wait (days) of those attached, each
by priority level and in total.

Suppression: every count from 1 to 10 is shown as ``"< 11"`` (primary suppression); a zero is
published as 0 (no one to protect: an empty territory reads 0, not "< 11"). Published cells are
tied by linear relations (a total is the sum of its levels; this month's waiting list is last
month's plus registrations minus attachments), so secondary suppression hides more cells until
no hidden cell can be computed from the published ones (:func:`proxisante.disclosure.tables.
suppress`), month after month: a month's cells are settled when the next month is added, so a
later report only adds months to an earlier one. It picks a zero only when no other cell is
left. A median wait is hidden when its count of attachments is, and then reads
``"secret statistique"`` (not ``"< 11"``, which would read as "under 11 days").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from proxisante.disclosure import SUPPRESSED, THRESHOLD, Cell
from proxisante.disclosure.tables import Relation, suppress
from proxisante.registry.outcome import Outcome
from proxisante.registry.priority import LEVELS

SUPPRESSED_MEDIAN = "secret statistique"
OUTCOME_MEASURES = (Outcome.DOCTOR_FOUND.value, Outcome.TEAM_FOLLOW_UP.value)
"""Parts of ``attached`` by outcome (the third part, another professional, is not published
but treated as known to a reader when cells are suppressed)."""
MEASURES = ("registered", "waiting", "attached", *OUTCOME_MEASURES)
Key = tuple[str, int, str]  # (measure, month index, level or "total")
Median = float | int | str | None  # days, SUPPRESSED_MEDIAN, or None (no attachment)


@dataclass(frozen=True)
class PatientHistory:
    """What reporting needs of one request: no identity, only dates, level and commune.

    ``counted``: entered or confirmed by an account of the territory (a coordinator, a helper's
    account); an anonymous self-registration is not, and stays out of published figures.
    """

    level: str
    registered_at: datetime
    attached_at: datetime | None = None
    left_at: datetime | None = None  # withdrawn or erased without attachment
    commune: str = ""
    counted: bool = True
    outcome: str | None = None  # attached: registry.outcome.Outcome value

    def waiting_at(self, at: datetime) -> bool:
        """Registered before ``at``, and neither attached nor gone by then."""
        return (
            self.registered_at < at
            and (self.attached_at is None or self.attached_at >= at)
            and (self.left_at is None or self.left_at >= at)
        )


def counted_registration(channel: str, registered_by: int | None) -> bool:
    """Whether a request counts in published figures: entered by an account (coordinator,
    helper, professional…) or through a channel of the coordination (phone, import); an
    anonymous request of the public form ("self", or "helper" without an account) does not, so
    that nobody can pad a published count with requests of their own."""
    return registered_by is not None or channel not in ("self", "helper")


def waiting_at(
    history: Sequence[PatientHistory], at: datetime, communes: Collection[str] | None = None
) -> int:
    """How many counted requests were waiting at ``at`` (in ``communes``, when given)."""
    return sum(
        h.counted and h.waiting_at(at) and (communes is None or h.commune in communes)
        for h in history
    )


@dataclass(frozen=True)
class RawMonth:
    """Unsuppressed figures of one month (never published as such)."""

    month: str  # YYYY-MM
    registered: Mapping[str, int]
    waiting: Mapping[str, int]
    attached: Mapping[str, int]
    doctor_found: Mapping[str, int]
    team_follow_up: Mapping[str, int]
    median_wait_days: float | int | None

    def measure(self, name: str) -> Mapping[str, int]:
        return {
            "registered": self.registered,
            "waiting": self.waiting,
            "attached": self.attached,
            "doctor_found": self.doctor_found,
            "team_follow_up": self.team_follow_up,
        }[name]


def _month_end(year: int, month: int) -> datetime:
    return datetime(year + month // 12, month % 12 + 1, 1)


def raw_monthly_counts(
    history: Sequence[PatientHistory],
    months: Sequence[tuple[int, int]],
    levels: Sequence[str] = LEVELS,
) -> list[RawMonth]:
    """Unsuppressed figures (never published as such)."""
    rows = []
    for year, month in months:
        start, end = datetime(year, month, 1), _month_end(year, month)
        registered = dict.fromkeys(levels, 0)
        waiting = dict.fromkeys(levels, 0)
        attached = dict.fromkeys(levels, 0)
        outcomes = {m: dict.fromkeys(levels, 0) for m in OUTCOME_MEASURES}
        waits = []
        for h in history:
            if h.level not in registered:
                continue
            registered[h.level] += start <= h.registered_at < end
            waiting[h.level] += h.waiting_at(end)
            if h.attached_at is not None and start <= h.attached_at < end:
                attached[h.level] += 1
                if h.outcome in outcomes:
                    outcomes[h.outcome][h.level] += 1
                waits.append((h.attached_at - h.registered_at).days)
        rows.append(
            RawMonth(
                f"{year:04d}-{month:02d}",
                registered,
                waiting,
                attached,
                outcomes[Outcome.DOCTOR_FOUND.value],
                outcomes[Outcome.TEAM_FOLLOW_UP.value],
                median(waits) if waits else None,
            )
        )
    return rows


@dataclass(frozen=True)
class LevelCells:
    """One measure of one month: a cell per priority level, and the total."""

    levels: tuple[tuple[str, Cell], ...]
    total: Cell

    def __getitem__(self, level: str) -> Cell:
        return self.total if level == "total" else dict(self.levels)[level]

    def cells(self) -> tuple[Cell, ...]:
        """The levels' cells then the total, in column order."""
        return (*(c for _lvl, c in self.levels), self.total)


@dataclass(frozen=True)
class MonthRow:
    """The published figures of one month."""

    month: str  # YYYY-MM
    registered: LevelCells
    waiting: LevelCells
    attached: LevelCells
    doctor_found: LevelCells
    team_follow_up: LevelCells
    median_wait_days: Median

    def measure(self, name: str) -> LevelCells:
        return {
            "registered": self.registered,
            "waiting": self.waiting,
            "attached": self.attached,
            "doctor_found": self.doctor_found,
            "team_follow_up": self.team_follow_up,
        }[name]


def _relations(i: int, levels: Sequence[str]) -> list[Relation[Key]]:
    """Month ``i``'s relations: each total is the sum of its levels; for each level and the
    total, waiting(i) − waiting(i−1) − registered(i) + attached(i) = −left(i), with ``left``
    taken as known to a reader (it is usually 0); attached(i) − doctor_found(i) −
    team_follow_up(i) = another professional, also taken as known."""
    out: list[Relation[Key]] = [
        {**{(m, i, lvl): 1 for lvl in levels}, (m, i, "total"): -1} for m in MEASURES
    ]
    out += [
        {("attached", i, c): 1, **{(m, i, c): -1 for m in OUTCOME_MEASURES}}
        for c in [*levels, "total"]
    ]
    if i > 0:
        out += [
            {
                ("waiting", i, c): 1,
                ("waiting", i - 1, c): -1,
                ("registered", i, c): -1,
                ("attached", i, c): 1,
            }
            for c in [*levels, "total"]
        ]
    return out


def monthly_report(
    history: Sequence[PatientHistory],
    months: Sequence[tuple[int, int]],
    levels: Sequence[str] = LEVELS,
) -> tuple[MonthRow, ...]:
    """Publishable monthly figures of ``months`` (in order): every count suppressed as
    documented above. Requests not ``counted`` are left out."""
    raw = raw_monthly_counts([h for h in history if h.counted], months, levels)
    cols = [*levels, "total"]
    values: dict[Key, int] = {}
    relations: list[Relation[Key]] = []
    hidden: frozenset[Key] = frozenset()

    def rank(k: Key) -> tuple[bool, bool, int, Key]:
        return (k[2] == "total", values[k] == 0, values[k], k)

    for i, row in enumerate(raw):
        settled = frozenset(values)
        for m in MEASURES:
            per = row.measure(m)
            for lvl in levels:
                values[(m, i, lvl)] = per[lvl]
            values[(m, i, "total")] = sum(per[lvl] for lvl in levels)
        relations += _relations(i, levels)
        hidden = suppress(values, relations, settled=settled, hidden=hidden, rank=rank)
    out = []
    for i, row in enumerate(raw):

        def cells(m: str, i: int = i) -> LevelCells:
            pub = {c: SUPPRESSED if (m, i, c) in hidden else values[(m, i, c)] for c in cols}
            return LevelCells(tuple((lvl, pub[lvl]) for lvl in levels), pub["total"])

        attached = ("attached", i, "total")
        small = values[attached] < THRESHOLD or attached in hidden
        median_hidden = small and values[attached] > 0
        out.append(
            MonthRow(
                row.month,
                cells("registered"),
                cells("waiting"),
                cells("attached"),
                cells("doctor_found"),
                cells("team_follow_up"),
                SUPPRESSED_MEDIAN if median_hidden else row.median_wait_days,
            )
        )
    return tuple(out)


def report_to_csv(rows: Sequence[MonthRow], levels: Sequence[str] = LEVELS) -> str:
    """One line per month and measure; columns: month, measure, levels…, total, median."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["month", "measure", *levels, "total", "median_wait_days"])
    for row in rows:
        for m in MEASURES:
            med = row.median_wait_days if m == "attached" else ""
            writer.writerow([row.month, m, *row.measure(m).cells(), "" if med is None else med])
    return buf.getvalue()


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every (year, month) from ``first``'s month to ``last``'s month, inclusive."""
    y, m = first.year, first.month
    out = []
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
