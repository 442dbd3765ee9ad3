"""Domain values of the on-call rota (garde / permanence des soins): frozen dataclasses.

Glossary: a *sector* (secteur de garde) is a set of communes served by one on-call doctor at a
time; a *shift type* (type de garde) says when a shift happens and how heavy it is (its
*weight*); a *shift* (garde) is one dated occurrence of a shift type in a sector; an
*assignment* gives a shift to a doctor; a *rota* (tableau de garde) is the set of assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum


class DayKind(StrEnum):
    """What a calendar day is for the on-call rota; one kind per day (first match wins:
    holiday, sunday, saturday, bridge, weekday)."""

    WEEKDAY = "weekday"
    SATURDAY = "saturday"
    SUNDAY = "sunday"
    HOLIDAY = "holiday"
    BRIDGE = "bridge"


#: Day kinds that count as "weekend or holiday" for the fairness of weekends.
WEEKEND_KINDS = frozenset({DayKind.SATURDAY, DayKind.SUNDAY, DayKind.HOLIDAY, DayKind.BRIDGE})


@dataclass(frozen=True)
class ShiftType:
    """A kind of shift: from ``start`` to ``end`` (next day when ``end <= start``), on the
    days of the given kinds, with a weight (1 = an ordinary evening)."""

    code: str
    label: str
    start: time
    end: time
    weight: float
    days: frozenset[DayKind]
    night: bool = False


@dataclass(frozen=True)
class Sector:
    """A sector: communes (INSEE or OFS codes), optionally a maison de garde (commune code
    or name), and the shift types it runs (empty: all)."""

    code: str
    name: str
    communes: tuple[str, ...]
    maison_de_garde: str | None = None
    shift_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unavailability:
    """Dates (inclusive) when a doctor cannot be on call."""

    start: date
    end: date

    def covers(self, start: datetime, end: datetime) -> bool:
        """Whether a shift from ``start`` to ``end`` touches one of these days."""
        return (
            start.date() <= self.end
            and end.date() >= self.start
            and not (end.date() == self.start and end.time() == time(0, 0))
        )


@dataclass(frozen=True)
class Doctor:
    """A doctor on the rota of one sector.

    ``max_shifts``: at most that many shifts in the period (None: no cap).
    ``exempt``: fully exempt (age, illness…): takes no shift. ``exempt_from``: shift type codes
    the doctor never takes (e.g. nights after 60). ``share``: part-time share of the fair load
    (1.0 full, 0.5 half). ``volunteer``: may take more than the fair share.
    ``previous_load`` / ``previous_weekends``: weighted load and weekend/holiday shifts of
    previous periods (memory, so that fairness holds over the years).
    """

    id: str
    name: str
    sector: str
    unavailable: tuple[Unavailability, ...] = ()
    max_shifts: int | None = None
    exempt: bool = False
    exempt_from: frozenset[str] = frozenset()
    share: float = 1.0
    volunteer: bool = False
    previous_load: float = 0.0
    previous_weekends: int = 0
    email: str | None = None  # where swap notices go (personal data: never logged)

    def is_available(self, start: datetime, end: datetime) -> bool:
        """Whether the doctor has no unavailability touching the shift."""
        return not any(u.covers(start, end) for u in self.unavailable)


@dataclass(frozen=True)
class Rules:
    """Hard rules on one doctor's consecutive shifts, in hours between the end of one shift
    and the start of the next: ``min_gap_hours`` after any shift, ``rest_after_night_hours``
    after a night shift (the larger applies). Overlaps are always forbidden."""

    min_gap_hours: float = 12.0
    rest_after_night_hours: float = 24.0


@dataclass(frozen=True)
class Fairness:
    """Weights of the fairness terms (the solver minimises their sum), and the limits a swap
    is held to: a swap that raises the sector's load spread above ``swap_warning_spread``
    asks for confirmation; above ``swap_max_spread`` (None: no limit) it is refused."""

    load_weight: int = 10
    weekend_weight: int = 3
    swap_warning_spread: float = 2.0
    swap_max_spread: float | None = None


@dataclass(frozen=True)
class RotaProblem:
    """Everything the solver needs: the period (inclusive dates), the calendar, the sectors,
    the shift types, the doctors and the rules."""

    start: date
    end: date
    country: str
    subdivision: str | None
    timezone: str
    bridge_days: bool
    shift_types: tuple[ShiftType, ...]
    sectors: tuple[Sector, ...]
    doctors: tuple[Doctor, ...]
    rules: Rules = field(default_factory=Rules)
    fairness: Fairness = field(default_factory=Fairness)

    def shift_type(self, code: str) -> ShiftType:
        return next(t for t in self.shift_types if t.code == code)

    def doctors_of(self, sector: str) -> tuple[Doctor, ...]:
        return tuple(d for d in self.doctors if d.sector == sector)

    def doctor(self, doctor_id: str) -> Doctor:
        return next(d for d in self.doctors if d.id == doctor_id)


@dataclass(frozen=True)
class Shift:
    """One dated shift of a sector; ``start`` and ``end`` are timezone-aware."""

    id: str
    sector: str
    type_code: str
    start: datetime
    end: datetime
    weight: float
    day_kind: DayKind
    night: bool

    @property
    def weekend(self) -> bool:
        return self.day_kind in WEEKEND_KINDS


@dataclass(frozen=True)
class Assignment:
    """A shift given to a doctor."""

    shift_id: str
    doctor_id: str


@dataclass(frozen=True)
class SectorStats:
    """How the solve went in one sector."""

    sector: str
    shifts: int
    doctors: int
    status: str
    solve_time_s: float
    load_spread: float
    weekend_spread: int


@dataclass(frozen=True)
class Rota:
    """A tableau de garde: the shifts of the period and who takes each."""

    shifts: tuple[Shift, ...]
    assignments: tuple[Assignment, ...]
    stats: tuple[SectorStats, ...] = ()

    def doctor_of(self, shift_id: str) -> str | None:
        return next((a.doctor_id for a in self.assignments if a.shift_id == shift_id), None)

    def shift(self, shift_id: str) -> Shift:
        return next(s for s in self.shifts if s.id == shift_id)
