"""The use cases of the slots, written once: publish (and change), FHIR import and export,
search, read one slot, book, release. The JSON API, the HTML page and the command line call
these; each takes the caller (:class:`~proxisante.actor.Actor`), checks what the caller
may do, and writes its own audit event (one per publication, booking or release).

The service never commits: the caller's transaction holds the writes and the audit row
together, so a refused or failed action leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from proxisante.actor import Actor
from proxisante.i18n import _
from proxisante.slots._errors import (
    InvalidSlotError,
    SlotAmbiguousError,
    SlotForbiddenError,
    SlotNotFoundError,
    SlotReleaseError,
    SlotUnavailableError,
    UnknownCommuneError,
)
from proxisante.slots.fhir import check_depth, from_bundle
from proxisante.slots.model import (
    FoundSlot,
    PublicSlot,
    PublishResult,
    Schedule,
    Slot,
    SlotDraft,
    SlotStatus,
    SlotType,
    qualified_id,
)
from proxisante.slots.ports import AuditLog, Clock, SlotEvent, SlotGeography, SlotRepository
from proxisante.slots.publishing import plan
from proxisante.slots.rules import BOOK_ROLES, READ_ROLES, scope, sees
from proxisante.slots.search import DEFAULT_WITHIN_H, find_nearest_free_slots


@dataclass(frozen=True)
class SearchQuery:
    """A search from a patient's commune (``within_h`` hours from now, nearest first)."""

    commune: str
    within_h: float = DEFAULT_WITHIN_H
    slot_type: SlotType | None = None
    max_travel_min: float | None = None
    limit: int = 10


