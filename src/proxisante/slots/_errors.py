"""Errors of the unscheduled-care slots, with messages that say what to fix (in French)."""

from __future__ import annotations

from collections.abc import Sequence

from proxisante.errors import UserError


class SlotsError(UserError):
    """Base class of the slot errors the user can fix."""


class SlotNotFoundError(SlotsError):
    def __init__(self, slot_id: str) -> None:
        self.slot_id = slot_id
        super().__init__(
            f"créneau {slot_id!r} inconnu : attendu l'identifiant d'un créneau publié "
            "(ex. « msp-moulins-2027-05-03T09:00 »), voir GET /api/v1/slots/search"
        )


class SlotUnavailableError(SlotsError):
    """The slot is already booked, or already started: nothing was changed."""

    def __init__(self, slot_id: str, reason: str) -> None:
        self.slot_id = slot_id
        super().__init__(f"créneau {slot_id!r} non réservable : {reason}")


class SlotReleaseError(SlotsError):
    def __init__(self, slot_id: str) -> None:
        self.slot_id = slot_id
        super().__init__(
            f"créneau {slot_id!r} : rien à libérer (il n'est pas réservé sous cette référence)"
        )


class InvalidSlotError(SlotsError):
    """A slot or schedule that cannot be published; lists every problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        super().__init__(
            f"{source} : {len(self.problems)} problème(s), rien n'a été importé.\n{shown}"
        )


class SlotsDatabaseError(SlotsError):
    """The database has no slot tables (migrations not applied)."""

    def __init__(self, url_hint: str) -> None:
        super().__init__(
            f"la base {url_hint} n'a pas les tables des créneaux : lancez "
            "`proxisante db upgrade` (ou réglez PROXISANTE_DATABASE_URL)."
        )
