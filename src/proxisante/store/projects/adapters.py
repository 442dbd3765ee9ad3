"""The registry seen by the projects: audit events, territories, waiting counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from proxisante.store.audit import record_audit
from proxisante.store.registry.models import PatientRow, TerritoryRow

if TYPE_CHECKING:
    from proxisante.projects.service import ProjectService

WAITING_STATUSES = ("waiting", "proposed")


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
    def __init__(self, session: Session) -> None:
        self.s = session

    def territory_exists(self, territory_id: str) -> bool:
        return self.s.get(TerritoryRow, territory_id) is not None

    def waiting(self, territory_id: str, communes: Sequence[str]) -> int:
        stmt = select(func.count(PatientRow.id)).where(
            PatientRow.territory_id == territory_id,
            PatientRow.status.in_(WAITING_STATUSES),
            PatientRow.commune_code.in_(list(communes)),
        )
        return int(self.s.scalar(stmt) or 0)


def project_service(session: Session, clock: Callable[[], datetime]) -> ProjectService:
    """The project use cases on this session, with the embedded bundle's figures."""
    from proxisante.projects.figures import BundleAreas, BundleFigures
    from proxisante.projects.service import ProjectService
    from proxisante.store.projects.repository import SqlProjects
    from proxisante.territory import load_territory

    terr = load_territory()
    return ProjectService(
        repo=SqlProjects(session),
        audit=SqlAudit(session),
        registry=SqlRegistry(session),
        figures=BundleFigures(terr),
        areas=BundleAreas(terr),
        clock=clock,
    )
