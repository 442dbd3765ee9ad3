"""Project pages: public read-only ``/projets`` and ``/projets/{id}``; the territory team's
pages under ``/espace/projets`` (list, create, edit, milestones, stage, snapshot)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.projects import display
from proxisante.projects.model import (
    KIND_LABELS,
    NATURE_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    Project,
)
from proxisante.projects.service import MANAGERS
from proxisante.projects.validate import (
    DocumentInput,
    FunderInput,
    MilestoneInput,
    ProjectInput,
    ProjectInputError,
)
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.projects import actor, http_errors, service
from proxisante.web.deps import Db, Now, PageUser, Principal, Provider, get_provider
from proxisante.web.pages._commune import area_code
from proxisante.web.pages._render import check_csrf, render
from proxisante.web.pages.flash import flash_text, flash_url
from proxisante.web.public._render import render_public

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)
Str = Annotated[str, Form(max_length=4000)]
Strs = Annotated[list[str], Form(max_length=300)]


def _labels() -> dict[str, Any]:
    """Labels of the pages, in the current language."""
    return {
        "kinds": {k: _(v) for k, v in KIND_LABELS.items()},
        "stages": {k: _(v) for k, v in STAGE_LABELS.items()},
        "natures": {k: _(v) for k, v in NATURE_LABELS.items()},
        "statuses": {k: _(v) for k, v in STATUS_LABELS.items()},
        "figure_labels": display.figure_labels(),
        "notes": _,
        "fmt": display,
    }


def _page(request: Request, template: str, user: Principal | None, **ctx: Any) -> Response:
    return render(request, template, user, **_labels(), **ctx)


# -- public ------------------------------------------------------------------------------


@router.get("/projets")
def public_list(
    request: Request, db: Db, provider: Provider, now: Now, territoire: str = ""
) -> Response:
    code = territoire.strip()[:64]
    error = ""
    try:
        projects = service(db, now, provider).find_public(territory=code or None)
    except ProjectInputError as exc:
        projects, error = [], str(exc)
    return render_public(
        request,
        "projects_public.j2",
        N_("Projets de santé des territoires"),
        status_code=400 if error else 200,
        **_labels(),
        projects=projects,
        territoire=code,
        error=error,
    )


@router.get("/projets/{pid}")
def public_detail(request: Request, pid: int, db: Db, provider: Provider, now: Now) -> Response:
    with http_errors():
        view = service(db, now, provider).indicators(None, pid)
    return render_public(
        request,
        "project_public.j2",
        view.project.title,
        **_labels(),
        p=view.project,
        latest=view.latest,
        evaluation=view.evaluation,
    )


# -- the territory's team ----------------------------------------------------------------


@router.get("/espace/projets")
def team_list(request: Request, db: Db, provider: Provider, user: PageUser, now: Now) -> Response:
    with http_errors():
        projects = service(db, now, provider).find(actor(user))
    return _page(
        request,
        "projects_team.html",
        user,
        title=_("Projets du territoire"),
        projects=projects,
        manager=user.role in MANAGERS,
        message=flash_text(request),
    )


def _form_page(
    request: Request, user: Principal, form: ProjectInput, action: str, error: str = ""
) -> Response:
    rows = max(3, len(form.milestones) + 1)
    response = _page(
        request,
        "project_form.html",
        user,
        title=_("Projet"),
        form=form,
        action=action,
        milestone_rows=rows,
        error=error,
    )
    if error:
        response.status_code = 400
    return response


@router.get("/espace/projets/nouveau")
def new_form(request: Request, db: Db, provider: Provider, user: PageUser, now: Now) -> Response:
    with http_errors():
        service(db, now, provider).require_manager(actor(user))
    return _form_page(request, user, ProjectInput(), "/espace/projets/nouveau")


def form_input(
    title: Str = "",
    kind: Str = "",
    territory: Str = "",
    communes: Str = "",
    lead: Str = "",
    stage: Str = "initiative",
    nature: Str = "",
    start: Str = "",
    end: Str = "",
    partners: Str = "",
    budget_eur: Str = "",
    summary: Str = "",
    public: Str = "",
    ms_title: Strs | None = None,
    ms_due: Strs | None = None,
    ms_owner: Strs | None = None,
    funder_name: Strs | None = None,
    funder_amount: Strs | None = None,
    doc_title: Strs | None = None,
    doc_url: Strs | None = None,
) -> ProjectInput:
    def pairs(*cols: list[str] | None) -> list[tuple[str, ...]]:
        lists = [c or [] for c in cols]
        n = max(len(c) for c in lists)
        return [tuple(c[i] if i < len(c) else "" for c in lists) for i in range(n)]

    return ProjectInput(
        title=title,
        kind=kind,
        territory=area_code(territory),
        communes=tuple(area_code(c) for c in communes.replace(";", ",").split(",") if c.strip()),
        lead=lead,
        stage=stage,
        nature=nature,
        start=start,
        end=end,
        partners=tuple(x for x in partners.splitlines() if x.strip()),
        milestones=tuple(MilestoneInput(t, d, o) for t, d, o in pairs(ms_title, ms_due, ms_owner)),
        budget_eur=budget_eur,
        funders=tuple(FunderInput(n, a) for n, a in pairs(funder_name, funder_amount)),
        documents=tuple(DocumentInput(t, u) for t, u in pairs(doc_title, doc_url)),
        public=public in ("on", "1", "true", "oui"),
        summary=summary,
    )


FormInput = Annotated[ProjectInput, Depends(form_input)]
Csrf = Annotated[str, Form(max_length=200)]


def _done(pid: int, key: str) -> Response:
    """Back to the project's page with the confirmation ``key`` (:mod:`.flash`)."""
    return RedirectResponse(flash_url(f"/espace/projets/{pid}", key), status_code=303)


