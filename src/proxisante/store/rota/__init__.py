"""Persistence of the published rotas: the tables (:mod:`.models`) and the repository and audit
log the rota service works with (:mod:`.repository`)."""

from proxisante.store.rota.models import (
    RotaAssignmentRow,
    RotaDoctorRow,
    RotaRow,
    RotaSwapRow,
    RotaUnavailabilityRow,
)
from proxisante.store.rota.repository import SqlRotaAudit, SqlRotaRepository

__all__ = [
    "RotaAssignmentRow",
    "RotaDoctorRow",
    "RotaRow",
    "RotaSwapRow",
    "RotaUnavailabilityRow",
    "SqlRotaAudit",
    "SqlRotaRepository",
]
