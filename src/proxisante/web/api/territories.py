"""A territory's list: patients, professionals, the matching run, dashboard and monthly report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import PlainTextResponse

from proxisante.i18n import _
from proxisante.registry import views
from proxisante.registry.ports import NewPatient, NewProfessional
from proxisante.store.registry import crud
from proxisante.store.registry.models import TerritoryRow
from proxisante.store.registry.repository import SqlRegistryReader
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._convert import patient_public
from proxisante.web.api._service import Service, actor
from proxisante.web.api.schemas import (
    Dashboard,
    MatchingRequest,
    MatchingSummary,
    PatientCreate,
    PatientPublic,
    PatientStatusFilter,
    ProfessionalCreate,
    ProfessionalPublic,
    ReportMonth,
    TerritoryPublic,
)
from proxisante.web.deps import (
    Db,
    Now,
    Principal,
    User,
    get_accounts,
    require,
    require_territory,
)
from proxisante.web.errors import ApiError
from proxisante.web.professional_accounts import add_professional_with_account

router = APIRouter(prefix="/api/v1", tags=["territories"], route_class=TransactionRoute)
Tid = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", examples=["cpts-vichy"])]


def _territory(db: Db, user: Principal, tid: str) -> TerritoryRow:
    require_territory(user, tid)
    row = crud.get_territory(db, territory_id=tid)
    if row is None:
        raise ApiError(404, _("Territoire {tid} introuvable.").format(tid=repr(tid)))
    return row


@router.get("/territories", response_model=list[TerritoryPublic])
def territories(db: Db, user: User) -> list[TerritoryPublic]:
    only = None if user.role == "admin" else (user.territory_id or "")
    return [
        TerritoryPublic(
            id=t.id,
            name=t.name,
            fictitious=t.fictitious,
            communes=len(crud.list_communes(db, territory_id=t.id)),
            max_travel_min=t.max_travel_min,
        )
        for t in crud.list_territories(db, only=only)
    ]


@router.get("/territories/{tid}/patients", response_model=list[PatientPublic])
def list_patients(
    tid: Tid,
    db: Db,
    user: User,
    service: Service,
    response: Response,
    status: PatientStatusFilter | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 500,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[PatientPublic]:
    """The territorial list, by priority then date of registration: ``limit`` patients from
    ``offset``; the header ``X-Total-Count`` gives how many there are in all."""
    require(user, "coordinator", "admin", "helper")
    _territory(db, user, tid)
    mine = user.user_id if user.role == "helper" else None
    total = service.count_patients(tid, status=status, registered_by=mine)
    rows = service.list_patients(
        actor(user), tid, status=status, registered_by=mine, limit=limit, offset=offset
    )
    db.commit()
    response.headers["X-Total-Count"] = str(total)
    return [patient_public(r) for r in rows]


@router.post("/territories/{tid}/patients", response_model=PatientPublic, status_code=201)
def register_patient(
    tid: Tid, body: PatientCreate, db: Db, user: User, service: Service
) -> PatientPublic:
    require(user, "coordinator", "helper", "admin")
    _territory(db, user, tid)
    row = service.register_patient(actor(user), tid, NewPatient(**body.model_dump()))
    db.commit()
    return patient_public(row)


@router.get("/territories/{tid}/professionals", response_model=list[ProfessionalPublic])
def list_professionals(tid: Tid, db: Db, user: User) -> list[ProfessionalPublic]:
    require(user, "coordinator", "admin")
    _territory(db, user, tid)
    live = crud.live_proposals_by_professional(db, territory_id=tid)
    caps = {p.id: c for p, c in crud.capacities_in(db, territory_id=tid)}
    return [
        ProfessionalPublic(
            id=p.id,
            territory_id=p.territory_id,
            display_name=p.display_name,
            profession=p.profession,
            commune_code=p.commune_code,
            languages=p.languages.split(","),
            home_visits=p.home_visits,
            places_declared=caps[p.id].places_declared if p.id in caps else None,
            places_remaining=caps[p.id].places_remaining if p.id in caps else None,
            live_proposals=live.get(p.id, 0),
        )
        for p in crud.list_professionals(db, territory_id=tid)
    ]


@router.post("/territories/{tid}/professionals", response_model=ProfessionalPublic, status_code=201)
def create_professional(
    tid: Tid,
    body: ProfessionalCreate,
    request: Request,
    db: Db,
    user: User,
    now: Now,
    service: Service,
) -> ProfessionalPublic:
    """A professional of the territory, with its login account when ``username`` and
    ``password`` are given (created by :func:`proxisante.accounts.service.create_user`: the
    same checks and ``user.create`` audit row as every other account)."""
    require(user, "coordinator", "admin")
    _territory(db, user, tid)
    if (body.username is None) != (body.password is None):
        raise ApiError(
            400, _("Donnez 'username' et 'password' pour créer le compte, ou aucun des deux.")
        )
    pro = add_professional_with_account(
        db,
        get_accounts(request),
        service,
        user,
        tid,
        NewProfessional(
            display_name=body.display_name,
            commune_code=body.commune_code,
            profession=body.profession,
            languages=tuple(body.languages),
            home_visits=body.home_visits,
        ),
        (body.username, body.password) if body.username and body.password else None,
        now,
    )
    db.commit()
    return ProfessionalPublic(
        id=pro.id,
        territory_id=tid,
        display_name=pro.display_name,
        profession=pro.profession,
        commune_code=pro.commune_code,
        languages=pro.languages.split(","),
        home_visits=pro.home_visits,
    )


@router.post("/territories/{tid}/matching", response_model=MatchingSummary)
def matching(
    tid: Tid, body: MatchingRequest, db: Db, user: User, service: Service
) -> MatchingSummary:
    require(user, "coordinator", "admin")
    _territory(db, user, tid)
    summary = service.run_matching(actor(user), tid, dry_run=body.dry_run)
    db.commit()
    return MatchingSummary(
        run_id=summary.run_id,
        territory_id=tid,
        dry_run=summary.dry_run,
        waiting=summary.n_waiting,
        proposals=summary.n_proposals,
        by_level=summary.by_level,
        travel_estimate=summary.travel_note,
    )


@router.get("/territories/{tid}/dashboard", response_model=Dashboard)
def dashboard(tid: Tid, db: Db, user: User) -> Dashboard:
    """Exact live figures of the territory: its coordination and administrators only."""
    require(user, "coordinator", "admin")
    view = views.dashboard(SqlRegistryReader(db), _territory(db, user, tid))
    return Dashboard.model_validate(view, from_attributes=True)


@router.get("/territories/{tid}/report", response_model=list[ReportMonth])
def report(tid: Tid, db: Db, user: User, now: Now) -> list[ReportMonth]:
    """The published monthly figures: closed months, small counts suppressed ("< 11")."""
    require(user, "coordinator", "analyst", "admin")
    _territory(db, user, tid)
    return [
        ReportMonth.of(m) for m in views.published_report(SqlRegistryReader(db), tid, now).months
    ]


@router.get("/territories/{tid}/report.csv", response_class=PlainTextResponse)
def report_csv(tid: Tid, db: Db, user: User, now: Now) -> Response:
    require(user, "coordinator", "analyst", "admin")
    _territory(db, user, tid)
    return Response(
        views.published_report(SqlRegistryReader(db), tid, now).to_csv(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="registre-{tid}.csv"'},
    )
