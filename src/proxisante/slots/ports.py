"""What the slot use cases need from the outside, as protocols: the store implements them
(:mod:`proxisante.store.slots`), tests may pass their own."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from proxisante.access.port import TravelTimeProvider
from proxisante.slots.model import Schedule, Slot, SlotStatus, SlotType

#: The current time, timezone-aware.
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class SlotEvent:
    """One audit event of a slot action: identifiers only, never a name."""

    at: datetime
    action: str
    user_id: int | None
    role: str
    territory_id: str | None
    detail: str


@dataclass(frozen=True)
class SlotGeography:
    """The communes a search may start from, and the run's travel-time provider."""

    communes: frozenset[str]
    provider: TravelTimeProvider

    def knows(self, commune: str) -> bool:
        return commune in self.communes


class SlotRepository(Protocol):
    """Persistence of schedules and slots. Methods never commit: the caller owns the
    transaction. Times are timezone-aware UTC."""

    # Ids are unique within a territory only (``territory_id=None``: the schedules without
    # territory); no lookup by id crosses territories, except ``slots_anywhere``.

    def schedules(
        self, ids: Collection[str], *, territory_id: str | None
    ) -> dict[str, Schedule]: ...

    def schedules_of(self, slots: Collection[Slot]) -> dict[tuple[str | None, str], Schedule]:
        """The schedules of these slots, by (territory, schedule id)."""
        ...

    def slots(self, ids: Collection[str], *, territory_id: str | None) -> dict[str, Slot]: ...

    def slots_anywhere(self, slot_id: str) -> list[Slot]:
        """Every slot with this id, whatever its territory (for administrators)."""
        ...

    def adopt(self, schedule_id: str, *, territory_id: str) -> bool:
        """Give a schedule without territory, and its slots, to ``territory_id``; ``False``
        when it is absent or one of its ids is already used there."""
        ...

    def save_schedule(self, schedule: Schedule, *, now: datetime) -> None: ...

    def save_slot(self, slot: Slot) -> bool:
        """Write a free slot; a booked one is left as it is (``False``)."""
        ...

    def list_slots(
        self,
        *,
        start: datetime,
        end: datetime,
        territory_id: str | None,
        status: SlotStatus | None = None,
        slot_type: SlotType | None = None,
    ) -> list[Slot]:
        """Slots starting in ``[start, end]`` in time order; ``territory_id=None``: all."""
        ...

    def book(
        self, *, territory_id: str | None, slot_id: str, booking_ref: str, now: datetime
    ) -> Slot | None:
        """Book in one conditional update; ``None`` when busy or started."""
        ...

    def release(self, *, territory_id: str | None, slot_id: str, booking_ref: str) -> Slot | None:
        """Free a slot booked under ``booking_ref``; ``None`` otherwise."""
        ...

    def territory_communes(self, territory_id: str) -> frozenset[str] | None:
        """The communes of a registry territory; ``None`` when it does not exist."""
        ...

    def professional_territory(self, professional_id: int) -> str | None: ...


class AuditLog(Protocol):
    def record(self, event: SlotEvent) -> None: ...
