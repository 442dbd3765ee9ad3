"""Domain values of the installation portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ItemKind(StrEnum):
    AID = "aide"
    PROCEDURE = "demarche"
    CONTACT = "contact"
    INTERNSHIP = "stage"
    HOUSING = "logement"


@dataclass(frozen=True)
class ItemDraft:
    """What a coordinator enters. ``commune``: the INSEE code or ``ch:`` BFS number where the
    offer is (or the territory the contact person covers); ``url``: the official source;
    ``valid_until``: the end of validity (aids, procedures, housing); ``places`` and
    ``supervisor``: internship places and the maître de stage."""

    kind: ItemKind
    commune: str
    title: str
    body: str = ""
    url: str = ""
    valid_until: date | None = None
    contact: str = ""
    places: int | None = None
    supervisor: str = ""
    fictitious: bool = False


@dataclass(frozen=True)
class PortalItem:
    id: int
    draft: ItemDraft
    updated_at: str
