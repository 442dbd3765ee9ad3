"""Search of the nearest free slots: the SAS promise of care within 48 hours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from proxisante.access.port import TravelTimeProvider, trip_minutes
from proxisante.slots.model import Slot, SlotMatch, SlotStatus, SlotType

DEFAULT_WITHIN_H = 48


def find_nearest_free_slots(
    slots: Iterable[Slot],
    *,
    from_commune: str,
    now: datetime,
    provider: TravelTimeProvider,
    within_h: float = DEFAULT_WITHIN_H,
    slot_type: SlotType | None = None,
    max_travel_min: float | None = None,
    limit: int = 10,
) -> list[SlotMatch]:
    """Free slots starting between ``now`` and ``now + within_h``, nearest first (then soonest).

    Minutes are the run's one travel-time ``provider``'s (the registry and the diagnosis get the
    same one: one trip, one figure); a commune to itself takes its intra-commune time. Slots whose
    commune has no known travel time are left out.
    """
    horizon = now + timedelta(hours=within_h)
    cache: dict[str, float | None] = {}
    found: list[SlotMatch] = []
    for s in slots:
        if s.status is not SlotStatus.FREE or not (now <= s.start <= horizon):
            continue
        if slot_type is not None and s.slot_type is not slot_type:
            continue
        if s.commune not in cache:
            cache[s.commune] = trip_minutes(provider, from_commune, s.commune)
        minutes = cache[s.commune]
        if minutes is None or (max_travel_min is not None and minutes > max_travel_min):
            continue
        found.append(SlotMatch(s, round(minutes, 1)))
    found.sort(key=lambda m: (m.travel_min, m.slot.start, m.slot.id))
    return found[:limit]
