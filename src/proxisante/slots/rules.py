"""Who may do what with the slots: the caller (:class:`Actor`) and the rules, as pure functions.

- **read** (search, one slot, FHIR export): administrators (every territory), coordinators,
  regulators and professionals (their own territory);
- **publish and change** a schedule and its slots: its owner, i.e. the professional it belongs
  to, or a coordinator of its territory (who also manages the structures' agendas); the
  ``operator`` (the command line, run by whoever holds the database) acts as a coordinator of
  the territory it names; administrators do not publish;
- **book and release**: regulators and coordinators of the slot's territory.

Anything of another territory is answered as unknown (404), never "forbidden".
"""

from __future__ import annotations

from proxisante.actor import OPERATOR, Actor
from proxisante.slots.model import Schedule

READ_ROLES = frozenset({"admin", "coordinator", "regulator", "professional", OPERATOR})
PUBLISH_ROLES = frozenset({"coordinator", "professional", OPERATOR})
BOOK_ROLES = frozenset({"coordinator", "regulator"})
_TERRITORY_MANAGERS = frozenset({"coordinator", OPERATOR})


def sees(actor: Actor, territory_id: str | None) -> bool:
    """Whether the territory's slots exist for this actor."""
    if actor.role == "admin":
        return True
    return territory_id is not None and territory_id == actor.territory_id


def manages(actor: Actor, schedule: Schedule) -> bool:
    """Whether the actor may change this (visible) schedule and its slots."""
    if not sees(actor, schedule.territory_id):
        return False
    if actor.role in _TERRITORY_MANAGERS:
        return True
    return (
        actor.role == "professional"
        and actor.professional_id is not None
        and schedule.professional_id == actor.professional_id
    )


def scope(actor: Actor) -> str | None:
    """The territory a reader's lists are limited to (``None``: every one, administrators)."""
    return None if actor.role == "admin" else actor.territory_id
