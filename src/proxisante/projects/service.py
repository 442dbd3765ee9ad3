"""The project use cases, written once for the API, the pages and the CLI.

Roles: coordinators and analysts of a registry territory manage its projects (and an
administrator every project); elected officials read them; anyone reads the projects marked
public. Every change writes an audit event (identifiers only).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from proxisante.actor import Actor
from proxisante.disclosure import Audience, audience_of, closed_month_end
from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.projects import views
from proxisante.projects.evaluation import Evaluation
from proxisante.projects.figures import NOTES, FigureSource
from proxisante.projects.model import (
    Milestone,
    Project,
    Snapshot,
    Stage,
    Status,
    StatusChange,
)
from proxisante.projects.ports import AuditLog, ProjectQuery, ProjectRepository, Registry
from proxisante.projects.validate import (
    AreaResolver,
    MilestoneInput,
    ProjectInput,
    ProjectInputError,
    check_milestone,
    validate,
)
from proxisante.projects.views import ProjectIndicators

REGISTRY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
MANAGERS = frozenset({"coordinator", "analyst", "admin"})
READERS = MANAGERS | {"elected"}


class ProjectNotFoundError(UserError):
    """No such project, or one outside the caller's territory (its existence is not disclosed)."""

    def __init__(self, project_id: int) -> None:
        super().__init__(_("Projet {id} introuvable.").format(id=project_id))


class ProjectForbiddenError(UserError):
    def __init__(self, role: str, action: str) -> None:
        super().__init__(
            _(
                "Action réservée à la coordination et aux analystes du territoire ({action}) ; "
                "votre rôle : {role}."
            ).format(action=action, role=role)
        )


SYSTEM = Actor(None, "admin", None)


def _anonymous(project: Project) -> Project:
    """A public project: who changed its stage (user ids) is not published."""
    return replace(project, history=tuple(replace(h, user_id=None) for h in project.history))


