"""The projects' read side: a project's indicators as each reader may see them, written once.

The stored snapshots hold exact counts (the registry's counted requests waiting at the end of
the month before the snapshot, in the project's communes). The coordination of the project's
territory and administrators read them as stored; every other reader — analysts, elected
officials, the public pages, exports — reads the *published* snapshots
(:class:`proxisante.disclosure.Audience`), where a waiting count is shown only when

- it is 0 or at least 11 (a count from 1 to 10 reads ``"< 11"``), and
- together with the counts of that month already shown for the territory (its whole waiting list,
  which the monthly report publishes, and the other projects' perimeters, public or not, in the
  order their snapshots were taken), it lets no one compute a count from 1 to 10 for any set of
  communes (:func:`proxisante.disclosure.perimeters.publishable`).

The evaluation (change since the first snapshot) is computed from what the reader may see: a
hidden count has no change.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, replace
from datetime import datetime

from proxisante.disclosure import SUPPRESSED, Audience, is_small
from proxisante.disclosure.perimeters import Perimeter, publishable
from proxisante.projects.evaluation import Evaluation, evaluate
from proxisante.projects.model import Project, Snapshot
from proxisante.projects.ports import ProjectRepository, Registry

TERRITORY = "territory"  # the key of the registry territory's own total among the perimeters


@dataclass(frozen=True)
class ProjectIndicators:
    """A project's snapshots and evaluation, as one reader may see them."""

    project: Project
    audience: Audience
    snapshots: tuple[Snapshot, ...]
    evaluation: Evaluation

    @property
    def latest(self) -> Snapshot | None:
        return self.snapshots[-1] if self.snapshots else None


def indicators(
    project: Project, audience: Audience, repo: ProjectRepository, registry: Registry
) -> ProjectIndicators:
    snapshots = repo.snapshots(project.id)
    if audience is Audience.PUBLISHED:
        snapshots = [published(project, s, repo, registry) for s in snapshots]
    return ProjectIndicators(project, audience, tuple(snapshots), evaluate(snapshots))


def published(
    project: Project, snapshot: Snapshot, repo: ProjectRepository, registry: Registry
) -> Snapshot:
    """``snapshot`` with its waiting count hidden where the small-count rule says so."""
    waiting = snapshot.area.waiting
    if not isinstance(waiting, int):
        return snapshot
    if is_small(waiting) or project.id not in shown_perimeters(
        project.territory_id, snapshot.month, repo, registry
    ):
        return replace(snapshot, area=replace(snapshot.area, waiting=SUPPRESSED))
    return snapshot


def shown_perimeters(
    territory_id: str, month: str, repo: ProjectRepository, registry: Registry
) -> frozenset[Hashable]:
    """The projects of the territory whose waiting count of ``month`` may be shown."""
    year, mon = (int(x) for x in month.split("-"))
    territory = registry.communes(territory_id)
    total = registry.waiting(territory_id, None, datetime(year, mon, 1))
    sums = [Perimeter(TERRITORY, territory, total, settled=True)]
    for r in repo.month_snapshots(territory_id, month):
        count = r.snapshot.area.waiting
        if isinstance(count, int):
            sums.append(Perimeter(r.project_id, frozenset(r.communes) & territory, count))
    return publishable(sums)
