"""Unscheduled-care slots (soins non programmés): publication, nearest-slot search within
48 hours, booking without double booking, FHIR R4 Slot/Schedule bundles.

The core (:mod:`.model`, :mod:`.search`, :mod:`.booking`, :mod:`.fhir`, :mod:`.travel`,
:mod:`.rules`) takes values and returns values; :mod:`.service` holds the use cases, working
on the protocols of :mod:`.ports` (implemented by :mod:`proxisante.store.slots`).
"""

from proxisante.slots.booking import book, release
from proxisante.slots.fhir import from_bundle, to_bundle
from proxisante.slots.model import Schedule, Slot, SlotMatch, SlotStatus, SlotType
from proxisante.slots.search import find_nearest_free_slots
from proxisante.slots.travel import great_circle_travel_time, matrix_travel_time

__all__ = [
    "Schedule",
    "Slot",
    "SlotMatch",
    "SlotStatus",
    "SlotType",
    "book",
    "find_nearest_free_slots",
    "from_bundle",
    "great_circle_travel_time",
    "matrix_travel_time",
    "release",
    "to_bundle",
]
