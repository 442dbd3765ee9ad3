"""Territorial health projects: JSON API (``/api/v1/projects``…) over the project service."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from proxisante.actor import Actor
from proxisante.bootstrap.services import project_service
from proxisante.projects.evaluation import Evaluation
from proxisante.projects.model import Milestone, Project, Snapshot
from proxisante.projects.service import (
    ProjectForbiddenError,
    ProjectNotFoundError,
    ProjectService,
)
from proxisante.projects.validate import (
    DocumentInput,
    FunderInput,
    MilestoneInput,
    ProjectInput,
)
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now, Principal, Provider, User
from proxisante.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["projects"], route_class=TransactionRoute)
Pid = Annotated[int, Path(ge=1, le=2**31 - 1)]
Mid = Annotated[int, Path(ge=1, le=2**31 - 1)]
Short = Annotated[str, Field(max_length=300)]
Long = Annotated[str, Field(max_length=4000)]


class MilestoneBody(BaseModel):
    title: Short = ""
    due: Short = Field("", description="AAAA-MM-JJ", examples=["2027-03-31"])
    owner: Short = ""
    done: bool = False

    def to_input(self) -> MilestoneInput:
        return MilestoneInput(self.title, self.due, self.owner, self.done)


class FunderBody(BaseModel):
    name: Short = ""
    amount_eur: Short = ""


class DocumentBody(BaseModel):
    title: Short = ""
    url: Short = ""


class ProjectBody(BaseModel):
    """A project as sent: every value is checked by the service (French messages, 400)."""

    title: Short = ""
    kind: Short = Field("", examples=["msp"])
    territory: Short = Field("", description="code de territoire", examples=["200071470"])
    communes: list[Short] = Field(default_factory=list, max_length=2000)
    lead: Short = ""
    stage: Short = "initiative"
    nature: Short = Field("", examples=["immobilier"])
    start: Short = ""
    end: Short = ""
    partners: list[Short] = Field(default_factory=list, max_length=200)
    milestones: list[MilestoneBody] = Field(default_factory=list, max_length=200)
    budget_eur: Short = ""
    funders: list[FunderBody] = Field(default_factory=list, max_length=200)
    documents: list[DocumentBody] = Field(default_factory=list, max_length=200)
    public: bool = False
    summary: Long = ""
    territory_id: Short | None = Field(
        None, description="territoire du registre (administrateurs seulement)"
    )

    def to_input(self) -> ProjectInput:
        return ProjectInput(
            title=self.title,
            kind=self.kind,
            territory=self.territory,
            communes=tuple(self.communes),
            lead=self.lead,
            stage=self.stage,
            nature=self.nature,
            start=self.start,
            end=self.end,
            partners=tuple(self.partners),
            milestones=tuple(m.to_input() for m in self.milestones),
            budget_eur=self.budget_eur,
            funders=tuple(FunderInput(f.name, f.amount_eur) for f in self.funders),
            documents=tuple(DocumentInput(d.title, d.url) for d in self.documents),
            public=self.public,
            summary=self.summary,
        )


class StatusBody(BaseModel):
    stage: Short
    status: Short = "en-cours"
    note: Short = ""


class DoneBody(BaseModel):
    done: bool = True


def actor(user: Principal) -> Actor:
    return Actor(user.user_id, user.role, user.territory_id)


@contextmanager
def http_errors() -> Iterator[None]:
    """The service's refusals as HTTP statuses (404 hides other territories' projects)."""
    try:
        yield
    except ProjectNotFoundError as exc:
        raise ApiError(404, str(exc)) from None
    except ProjectForbiddenError as exc:
        raise ApiError(403, str(exc)) from None


def service(db: Db, now: Now, provider: Provider) -> ProjectService:
    return project_service(db, lambda: now, provider)


@router.get("/projects", response_model=list[Project])
def list_projects(
    db: Db,
    provider: Provider,
    user: User,
    now: Now,
    territory: Annotated[str | None, Query(max_length=64, examples=["200071470"])] = None,
) -> list[Project]:
    """Projects of the caller's territory; ``territory``: only those meeting that area."""
    with http_errors():
        return service(db, now, provider).find(actor(user), territory=territory)


@router.post("/projects", response_model=Project, status_code=201)
def create_project(body: ProjectBody, db: Db, provider: Provider, user: User, now: Now) -> Project:
    with http_errors():
        project = service(db, now, provider).create(actor(user), body.to_input(), body.territory_id)
    db.commit()
    return project


@router.get("/projects/{pid}", response_model=Project)
def get_project(pid: Pid, db: Db, provider: Provider, user: User, now: Now) -> Project:
    with http_errors():
        return service(db, now, provider).get(actor(user), pid)


@router.put("/projects/{pid}", response_model=Project)
def update_project(
    pid: Pid, body: ProjectBody, db: Db, provider: Provider, user: User, now: Now
) -> Project:
    with http_errors():
        project = service(db, now, provider).update(actor(user), pid, body.to_input())
    db.commit()
    return project


@router.post("/projects/{pid}/milestones", response_model=Milestone, status_code=201)
def add_milestone(
    pid: Pid, body: MilestoneBody, db: Db, provider: Provider, user: User, now: Now
) -> Milestone:
    with http_errors():
        milestone = service(db, now, provider).add_milestone(actor(user), pid, body.to_input())
    db.commit()
    return milestone


@router.post("/projects/{pid}/milestones/{mid}/done", status_code=204)
def milestone_done(
    pid: Pid, mid: Mid, body: DoneBody, db: Db, provider: Provider, user: User, now: Now
) -> None:
    with http_errors():
        service(db, now, provider).set_milestone_done(actor(user), pid, mid, body.done)
    db.commit()


@router.post("/projects/{pid}/status", response_model=Project)
def change_status(
    pid: Pid, body: StatusBody, db: Db, provider: Provider, user: User, now: Now
) -> Project:
    with http_errors():
        project = service(db, now, provider).change_status(
            actor(user), pid, body.stage, body.status, body.note
        )
    db.commit()
    return project


@router.get("/projects/{pid}/snapshots", response_model=list[Snapshot])
def snapshots(pid: Pid, db: Db, provider: Provider, user: User, now: Now) -> list[Snapshot]:
    with http_errors():
        return service(db, now, provider).snapshots(actor(user), pid)


@router.post("/projects/{pid}/snapshots", response_model=Snapshot | None)
def take_snapshot(pid: Pid, db: Db, provider: Provider, user: User, now: Now) -> Snapshot | None:
    """This month's snapshot (``null`` when it already exists: one per month)."""
    with http_errors():
        snap = service(db, now, provider).snapshot(actor(user), pid)
    db.commit()
    return snap


@router.get("/projects/{pid}/evaluation", response_model=Evaluation)
def evaluation(pid: Pid, db: Db, provider: Provider, user: User, now: Now) -> Evaluation:
    """Change since the start beside comparable EPCI: descriptive, not causal."""
    with http_errors():
        return service(db, now, provider).evaluation(actor(user), pid)


@router.get("/public/projects", response_model=list[Project])
def public_projects(
    db: Db,
    provider: Provider,
    now: Now,
    territory: Annotated[str | None, Query(max_length=64)] = None,
) -> list[Project]:
    """Projects marked public (no login)."""
    return service(db, now, provider).find_public(territory=territory)


@router.get("/public/projects/{pid}", response_model=Project)
def public_project(pid: Pid, db: Db, provider: Provider, now: Now) -> Project:
    with http_errors():
        return service(db, now, provider).public_get(pid)
