"""What the project use cases need from the outside: storage, audit, the registry, a clock."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from proxisante.projects.model import Milestone, Project, ProjectDraft, Snapshot, StatusChange


@dataclass(frozen=True)
class ProjectQuery:
    territory_ids: frozenset[str] | None = None  # None: every registry territory
    public_only: bool = False
    communes: frozenset[str] | None = None  # projects whose area meets these communes
    area_code: str | None = None  # projects whose area is exactly this code


@dataclass(frozen=True)
class SnapshotRecord:
    """A stored snapshot with its project and the communes its figures were computed on."""

    project_id: int
    communes: tuple[str, ...]
    snapshot: Snapshot


class ProjectRepository(Protocol):
    def add(
        self,
        *,
        territory_id: str,
        draft: ProjectDraft,
        change: StatusChange,
        now: datetime,
        comparables: Sequence[str],
    ) -> Project: ...

    def get(self, project_id: int) -> Project | None: ...

    def find(self, query: ProjectQuery) -> list[Project]: ...

    def replace(self, project_id: int, draft: ProjectDraft, now: datetime) -> Project: ...

    def add_milestone(self, project_id: int, milestone: Milestone, now: datetime) -> Milestone: ...

    def set_milestone_done(
        self, project_id: int, milestone_id: int, done: bool, now: datetime
    ) -> bool: ...

    def change_status(self, project_id: int, change: StatusChange) -> None: ...

    def snapshots(self, project_id: int) -> list[Snapshot]: ...

    def add_snapshot(
        self, project_id: int, snapshot: Snapshot, communes: Sequence[str]
    ) -> None: ...

    def month_snapshots(self, territory_id: str, month: str) -> list[SnapshotRecord]:
        """The snapshots of ``month`` of every project of the registry territory (public or
        not), in the order they were taken."""
        ...

    def ids(self) -> list[int]: ...


class AuditLog(Protocol):
    """The registry's audit events (identifiers only, never personal data)."""

    def record(
        self,
        *,
        at: datetime,
        user_id: int | None,
        role: str | None,
        action: str,
        territory_id: str | None,
        detail: str,
    ) -> None: ...


class Registry(Protocol):
    """The registry territories (who manages a project) and their waiting lists."""

    def territory_exists(self, territory_id: str) -> bool: ...

    def communes(self, territory_id: str) -> frozenset[str]:
        """The communes of the registry territory (its requests live there)."""
        ...

    def waiting(self, territory_id: str, communes: Sequence[str] | None, at: datetime) -> int:
        """The territory's counted requests (no anonymous self-registration) waiting at ``at``,
        in ``communes`` (``None``: all): the same figure as its published monthly report."""
        ...
