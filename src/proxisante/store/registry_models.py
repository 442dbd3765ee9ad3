"""Moved to :mod:`proxisante.store.registry.models`; kept so that older imports still work."""

from proxisante.store.registry.models import (
    AuditRow,
    CapacityRow,
    MatchingRunRow,
    PatientRow,
    ProfessionalRow,
    ProposalRow,
    TerritoryCommuneRow,
    TerritoryRow,
    UserRow,
)

__all__ = [
    "AuditRow",
    "CapacityRow",
    "MatchingRunRow",
    "PatientRow",
    "ProfessionalRow",
    "ProposalRow",
    "TerritoryCommuneRow",
    "TerritoryRow",
    "UserRow",
]
