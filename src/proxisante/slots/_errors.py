"""Errors of the unscheduled-care slots, with messages that say what to fix (French source
texts, translated through :mod:`proxisante.i18n`)."""

from __future__ import annotations

from collections.abc import Sequence

from proxisante.errors import UserError
from proxisante.i18n import _


class SlotsError(UserError):
    """Base class of the slot errors the user can fix; ``http_status`` is the web answer."""

    http_status = 400


class SlotNotFoundError(SlotsError):
    http_status = 404

    def __init__(self, slot_id: str) -> None:
        self.slot_id = slot_id
        super().__init__(
            _(
                "créneau {slot} inconnu : attendu l'identifiant d'un créneau publié "
                "(ex. « msp-moulins-2027-05-03T09:00 »), voir GET /api/v1/slots/search"
            ).format(slot=repr(slot_id))
        )


class SlotAmbiguousError(SlotsError):
    """An administrator named a slot id that several territories use (ids are scoped to their
    territory): the territory must be named."""

    http_status = 409

    def __init__(self, slot_id: str, territories: Sequence[str]) -> None:
        self.slot_id = slot_id
        super().__init__(
            _(
                "créneau {slot} : identifiant utilisé dans plusieurs territoires ({territories}) ; "
                "précisez le territoire (paramètre « territory »)"
            ).format(slot=repr(slot_id), territories=", ".join(territories))
        )


class SlotUnavailableError(SlotsError):
    """The slot is already booked, or already started: nothing was changed."""

    http_status = 409

    def __init__(self, slot_id: str, reason: str) -> None:
        self.slot_id = slot_id
        super().__init__(
            _("créneau {slot} non réservable : {reason}").format(slot=repr(slot_id), reason=reason)
        )


class SlotReleaseError(SlotsError):
    http_status = 409

    def __init__(self, slot_id: str) -> None:
        self.slot_id = slot_id
        super().__init__(
            _("créneau {slot} : rien à libérer (il n'est pas réservé sous cette référence)").format(
                slot=repr(slot_id)
            )
        )


class InvalidSlotError(SlotsError):
    """A slot or schedule that cannot be published; lists every problem."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        head = _("{source} : {n} problème(s), rien n'a été importé.").format(
            source=source, n=len(self.problems)
        )
        super().__init__(f"{head}\n{shown}")


class SlotsDatabaseError(SlotsError):
    """The database has no slot tables (migrations not applied)."""

    def __init__(self, url_hint: str) -> None:
        super().__init__(
            _(
                "la base {where} n'a pas les tables des créneaux : lancez "
                "`proxisante db upgrade` (ou réglez PROXISANTE_DATABASE_URL)."
            ).format(where=url_hint)
        )


class ScheduleNotFoundError(SlotsError):
    """An agenda unknown, or of another territory (its existence is not disclosed)."""

    http_status = 404

    def __init__(self, schedule_id: str) -> None:
        self.schedule_id = schedule_id
        super().__init__(
            _(
                "agenda {schedule} introuvable dans votre territoire : attendu l'identifiant "
                "d'un agenda de votre territoire (ou un nouvel identifiant)"
            ).format(schedule=repr(schedule_id))
        )


class TerritoryNotFoundError(SlotsError):
    http_status = 404

    def __init__(self, territory_id: str) -> None:
        super().__init__(
            _(
                "territoire {territory} inconnu : attendu l'identifiant d'un territoire du "
                "registre (voir `proxisante registry add-territory`)"
            ).format(territory=repr(territory_id))
        )


class SlotForbiddenError(SlotsError):
    """The caller's role, or ownership, does not allow this action."""

    http_status = 403

    def __init__(self, message: str) -> None:
        super().__init__(_("action refusée : {reason}").format(reason=message))


class SlotMovedError(SlotsError):
    """A published slot id sent again under another schedule: a slot never moves."""

    http_status = 409

    def __init__(self, slot_id: str, schedule_id: str) -> None:
        super().__init__(
            _(
                "créneau {slot} : cet identifiant appartient déjà à un autre agenda que "
                "{schedule} ; un créneau ne change jamais d'agenda (publiez un nouvel "
                "identifiant)"
            ).format(slot=repr(slot_id), schedule=repr(schedule_id))
        )


class SlotLimitError(SlotsError):
    """Too many schedules or slots in one request."""

    http_status = 422

    def __init__(self, what: str, count: int, cap: int) -> None:
        super().__init__(
            _(
                "trop de {what} dans une seule publication : {count} reçus, au plus {cap} par "
                "requête ; découpez l'envoi en plusieurs publications"
            ).format(what=what, count=count, cap=cap)
        )


class UnknownCommuneError(SlotsError):
    http_status = 422

    def __init__(self, commune: str) -> None:
        self.commune = commune
        super().__init__(
            _(
                "commune {commune} inconnue : attendu le code INSEE d'une commune existante "
                "(ex. 03190 pour Moulins)"
            ).format(commune=repr(commune))
        )
