"""Errors of the registry, with messages that say what to fix."""

from __future__ import annotations

from proxisante.errors import ConflictError, NotFoundError, UserError
from proxisante.i18n import _


class RegistryError(UserError):
    """Base class of the registry's user errors."""


class InvalidPolicyError(RegistryError):
    """A priority policy that cannot be used (unknown criterion, unknown level)."""


class ProposalStateError(RegistryError, ConflictError):
    """A proposal that cannot change state (already decided, expired, not yours)."""


class CapacityExhaustedError(RegistryError, ConflictError):
    """The professional has no place left: the acceptance is refused, nothing changed."""

    def __init__(self, professional_id: int) -> None:
        self.professional_id = professional_id
        super().__init__(
            _(
                "Le professionnel {professional_id} n'a plus de place dans sa capacité "
                "déclarée ; la proposition n'a pas été acceptée. Déclarez plus de places "
                "ou refusez-la."
            ).format(professional_id=professional_id)
        )


class MatchingError(RegistryError):
    """The matching could not be solved (bad inputs or solver failure)."""


class UnknownTerritoryIdError(RegistryError, NotFoundError):
    """A registry territory id that does not exist."""

    def __init__(self, territory_id: str) -> None:
        self.territory_id = territory_id
        super().__init__(
            _(
                "Territoire du registre inconnu : {territory_id}. Attendu l'identifiant "
                "d'un territoire créé dans le registre (p. ex. 'cpts-vichy-demo' après "
                "`proxisante serve --demo`, ou `proxisante registry add-territory`)."
            ).format(territory_id=repr(territory_id))
        )


class RegistryNotFoundError(RegistryError, NotFoundError):
    """Something that does not exist, or that the caller may not see (same answer: 404)."""
