"""Search of the nearest free slots: the SAS promise of care within 48 hours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from proxisante.slots.model import Slot, SlotMatch, SlotStatus, SlotType
from proxisante.slots.travel import TravelTime

DEFAULT_WITHIN_H = 48


def find_nearest_free_slots(
    slots: Iterable[Slot],
    *,
    from_commune: str,
    now: datetime,
    travel_time: TravelTime,
    within_h: float = DEFAULT_WITHIN_H,
    slot_type: SlotType | None = None,
    max_travel_min: float | None = None,
    limit: int = 10,
) -> list[SlotMatch]:
    """Free slots starting between ``now`` and ``now + within_h``, nearest first (then soonest).

    Slots whose commune has no known travel time are left out.

    >>> from datetime import UTC
    >>> from proxisante.slots.travel import matrix_travel_time
    >>> t0 = datetime(2027, 5, 3, 8, tzinfo=UTC)
    >>> s = Slot("a", "sch", "03190", t0 + timedelta(hours=2), t0 + timedelta(hours=2.25),
    ...          SlotType.CONSULTATION)
    >>> [m.travel_min for m in find_nearest_free_slots([s], from_commune="03321", now=t0,
    ...     travel_time=matrix_travel_time({("03321", "03190"): 9.0}))]
    [9.0]
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
            cache[s.commune] = travel_time(from_commune, s.commune)
        minutes = cache[s.commune]
        if minutes is None or (max_travel_min is not None and minutes > max_travel_min):
            continue
        found.append(SlotMatch(s, round(minutes, 1)))
    found.sort(key=lambda m: (m.travel_min, m.slot.start, m.slot.id))
    return found[:limit]
