"""Errors of the registry, with messages that say what to fix."""

from __future__ import annotations

from proxisante.errors import UserError


class RegistryError(UserError):
    """Base class of the registry's user errors."""


class InvalidPolicyError(RegistryError):
    """A priority policy that cannot be used (unknown criterion, unknown level)."""


class ProposalStateError(RegistryError):
    """A proposal that cannot change state (already decided, expired, not yours)."""


class CapacityExhaustedError(RegistryError):
    """The professional has no place left: the acceptance is refused, nothing changed."""

    def __init__(self, professional_id: int) -> None:
        self.professional_id = professional_id
        super().__init__(
            f"Professional {professional_id} has no place left in the declared capacity; "
            "the proposal was not accepted. Declare more places or decline the proposal."
        )


class MatchingError(RegistryError):
    """The matching could not be solved (bad inputs or solver failure)."""


class UnknownTerritoryIdError(RegistryError):
    """A registry territory id that does not exist."""

    def __init__(self, territory_id: str) -> None:
        self.territory_id = territory_id
        super().__init__(
            f"Unknown registry territory {territory_id!r}. Expected the id of a territory "
            "created in the registry (for example 'cpts-vichy-demo' after "
            "`proxisante serve --demo`)."
        )