@dataclass(frozen=True)
class SlotService:
    repo: SlotRepository
    audit: AuditLog
    clock: Clock

    def now(self) -> datetime:
        t = self.clock()
        return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)

    def _record(self, actor: Actor, action: str, territory: str | None, detail: str) -> None:
        self.audit.record(
            SlotEvent(self.now(), action, actor.user_id, actor.role, territory, detail)
        )

    # ------------------------------------------------------------------ publish

    def publish(
        self,
        actor: Actor,
        schedules: Sequence[Schedule],
        slots: Sequence[SlotDraft],
        *,
        via: str = "api",
    ) -> PublishResult:
        """Add or change the actor's schedules and add or move their free slots (a booked
        slot is never overwritten). One audit row ``slots.publish``."""
        checked = plan(self.repo, actor, schedules, slots, self.now())
        for sid in checked.adopted:
            if not self.repo.adopt(sid, territory_id=checked.territory_id):
                raise InvalidSlotError(
                    _("publication"),
                    [
                        _(
                            "agenda {schedule} sans territoire : un de ses créneaux porte un "
                            "identifiant déjà utilisé dans le territoire {territory}"
                        ).format(schedule=repr(sid), territory=repr(checked.territory_id))
                    ],
                )
        for sc in checked.schedules:
            self.repo.save_schedule(sc, now=self.now())
        written = sum(1 for s in checked.slots if self.repo.save_slot(s))
        ids = ",".join(s.id for s in checked.schedules) or "-"
        self._record(
            actor,
            "slots.publish",
            checked.territory_id,
            f"via={via};creneaux={written};agendas={ids}",
        )
        return PublishResult(len(checked.schedules), written)

    def import_bundle(
        self, actor: Actor, data: Any, *, source: str, professional_id: int | None = None
    ) -> PublishResult:
        """Publish the Schedule and Slot resources of a FHIR R4 Bundle."""
        check_depth(data, source=source)
        schedules, slots = from_bundle(data, source=source)
        if professional_id is not None:
            schedules = [replace(s, professional_id=professional_id) for s in schedules]
        drafts = [
            SlotDraft(s.id, s.schedule_id, s.start, s.end, s.slot_type, s.status) for s in slots
        ]
        return self.publish(actor, schedules, drafts, via="fhir")

    # ------------------------------------------------------------------ read

    def _readable(self, actor: Actor) -> None:
        if actor.role not in READ_ROLES:
            raise SlotForbiddenError(
                _(
                    "la consultation des créneaux est réservée à la régulation, la "
                    "coordination, aux professionnels et à l'administration (vous êtes {role})"
                ).format(role=actor.role)
            )

    def get(self, actor: Actor, slot_id: str, territory_id: str | None = None) -> Slot:
        """One slot of the actor's territory (404 for another territory's: ids are scoped
        to their territory). Administrators see every territory, and name the territory
        (``territory_id``) when several use the id."""
        self._readable(actor)
        return self._visible_slot(actor, slot_id, territory_id)[0]

    def _visible_slot(
        self, actor: Actor, slot_id: str, territory_id: str | None = None
    ) -> tuple[Slot, str | None]:
        if actor.role == "admin":
            found = [
                s
                for s in self.repo.slots_anywhere(slot_id)
                if territory_id is None or s.territory_id == territory_id
            ]
            if len(found) > 1:
                raise SlotAmbiguousError(slot_id, [s.territory_id or "-" for s in found])
            slot = found[0] if found else None
        else:
            slot = self.repo.slots([slot_id], territory_id=actor.territory_id).get(slot_id)
        if slot is None or not sees(actor, slot.territory_id):
            raise SlotNotFoundError(slot_id)
        return slot, slot.territory_id

    def export(self, actor: Actor, within_h: float) -> tuple[list[Schedule], list[Slot]]:
        """Slots of the next ``within_h`` hours (of the actor's territory) and their
        schedules, for a FHIR bundle. Ids are unique within a territory only: an export that
        spans several territories (administrators) gives each id its territory as prefix
        (:func:`qualified_id`), so that the bundle's ids stay unique; an export of one
        territory keeps its ids (it can be imported again as it is)."""
        self._readable(actor)
        now = self.now()
        territory = scope(actor)
        slots = self.repo.list_slots(
            start=now, end=now + timedelta(hours=within_h), territory_id=territory
        )
        schedules = self.repo.schedules_of(slots)
        ordered = [schedules[k] for k in sorted(schedules, key=lambda k: (k[0] or "", k[1]))]
        if len({s.territory_id for s in ordered}) <= 1:
            return ordered, slots
        return (
            [replace(s, id=qualified_id(s.territory_id, s.id)) for s in ordered],
            [
                replace(
                    s,
                    id=qualified_id(s.territory_id, s.id),
                    schedule_id=qualified_id(s.territory_id, s.schedule_id),
                )
                for s in slots
            ],
        )

    def search(self, actor: Actor, query: SearchQuery, geo: SlotGeography) -> list[FoundSlot]:
        """The nearest free slots of the actor's territory (every one for administrators)."""
        self._readable(actor)
        return self._search(query, geo, scope(actor))

    def public_search(self, query: SearchQuery, geo: SlotGeography) -> list[PublicSlot]:
        """The public offer of every territory, without internal identifiers."""
        return [
            PublicSlot(
                f.slot.start,
                f.slot.end,
                f.slot.commune,
                f.slot.slot_type,
                f.travel_min,
                f.provider_name,
            )
            for f in self._search(query, geo, None)
        ]

    def _search(
        self, query: SearchQuery, geo: SlotGeography, territory: str | None
    ) -> list[FoundSlot]:
        if not geo.knows(query.commune):
            raise UnknownCommuneError(query.commune)
        now = self.now()
        free = self.repo.list_slots(
            start=now,
            end=now + timedelta(hours=query.within_h),
            territory_id=territory,
            status=SlotStatus.FREE,
            slot_type=query.slot_type,
        )
        matches = find_nearest_free_slots(
            free,
            from_commune=query.commune,
            now=now,
            provider=geo.provider,
            within_h=query.within_h,
            slot_type=query.slot_type,
            max_travel_min=query.max_travel_min,
            limit=query.limit,
        )
        names = self.repo.schedules_of([m.slot for m in matches])
        return [
            FoundSlot(
                m.slot,
                m.travel_min,
                getattr(names.get((m.slot.territory_id, m.slot.schedule_id)), "provider_name", ""),
            )
            for m in matches
        ]

    # ------------------------------------------------------------------ book, release

    def _bookable(self, actor: Actor, slot_id: str) -> str | None:
        if actor.role not in BOOK_ROLES:
            raise SlotForbiddenError(
                _(
                    "réserver ou libérer un créneau est réservé à la régulation et à la "
                    "coordination du territoire (vous êtes {role})"
                ).format(role=actor.role)
            )
        return self._visible_slot(actor, slot_id)[1]

    def book(self, actor: Actor, slot_id: str, booking_ref: str) -> Slot:
        """Book a free slot of the actor's territory; exactly one of concurrent bookings wins."""
        territory = self._bookable(actor, slot_id)
        now = self.now()
        booked = self.repo.book(
            territory_id=territory, slot_id=slot_id, booking_ref=booking_ref, now=now
        )
        if booked is None:
            current = self.repo.slots([slot_id], territory_id=territory).get(slot_id)
            busy = current is not None and current.status is SlotStatus.BUSY
            raise SlotUnavailableError(slot_id, _("déjà réservé") if busy else _("déjà commencé"))
        self._record(actor, "slots.book", territory, f"creneau={slot_id}")
        return booked

    def release(self, actor: Actor, slot_id: str, booking_ref: str) -> Slot:
        """Free a booked slot with the reference it was booked under."""
        territory = self._bookable(actor, slot_id)
        freed = self.repo.release(territory_id=territory, slot_id=slot_id, booking_ref=booking_ref)
        if freed is None:
            raise SlotReleaseError(slot_id)
        self._record(actor, "slots.release", territory, f"creneau={slot_id}")
        return freed
