"""Demo slots for ``proxisante serve --demo``: two FICTITIOUS agendas (a structure and a
doctor, both labelled « fictif ») in the demo territory, with free slots over the next two days.

Pure: :func:`demo_slots` returns the schedules and drafts for a moment ``now``; the shell
publishes them through the slot service (as the command-line operator of the territory) at
every start, so the demo always has slots in the coming 48 hours. Identifiers carry the date
and time, so publishing again changes nothing that exists (a booked slot is never overwritten).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from proxisante.slots.model import Schedule, SlotDraft, SlotType

_PARIS = ZoneInfo("Europe/Paris")
_HOURS = (9, 10, 11, 14, 15, 16, 17, 18)
_LENGTH = timedelta(minutes=20)


def demo_slots(
    communes: Sequence[str], now: datetime, *, days: int = 2
) -> tuple[list[Schedule], list[SlotDraft]]:
    """Two fictitious agendas at the first two ``communes`` and their slots from ``now``."""
    second = communes[1] if len(communes) > 1 else communes[0]
    schedules = [
        Schedule(
            "demo-msp", "Maison de santé de démonstration (fictive)", "organization", communes[0]
        ),
        Schedule("demo-dr", "Dr Démo, médecin généraliste (fictif)", "practitioner", second),
    ]
    kinds = (SlotType.CONSULTATION, SlotType.TELECONSULTATION, SlotType.VISIT)
    utc_now = now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)
    today = utc_now.astimezone(_PARIS).date()
    drafts: list[SlotDraft] = []
    for offset in range(days + 1):
        day = today + timedelta(days=offset)
        for n, hour in enumerate(_HOURS):
            start = datetime.combine(day, time(hour), tzinfo=_PARIS)
            if not utc_now < start.astimezone(UTC) <= utc_now + timedelta(days=days):
                continue
            for k, sc in enumerate(schedules):
                slot_id = f"{sc.id}-{start:%Y%m%dT%H%M}"
                kind = (
                    kinds[(n + k) % len(kinds)]
                    if sc.provider_kind == "practitioner"
                    else (SlotType.CONSULTATION)
                )
                drafts.append(SlotDraft(slot_id, sc.id, start, start + _LENGTH, kind))
    return schedules, drafts
