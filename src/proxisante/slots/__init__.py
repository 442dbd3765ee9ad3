"""Unscheduled-care slots (soins non programmés): publication, nearest-slot search within
48 hours, booking without double booking, FHIR R4 Slot/Schedule bundles.

The core (:mod:`.model`, :mod:`.search`, :mod:`.booking`, :mod:`.fhir`, :mod:`.rules`) takes
values and returns values (travel times: the run's one provider, passed in); :mod:`.service`
holds the use cases, working on the protocols of :mod:`.ports` (implemented by
:mod:`proxisante.store.slots`).
"""

from proxisante.slots.booking import book, release
from proxisante.slots.fhir import from_bundle, to_bundle
from proxisante.slots.model import Schedule, Slot, SlotMatch, SlotStatus, SlotType
from proxisante.slots.search import find_nearest_free_slots

__all__ = [
    "Schedule",
    "Slot",
    "SlotMatch",
    "SlotStatus",
    "SlotType",
    "book",
    "find_nearest_free_slots",
    "from_bundle",
    "release",
    "to_bundle",
]
