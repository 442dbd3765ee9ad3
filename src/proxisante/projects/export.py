"""Projects and their indicators as plain rows (CSV) or JSON-ready values."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from proxisante.projects.evaluation import Evaluation
from proxisante.projects.model import Figures, Project, Snapshot

FIGURE_COLUMNS = (
    "population",
    "apl_official",
    "apl_computed",
    "gp_liberal",
    "population_beyond_30_min",
    "waiting",
)
PROJECT_COLUMNS = (
    "id",
    "territory_id",
    "title",
    "kind",
    "stage",
    "nature",
    "status",
    "area_code",
    "area_name",
    "lead",
    "start",
    "end",
    "budget_eur",
    "public",
    "milestones",
    "milestones_done",
)


@dataclass(frozen=True)
class ProjectRecord:
    project: Project
    snapshots: tuple[Snapshot, ...]
    evaluation: Evaluation


def _project_cells(p: Project) -> list[Any]:
    d = p.draft
    return [
        p.id,
        p.territory_id,
        d.title,
        d.kind.value,
        d.stage.value,
        d.nature.value,
        p.status.value,
        d.area.code or "",
        d.area.name,
        d.lead,
        d.start or "",
        d.end or "",
        "" if d.budget_eur is None else d.budget_eur,
        "oui" if d.public else "non",
        len(d.milestones),
        sum(m.done for m in d.milestones),
    ]


def _figure_cells(f: Figures | None) -> list[Any]:
    if f is None:
        return [""] * len(FIGURE_COLUMNS)
    return ["" if getattr(f, k) is None else getattr(f, k) for k in FIGURE_COLUMNS]


def to_csv(records: Sequence[ProjectRecord]) -> str:
    """One line per project and snapshot month (a project without snapshot: one line)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([*PROJECT_COLUMNS, "month", *FIGURE_COLUMNS])
    for r in records:
        snaps: Sequence[Snapshot | None] = r.snapshots or (None,)
        for s in snaps:
            writer.writerow(
                [
                    *_project_cells(r.project),
                    s.month if s else "",
                    *_figure_cells(s.area if s else None),
                ]
            )
    return buf.getvalue()


def to_json(records: Sequence[ProjectRecord]) -> list[dict[str, Any]]:
    return [
        {
            "project": asdict(r.project),
            "snapshots": [asdict(s) for s in r.snapshots],
            "evaluation": asdict(r.evaluation),
        }
        for r in records
    ]
