"""The workbench's scenario store and audit on an SQLAlchemy session (never commits)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from proxisante.planning.scenarios.workbench import StoredScenario
from proxisante.store.audit import record_audit
from proxisante.store.workbench.models import WorkbenchScenarioRow


class SqlScenarioStore:
    def __init__(self, session: Session) -> None:
        self.s = session

    def add(self, row: StoredScenario) -> int:
        new = WorkbenchScenarioRow(
            user_id=row.user_id,
            territory=row.territory,
            name=row.name,
            changes=row.changes,
            result=row.result,
            created_at=row.created_at,
        )
        self.s.add(new)
        self.s.flush()
        return int(new.id)

    def for_area(self, user_id: int, territory: str) -> list[StoredScenario]:
        q = (
            select(WorkbenchScenarioRow)
            .where(
                WorkbenchScenarioRow.user_id == user_id,
                WorkbenchScenarioRow.territory == territory,
            )
            .order_by(WorkbenchScenarioRow.id)
        )
        return [_stored(r) for r in self.s.scalars(q)]

    def get(self, user_id: int, scenario_id: int) -> StoredScenario | None:
        row = self.s.get(WorkbenchScenarioRow, scenario_id)
        return None if row is None or row.user_id != user_id else _stored(row)

    def delete(self, user_id: int, scenario_id: int) -> bool:
        result = self.s.execute(
            delete(WorkbenchScenarioRow).where(
                WorkbenchScenarioRow.id == scenario_id, WorkbenchScenarioRow.user_id == user_id
            )
        )
        return bool(getattr(result, "rowcount", 0))


class SqlWorkbenchAudit:
    """Audit events of the workbench (who, when, which scenario and area; no personal data)."""

    def __init__(
        self,
        session: Session,
        now: Callable[[], datetime],
        user_id: int,
        role: str,
        territory_id: str | None,
    ) -> None:
        self.s, self.now = session, now
        self.user_id, self.role, self.territory_id = user_id, role, territory_id

    def record(self, action: str, detail: str) -> None:
        record_audit(
            self.s,
            at=self.now(),
            user_id=self.user_id,
            role=self.role,
            action=action,
            territory_id=self.territory_id,
            detail=detail,
        )


def _stored(r: WorkbenchScenarioRow) -> StoredScenario:
    return StoredScenario(r.id, r.user_id, r.territory, r.name, r.changes, r.result, r.created_at)
