"""The rota's answers to machines (the JSON API and ``proxisante rota … --json``): typed,
English-keyed pydantic models built from the service's values, one shape for both shells.

Doctors appear by identifier and name (never their e-mail address); times are ISO 8601 with
their offset; a swap's status is ``proposed``, ``accepted`` or ``refused``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from proxisante.rota.fairness import SectorFairness
from proxisante.rota.model import Shift
from proxisante.rota.ports import PublishedRota, StoredSwap
from proxisante.rota.service import RotaView, SwapOutcome
from proxisante.rota.swap_plan import SwapPlan

SwapStatus = Literal["proposed", "accepted", "refused"]
_STATUS: dict[str, SwapStatus] = {
    "proposee": "proposed",
    "acceptee": "accepted",
    "refusee": "refused",
}


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class RotaSummaryOut(_Out):
    id: int
    territory: str
    label: str
    published_at: datetime

    @classmethod
    def of(cls, r: PublishedRota) -> RotaSummaryOut:
        return cls(id=r.id, territory=r.territory_id, label=r.label, published_at=r.published_at)


class SectorOut(_Out):
    code: str
    name: str


class DoctorOut(_Out):
    id: str
    name: str
    sector: str


class ShiftOut(_Out):
    id: str
    sector: str
    type: str
    start: datetime
    end: datetime
    doctor_id: str | None

    @classmethod
    def of(cls, s: Shift, holder: str | None) -> ShiftOut:
        return cls(
            id=s.id, sector=s.sector, type=s.type_code, start=s.start, end=s.end, doctor_id=holder
        )


class FairnessOut(_Out):
    """Weighted loads and weekend/holiday counts of the doctors compared in a sector, and
    their spreads (largest minus smallest)."""

    sector: str
    load_spread: float
    weekend_spread: int
    loads: dict[str, float]
    weekends: dict[str, int]

    @classmethod
    def of(cls, f: SectorFairness) -> FairnessOut:
        return cls(
            sector=f.sector,
            load_spread=f.load_spread,
            weekend_spread=f.weekend_spread,
            loads=dict(f.loads),
            weekends=dict(f.weekends),
        )


class RotaOut(_Out):
    id: int
    territory: str
    label: str
    published_at: datetime
    start: date
    end: date
    timezone: str
    me: str | None
    sectors: list[SectorOut]
    doctors: list[DoctorOut]
    shifts: list[ShiftOut]
    fairness: list[FairnessOut]

    @classmethod
    def of(cls, v: RotaView, *, mine_only: bool = False) -> RotaOut:
        p = v.problem
        shifts = [s for s in v.shifts if not mine_only or v.holders.get(s.id) == v.me]
        return cls(
            id=v.id,
            territory=v.territory_id,
            label=v.label,
            published_at=v.published_at,
            start=p.start,
            end=p.end,
            timezone=p.timezone,
            me=v.me,
            sectors=[SectorOut(code=s.code, name=s.name) for s in p.sectors],
            doctors=[DoctorOut(id=d.id, name=d.name, sector=d.sector) for d in p.doctors],
            shifts=[ShiftOut.of(s, v.holders.get(s.id)) for s in shifts],
            fairness=[FairnessOut.of(f) for f in v.fairness],
        )


class SwapOut(_Out):
    id: int
    rota_id: int
    shift_id: str
    from_doctor: str
    to_doctor: str
    in_return: str | None
    status: SwapStatus
    proposed_at: datetime
    decided_at: datetime | None

    @classmethod
    def of(cls, s: StoredSwap) -> SwapOut:
        return cls(
            id=s.id,
            rota_id=s.rota_id,
            shift_id=s.shift_id,
            from_doctor=s.from_doctor,
            to_doctor=s.to_doctor,
            in_return=s.in_return,
            status=_STATUS[s.status],
            proposed_at=s.proposed_at,
            decided_at=s.decided_at,
        )


class SwapOutcomeOut(_Out):
    swap: SwapOut
    fairness_before: FairnessOut
    fairness_after: FairnessOut

    @classmethod
    def of(cls, o: SwapOutcome) -> SwapOutcomeOut:
        return cls(
            swap=SwapOut.of(o.swap),
            fairness_before=FairnessOut.of(o.before),
            fairness_after=FairnessOut.of(o.after),
        )


class SwapPreviewOut(_Out):
    """A swap checked but not sent: its sector's fairness before and after, and whether it must
    be sent with ``confirm: true`` (it raises the spread above ``warning_spread``)."""

    shift_id: str
    from_doctor: str
    to_doctor: str
    in_return: str | None
    fairness_before: FairnessOut
    fairness_after: FairnessOut
    needs_confirmation: bool
    warning_spread: float
    max_spread: float | None

    @classmethod
    def of(cls, p: SwapPlan) -> SwapPreviewOut:
        return cls(
            shift_id=p.shift.id,
            from_doctor=p.from_doctor,
            to_doctor=p.to_doctor,
            in_return=None if p.in_return is None else p.in_return.id,
            fairness_before=FairnessOut.of(p.before),
            fairness_after=FairnessOut.of(p.after),
            needs_confirmation=p.needs_confirmation,
            warning_spread=p.warning_spread,
            max_spread=p.max_spread,
        )


class UnavailabilityOut(_Out):
    """The shifts the doctor holds on the declared days (to be swapped)."""

    shifts_to_swap: list[str]


class FeedOut(_Out):
    url: str


class PublishedOut(_Out):
    """What ``proxisante rota publish --json`` prints."""

    id: int
    territory: str
