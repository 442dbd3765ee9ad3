"""SQL implementation of :class:`proxisante.projects.ports.ProjectRepository` (persistence only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.projects.model import (
    Area,
    AreaFigures,
    Document,
    Figures,
    Funder,
    Kind,
    Milestone,
    Nature,
    Project,
    ProjectDraft,
    Snapshot,
    Stage,
    Status,
    StatusChange,
)
from proxisante.projects.ports import ProjectQuery, SnapshotRecord
from proxisante.store.projects.models import (
    MilestoneRow,
    ProjectRow,
    SnapshotRow,
    StatusChangeRow,
)


def _draft_columns(draft: ProjectDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "kind": draft.kind.value,
        "area_code": draft.area.code,
        "area_name": draft.area.name,
        "communes": ",".join(draft.area.communes),
        "lead": draft.lead,
        "stage": draft.stage.value,
        "nature": draft.nature.value,
        "start_date": draft.start,
        "end_date": draft.end,
        "partners": list(draft.partners),
        "budget_eur": draft.budget_eur,
        "funders": [asdict(f) for f in draft.funders],
        "documents": [asdict(d) for d in draft.documents],
        "public": draft.public,
        "summary": draft.summary,
    }


def _figures(data: dict[str, Any]) -> Figures:
    return Figures(**data)


def _snapshot(row: SnapshotRow) -> Snapshot:
    data = row.figures
    return Snapshot(
        month=row.month,
        taken_at=row.taken_at,
        area=_figures(data["area"]),
        comparables=tuple(
            AreaFigures(c["code"], c["name"], _figures(c["figures"])) for c in data["comparables"]
        ),
        notes=tuple(data.get("notes", ())),
    )


class SqlProjects:
    """Projects in the application database, through one session (the caller commits)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def _to_project(self, row: ProjectRow) -> Project:
        milestones = self.s.scalars(
            select(MilestoneRow)
            .where(MilestoneRow.project_id == row.id)
            .order_by(MilestoneRow.due, MilestoneRow.id)
        )
        changes = self.s.scalars(
            select(StatusChangeRow)
            .where(StatusChangeRow.project_id == row.id)
            .order_by(StatusChangeRow.at, StatusChangeRow.id)
        )
        draft = ProjectDraft(
            title=row.title,
            kind=Kind(row.kind),
            area=Area(row.area_code, tuple(c for c in row.communes.split(",") if c), row.area_name),
            lead=row.lead,
            stage=Stage(row.stage),
            nature=Nature(row.nature),
            start=row.start_date,
            end=row.end_date,
            partners=tuple(row.partners),
            milestones=tuple(Milestone(m.title, m.due, m.owner, m.done, m.id) for m in milestones),
            budget_eur=row.budget_eur,
            funders=tuple(Funder(**f) for f in row.funders),
            documents=tuple(Document(**d) for d in row.documents),
            public=row.public,
            summary=row.summary,
        )
        return Project(
            id=row.id,
            territory_id=row.territory_id,
            draft=draft,
            status=Status(row.status),
            created_at=row.created_at,
            updated_at=row.updated_at,
            history=tuple(
                StatusChange(c.at, Stage(c.stage), Status(c.status), c.user_id, c.note)
                for c in changes
            ),
            comparables=tuple(row.comparables),
        )

    def add(
        self,
        *,
        territory_id: str,
        draft: ProjectDraft,
        change: StatusChange,
        now: datetime,
        comparables: Sequence[str],
    ) -> Project:
        row = ProjectRow(
            territory_id=territory_id,
            status=change.status.value,
            comparables=list(comparables),
            created_at=now,
            updated_at=now,
            **_draft_columns(draft),
        )
        self.s.add(row)
        self.s.flush()
        for m in draft.milestones:
            self.add_milestone(row.id, m, now)
        self.change_status(row.id, change)
        self.s.flush()
        return self._to_project(row)

    def get(self, project_id: int) -> Project | None:
        row = self.s.get(ProjectRow, project_id)
        return None if row is None else self._to_project(row)

    def find(self, query: ProjectQuery) -> list[Project]:
        stmt = select(ProjectRow).order_by(ProjectRow.id)
        if query.territory_ids is not None:
            stmt = stmt.where(ProjectRow.territory_id.in_(sorted(query.territory_ids)))
        if query.public_only:
            stmt = stmt.where(ProjectRow.public.is_(True))
        if query.area_code is not None:
            stmt = stmt.where(ProjectRow.area_code == query.area_code)
        rows = list(self.s.scalars(stmt))
        if query.communes is not None:
            wanted = query.communes
            rows = [r for r in rows if wanted.intersection(r.communes.split(","))]
        return [self._to_project(r) for r in rows]

    def replace(self, project_id: int, draft: ProjectDraft, now: datetime) -> Project:
        row = self.s.get(ProjectRow, project_id)
        if row is None:  # the service loaded it in the same transaction
            raise InternalError(
                _("projet {id} disparu pendant sa propre transaction").format(id=project_id)
            )
        for key, value in _draft_columns(draft).items():
            setattr(row, key, value)
        row.updated_at = now
        self.s.flush()
        return self._to_project(row)

    def add_milestone(self, project_id: int, milestone: Milestone, now: datetime) -> Milestone:
        row = MilestoneRow(
            project_id=project_id,
            title=milestone.title,
            due=milestone.due,
            owner=milestone.owner,
            done=milestone.done,
            done_at=now if milestone.done else None,
        )
        self.s.add(row)
        self.s.flush()
        return Milestone(row.title, row.due, row.owner, row.done, row.id)

    def set_milestone_done(
        self, project_id: int, milestone_id: int, done: bool, now: datetime
    ) -> bool:
        row = self.s.get(MilestoneRow, milestone_id)
        if row is None or row.project_id != project_id:
            return False
        row.done, row.done_at = done, now if done else None
        self.s.flush()
        return True

    def change_status(self, project_id: int, change: StatusChange) -> None:
        row = self.s.get(ProjectRow, project_id)
        if row is not None:
            row.stage, row.status, row.updated_at = (
                change.stage.value,
                change.status.value,
                change.at,
            )
        self.s.add(
            StatusChangeRow(
                project_id=project_id,
                at=change.at,
                stage=change.stage.value,
                status=change.status.value,
                user_id=change.user_id,
                note=change.note,
            )
        )
        self.s.flush()

    def snapshots(self, project_id: int) -> list[Snapshot]:
        rows = self.s.scalars(
            select(SnapshotRow)
            .where(SnapshotRow.project_id == project_id)
            .order_by(SnapshotRow.month)
        )
        return [_snapshot(r) for r in rows]

    def add_snapshot(self, project_id: int, snapshot: Snapshot, communes: Sequence[str]) -> None:
        self.s.add(
            SnapshotRow(
                project_id=project_id,
                month=snapshot.month,
                taken_at=snapshot.taken_at,
                figures={
                    "area": asdict(snapshot.area),
                    "comparables": [asdict(c) for c in snapshot.comparables],
                    "notes": list(snapshot.notes),
                    "communes": list(communes),  # the perimeter of the waiting count
                },
            )
        )
        self.s.flush()

    def month_snapshots(self, territory_id: str, month: str) -> list[SnapshotRecord]:
        rows = self.s.execute(
            select(SnapshotRow, ProjectRow.communes)
            .join(ProjectRow, ProjectRow.id == SnapshotRow.project_id)
            .where(ProjectRow.territory_id == territory_id, SnapshotRow.month == month)
            .order_by(SnapshotRow.taken_at, SnapshotRow.id)
        )
        return [
            SnapshotRecord(
                row.project_id,
                # snapshots taken before their perimeter was stored: the project's area
                tuple(row.figures.get("communes") or (c for c in communes.split(",") if c)),
                _snapshot(row),
            )
            for row, communes in rows
        ]

    def ids(self) -> list[int]:
        return list(self.s.scalars(select(ProjectRow.id).order_by(ProjectRow.id)))

    def count(self) -> int:
        return int(self.s.scalar(select(func.count(ProjectRow.id))) or 0)
