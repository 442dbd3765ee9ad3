"""Domain values of the unscheduled-care slots (créneaux de soins non programmés).

Glossary: a *schedule* (agenda) is what a professional or a structure (MSP, centre de santé,
maison de garde) publishes, at a place (a commune code); a *slot* (créneau) is one bookable
time of a schedule, ``free`` or ``busy``. Times are timezone-aware (UTC inside the core).
A *booking reference* is an opaque identifier given by the caller (e.g. the SAS regulation
file number): never a patient's name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

_FHIR_ID = re.compile(r"[A-Za-z0-9.-]{1,64}")


class SlotStatus(StrEnum):
    FREE = "free"
    BUSY = "busy"


class SlotType(StrEnum):
    """Kinds of unscheduled-care slots (FHIR ``Slot.serviceType`` text)."""

    CONSULTATION = "consultation"
    VISIT = "visite"
    TELECONSULTATION = "teleconsultation"


@dataclass(frozen=True)
class Schedule:
    """An agenda published by a professional (``practitioner``) or a structure
    (``organization``) at a commune; ``identifier`` is the RPPS or FINESS number if known.

    Its owner: the registry territory it belongs to (``territory_id``) and, when a professional
    owns it, that professional's registry id (``professional_id``); without one, the
    coordination of the territory manages it (a structure's agenda)."""

    id: str
    provider_name: str
    provider_kind: str
    commune: str
    identifier: str | None = None
    territory_id: str | None = None
    professional_id: int | None = None
    # What the SAS guide's bundles carry (all optional; see slots/sas_export.py): the place of
    # consultation's address, the practitioner's specialty (TRE-R38 code, e.g. SM54 médecine
    # générale) and the FINESS number of the organisation the practitioner works in.
    address_line: str | None = None
    postal_code: str | None = None
    city: str | None = None
    specialty: str | None = None
    organization: str | None = None


def namespace(territory_id: str | None) -> str:
    """The namespace of the ids of a territory's schedules and slots (``""``: a schedule without
    territory). Ids are unique within a namespace only: two territories may use the same id."""
    return territory_id or ""


def qualified_id(territory_id: str | None, local_id: str) -> str:
    """An id unique across territories, valid as a FHIR id ([A-Za-z0-9.-]{1,64}): the
    territory and the local id joined by a dot, or, when that is not a valid FHIR id, a
    readable form with a hash of both.

    >>> qualified_id("t1", "msp-cusset")
    't1.msp-cusset'
    >>> qualified_id(None, "agenda")
    'sans-territoire.agenda'
    >>> qualified_id("t1", "slot_1:2")
    't1.slot-1-2-55e79f704562'
    """
    raw = f"{territory_id or 'sans-territoire'}.{local_id}"
    if _FHIR_ID.fullmatch(raw):
        return raw
    digest = hashlib.sha256(raw.encode()).hexdigest()[:12]
    return f"{re.sub(r'[^A-Za-z0-9.-]', '-', raw)[:48]}-{digest}"


@dataclass(frozen=True)
class Slot:
    """One bookable time of a schedule."""

    id: str
    schedule_id: str
    commune: str
    start: datetime
    end: datetime
    slot_type: SlotType
    status: SlotStatus = SlotStatus.FREE
    booking_ref: str | None = None
    #: The territory of its schedule: ids are unique within a territory only.
    territory_id: str | None = None


@dataclass(frozen=True)
class SlotDraft:
    """A slot as a publisher sends it: times with any UTC offset, not yet checked (the
    service converts them to UTC and takes the commune from the schedule)."""

    id: str
    schedule_id: str
    start: datetime
    end: datetime
    slot_type: SlotType = SlotType.CONSULTATION
    status: SlotStatus = SlotStatus.FREE


@dataclass(frozen=True)
class SlotMatch:
    """A free slot found by a search, with the estimated travel time to it."""

    slot: Slot
    travel_min: float


@dataclass(frozen=True)
class FoundSlot:
    """A search result for a signed-in user: the slot, its travel time, the provider's name."""

    slot: Slot
    travel_min: float
    provider_name: str


@dataclass(frozen=True)
class PublicSlot:
    """A search result for the public page: what a patient needs, no internal identifier."""

    start: datetime
    end: datetime
    commune: str
    slot_type: SlotType
    travel_min: float
    provider_name: str


@dataclass(frozen=True)
class PublishResult:
    schedules: int
    slots: int
