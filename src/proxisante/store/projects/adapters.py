"""The registry seen by the projects: audit events, territories, waiting counts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from proxisante.registry.reporting import PatientHistory, waiting_at
from proxisante.store.audit import record_audit
from proxisante.store.registry import crud
from proxisante.store.registry.models import TerritoryRow


class SqlAudit:
    def __init__(self, session: Session) -> None:
        self.s = session

    def record(
        self,
        *,
        at: datetime,
        user_id: int | None,
        role: str | None,
        action: str,
        territory_id: str | None,
        detail: str,
    ) -> None:
        record_audit(
            self.s,
            at=at,
            user_id=user_id,
            role=role,
            action=action,
            territory_id=territory_id,
            detail=detail,
        )


class SqlRegistry:
    """The registry's territories and counted waiting requests (the same histories and the
    same count as the registry's published monthly report)."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._histories: dict[str, list[PatientHistory]] = {}

    def territory_exists(self, territory_id: str) -> bool:
        return self.s.get(TerritoryRow, territory_id) is not None

    def communes(self, territory_id: str) -> frozenset[str]:
        return frozenset(c.code for c in crud.list_communes(self.s, territory_id=territory_id))

    def waiting(self, territory_id: str, communes: Sequence[str] | None, at: datetime) -> int:
        if territory_id not in self._histories:
            self._histories[territory_id] = crud.patient_histories(
                self.s, territory_id=territory_id
            )
        return waiting_at(
            self._histories[territory_id], at, None if communes is None else set(communes)
        )