class ProjectService:
    def __init__(
        self,
        *,
        repo: ProjectRepository,
        audit: AuditLog,
        registry: Registry,
        figures: FigureSource,
        areas: AreaResolver,
        clock: Callable[[], datetime],
    ) -> None:
        self.repo, self.audit, self.registry = repo, audit, registry
        self.figures, self.areas, self.clock = figures, areas, clock

    # -- access rules ----------------------------------------------------------------------

    def _load(self, actor: Actor, project_id: int, *, manage: bool) -> Project:
        allowed = MANAGERS if manage else READERS
        if actor.role not in allowed:
            raise ProjectForbiddenError(actor.role, _("gérer un projet") if manage else _("lire"))
        project = self.repo.get(project_id)
        if project is None or not (
            actor.role == "admin" or actor.territory_id == project.territory_id
        ):
            raise ProjectNotFoundError(project_id)
        return project

    def _record(self, actor: Actor, action: str, project: Project, detail: str = "") -> None:
        self.audit.record(
            at=self.clock(),
            user_id=actor.user_id,
            role=actor.role if actor.user_id is not None else "system",
            action=action,
            territory_id=project.territory_id,
            detail=f"project {project.id}" + (f" {detail}" if detail else ""),
        )

    # -- reading ---------------------------------------------------------------------------

    def require_manager(self, actor: Actor) -> None:
        if actor.role not in MANAGERS:
            raise ProjectForbiddenError(actor.role, _("gérer un projet"))

    def get(self, actor: Actor, project_id: int) -> Project:
        return self._load(actor, project_id, manage=False)

    def _within(self, territory: str | None) -> frozenset[str] | None:
        if not territory:
            return None
        try:
            return frozenset(self.areas.resolve(territory, ()).communes)
        except UserError as exc:
            raise ProjectInputError([_("filtre territoire : {error}").format(error=exc)]) from None

    def find(self, actor: Actor, *, territory: str | None = None) -> list[Project]:
        """The projects the actor may read, optionally those meeting a territory code."""
        if actor.role not in READERS:
            raise ProjectForbiddenError(actor.role, _("lire"))
        scope = None if actor.role == "admin" else frozenset({actor.territory_id or ""})
        return self.repo.find(ProjectQuery(territory_ids=scope, communes=self._within(territory)))

    def find_public(self, *, territory: str | None = None) -> list[Project]:
        found = self.repo.find(ProjectQuery(public_only=True, communes=self._within(territory)))
        return [_anonymous(p) for p in found]

    def public_get(self, project_id: int) -> Project:
        project = self.repo.get(project_id)
        if project is None or not project.draft.public:
            raise ProjectNotFoundError(project_id)
        return _anonymous(project)

    def indicators(self, actor: Actor | None, project_id: int) -> ProjectIndicators:
        """The project's snapshots and evaluation as ``actor`` may see them (``None``: the
        public): exact for the coordination of its territory and administrators, published
        (small counts hidden) for everyone else (:mod:`proxisante.projects.views`)."""
        if actor is None:
            project, audience = self.public_get(project_id), Audience.PUBLISHED
        else:
            project = self._load(actor, project_id, manage=False)
            own = actor.territory_id == project.territory_id
            audience = audience_of(actor.role, own_territory=own)
        return views.indicators(project, audience, self.repo, self.registry)

    def snapshots(self, actor: Actor | None, project_id: int) -> list[Snapshot]:
        return list(self.indicators(actor, project_id).snapshots)

    def evaluation(self, actor: Actor | None, project_id: int) -> Evaluation:
        return self.indicators(actor, project_id).evaluation

    def published_records(self, projects: list[Project]) -> list[ProjectIndicators]:
        """What an export writes: every project's published indicators (an export leaves the
        system, so the small-count rule applies whoever runs it)."""
        return [views.indicators(p, Audience.PUBLISHED, self.repo, self.registry) for p in projects]

    # -- changes ---------------------------------------------------------------------------

    def create(self, actor: Actor, data: ProjectInput, territory_id: str | None = None) -> Project:
        if actor.role not in MANAGERS:
            raise ProjectForbiddenError(actor.role, _("créer un projet"))
        tid = actor.territory_id if actor.role != "admin" else territory_id
        if not tid or not REGISTRY_ID.fullmatch(tid) or not self.registry.territory_exists(tid):
            raise ProjectInputError(
                [
                    _(
                        "territoire du registre {id} inconnu : attendu l'identifiant d'un "
                        "territoire du registre (p. ex. cpts-vichy-demo)"
                    ).format(id=repr(tid))
                ]
            )
        draft = validate(data, self.areas)
        now = self.clock()
        comparables = [c.code for c in self.figures.comparables(draft.area)]
        change = StatusChange(now, draft.stage, Status.EN_COURS, actor.user_id, "création")
        project = self.repo.add(
            territory_id=tid, draft=draft, change=change, now=now, comparables=comparables
        )
        self._record(actor, "project.create", project, draft.kind.value)
        self._take_snapshot(actor, project)
        return project

    def update(self, actor: Actor, project_id: int, data: ProjectInput) -> Project:
        project = self._load(actor, project_id, manage=True)
        draft = validate(replace(data, milestones=()), self.areas)
        end = draft.end
        late = [m for m in project.draft.milestones if end is not None and m.due > end]
        if late:
            raise ProjectInputError(
                [
                    _(
                        "fin {end} avant l'échéance du jalon « {title} » ({due}) : "
                        "attendu une fin au plus tôt le {due}"
                    ).format(end=end.isoformat(), title=m.title, due=m.due.isoformat())
                    for m in late
                    if end is not None
                ]
            )
        draft = replace(draft, milestones=project.draft.milestones)
        updated = self.repo.replace(project_id, draft, self.clock())
        if draft.stage != project.stage:
            self._change(actor, updated, draft.stage, project.status, "")
        self._record(actor, "project.update", updated)
        return self.repo.get(project_id) or updated

    def add_milestone(self, actor: Actor, project_id: int, data: MilestoneInput) -> Milestone:
        project = self._load(actor, project_id, manage=True)
        milestone = check_milestone(data, project.draft.end)
        stored = self.repo.add_milestone(project_id, milestone, self.clock())
        self._record(actor, "project.milestone.add", project, f"milestone {stored.id}")
        return stored

    def set_milestone_done(
        self, actor: Actor, project_id: int, milestone_id: int, done: bool = True
    ) -> None:
        project = self._load(actor, project_id, manage=True)
        if not self.repo.set_milestone_done(project_id, milestone_id, done, self.clock()):
            raise UserError(
                _("Jalon {mid} introuvable dans le projet {pid}.").format(
                    mid=milestone_id, pid=project_id
                )
            )
        self._record(actor, "project.milestone.done", project, f"milestone {milestone_id}")

    def change_status(
        self, actor: Actor, project_id: int, stage: str, status: str, note: str = ""
    ) -> Project:
        project = self._load(actor, project_id, manage=True)
        problems = []
        if stage not in {s.value for s in Stage}:
            problems.append(
                _("stade {value} inconnu : attendu l'un de {allowed}").format(
                    value=repr(stage), allowed=", ".join(s.value for s in Stage)
                )
            )
        if status not in {s.value for s in Status}:
            problems.append(
                _("statut {value} inconnu : attendu l'un de {allowed}").format(
                    value=repr(status), allowed=", ".join(s.value for s in Status)
                )
            )
        if len(note) > 200:
            problems.append(
                _("{name} trop long ({n} caractères, au plus {limit})").format(
                    name=_("note"), n=len(note), limit=200
                )
            )
        if problems:
            raise ProjectInputError(problems)
        self._change(actor, project, Stage(stage), Status(status), " ".join(note.split()))
        return self.repo.get(project_id) or project

    def _change(
        self, actor: Actor, project: Project, stage: Stage, status: Status, note: str
    ) -> None:
        change = StatusChange(self.clock(), stage, status, actor.user_id, note)
        self.repo.change_status(project.id, change)
        self._record(actor, "project.status", project, f"{stage.value}/{status.value}")

    # -- indicators ------------------------------------------------------------------------

    def snapshot(self, actor: Actor, project_id: int) -> Snapshot | None:
        """This month's snapshot of a project's indicators, as ``actor`` may see it (an analyst
        takes it, the small-count rule still applies); None when it already exists."""
        project = self._load(actor, project_id, manage=True)
        taken = self._take_snapshot(actor, project)
        own = actor.territory_id == project.territory_id
        if taken is None or audience_of(actor.role, own_territory=own) is Audience.EXACT:
            return taken
        return views.published(project, taken, self.repo, self.registry)

    def snapshot_all(self, actor: Actor = SYSTEM) -> list[tuple[int, bool]]:
        """The monthly job: every project gets this month's snapshot once (idempotent)."""
        return [
            (pid, self._take_snapshot(actor, project) is not None)
            for pid in self.repo.ids()
            if (project := self.repo.get(pid)) is not None
        ]

    def _take_snapshot(self, actor: Actor, project: Project) -> Snapshot | None:
        now = self.clock()
        month = now.strftime("%Y-%m")
        if any(s.month == month for s in self.repo.snapshots(project.id)):
            return None
        area = project.draft.area
        waiting = self.registry.waiting(project.territory_id, area.communes, closed_month_end(now))
        figures = replace(self.figures.figures(area.communes), waiting=waiting)
        comparables = tuple(self.figures.area_figures(code) for code in project.comparables)
        snap = Snapshot(month, now, figures, comparables, NOTES)
        self.repo.add_snapshot(project.id, snap, area.communes)
        self._record(actor, "project.snapshot", project, month)
        return snap