@router.post("/espace/projets/nouveau")
def create(
    request: Request,
    db: Db,
    provider: Provider,
    user: PageUser,
    now: Now,
    form: FormInput,
    csrf: Csrf = "",
) -> Response:
    check_csrf(request, user, csrf)
    try:
        with http_errors():
            project = service(db, now, provider).create(actor(user), form)
    except ProjectInputError as exc:
        db.rollback()
        return _form_page(request, user, form, "/espace/projets/nouveau", str(exc))
    db.commit()
    return _done(project.id, "project-created")


def _as_input(p: Project) -> ProjectInput:
    d = p.draft
    return ProjectInput(
        title=d.title,
        kind=d.kind.value,
        territory=d.area.code or "",
        communes=() if d.area.code else d.area.communes,
        lead=d.lead,
        stage=d.stage.value,
        nature=d.nature.value,
        start=d.start.isoformat() if d.start else "",
        end=d.end.isoformat() if d.end else "",
        partners=d.partners,
        budget_eur="" if d.budget_eur is None else str(d.budget_eur),
        funders=tuple(
            FunderInput(f.name, "" if f.amount_eur is None else str(f.amount_eur))
            for f in d.funders
        ),
        documents=tuple(DocumentInput(x.title, x.url) for x in d.documents),
        public=d.public,
        summary=d.summary,
    )


@router.get("/espace/projets/{pid}")
def team_detail(
    request: Request, pid: int, db: Db, provider: Provider, user: PageUser, now: Now
) -> Response:
    return _detail(request, pid, db, provider, user, now, message=flash_text(request))


def _detail(
    request: Request,
    pid: int,
    db: Db,
    provider: Provider,
    user: Principal,
    now: datetime,
    message: str = "",
    error: str = "",
) -> Response:
    with http_errors():
        view = service(db, now, provider).indicators(actor(user), pid)
    response = _page(
        request,
        "project_team.html",
        user,
        title=view.project.title,
        p=view.project,
        snapshots=view.snapshots,
        evaluation=view.evaluation,
        manager=user.role in MANAGERS,
        message=message,
        error=error,
    )
    if error:
        response.status_code = 400
    return response


@router.get("/espace/projets/{pid}/modifier")
def edit_form(
    request: Request, pid: int, db: Db, provider: Provider, user: PageUser, now: Now
) -> Response:
    svc = service(db, now, provider)
    with http_errors():
        svc.require_manager(actor(user))
        project = svc.get(actor(user), pid)
    return _form_page(request, user, _as_input(project), f"/espace/projets/{pid}/modifier")


@router.post("/espace/projets/{pid}/modifier")
def edit(
    request: Request,
    pid: int,
    db: Db,
    provider: Provider,
    user: PageUser,
    now: Now,
    form: FormInput,
    csrf: Csrf = "",
) -> Response:
    check_csrf(request, user, csrf)
    try:
        with http_errors():
            service(db, now, provider).update(actor(user), pid, form)
    except ProjectInputError as exc:
        db.rollback()
        return _form_page(request, user, form, f"/espace/projets/{pid}/modifier", str(exc))
    db.commit()
    return _done(pid, "project-changed")


def _act(
    request: Request, db: Db, user: Principal, csrf: str, pid: int, run: Callable[[], str]
) -> Response:
    """Run one change; a refused input comes back on the project page (400), nothing stored."""
    check_csrf(request, user, csrf)
    try:
        with http_errors():
            key = run()
    except UserError as exc:
        db.rollback()
        return _detail(
            request, pid, db, get_provider(request), user, request.app.state.clock(), error=str(exc)
        )
    db.commit()
    return _done(pid, key)


@router.post("/espace/projets/{pid}/jalons")
def add_milestone(
    request: Request,
    pid: int,
    db: Db,
    provider: Provider,
    user: PageUser,
    now: Now,
    title: Str = "",
    due: Str = "",
    owner: Str = "",
    csrf: Csrf = "",
) -> Response:
    svc = service(db, now, provider)

    def run() -> str:
        svc.add_milestone(actor(user), pid, MilestoneInput(title, due, owner))
        return "milestone-added"

    return _act(request, db, user, csrf, pid, run)


@router.post("/espace/projets/{pid}/jalons/{mid}/fait")
def milestone_done(
    request: Request,
    pid: int,
    mid: int,
    db: Db,
    provider: Provider,
    user: PageUser,
    now: Now,
    done: Str = "1",
    csrf: Csrf = "",
) -> Response:
    svc = service(db, now, provider)

    def run() -> str:
        svc.set_milestone_done(actor(user), pid, mid, done == "1")
        return "milestone-updated"

    return _act(request, db, user, csrf, pid, run)


@router.post("/espace/projets/{pid}/statut")
def change_status(
    request: Request,
    pid: int,
    db: Db,
    provider: Provider,
    user: PageUser,
    now: Now,
    stage: Str = "",
    status: Str = "",
    note: Str = "",
    csrf: Csrf = "",
) -> Response:
    svc = service(db, now, provider)

    def run() -> str:
        svc.change_status(actor(user), pid, stage, status, note)
        return "status-saved"

    return _act(request, db, user, csrf, pid, run)


@router.post("/espace/projets/{pid}/releve")
def snapshot(
    request: Request,
    pid: int,
    db: Db,
    provider: Provider,
    user: PageUser,
    now: Now,
    csrf: Csrf = "",
) -> Response:
    svc = service(db, now, provider)

    def run() -> str:
        taken = svc.snapshot(actor(user), pid)
        return "snapshot-taken" if taken else "snapshot-exists"

    return _act(request, db, user, csrf, pid, run)
