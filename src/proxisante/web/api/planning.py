"""The analyst workbench's JSON API (``/api/v1/planning/…``) over the workbench service.

Roles are checked by the service (analysts on any area; coordinators on areas that meet their
territory); a saved scenario is visible to its owner only (404 otherwise). Every figure is a
simulation (``label``) on the planning engine of ``plan scenario`` / ``plan site``.

The computations (run, save, siting) are heavy: each goes through the app's
:class:`~proxisante.web.heavy.HeavyLimiter` (area size 400, busy 429, time limit 503; see
``docs/explanation/heavy-requests.md``), outside the request's database session.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel, Field

from proxisante.i18n import use_lang
from proxisante.planning.scenarios.workbench import (
    Caller,
    ChangeInput,
    PlanningEngine,
    RunResult,
    SavedScenario,
    SiteResult,
    WorkbenchService,
)
from proxisante.store.registry import crud
from proxisante.store.workbench import SqlScenarioStore, SqlWorkbenchAudit
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now, Principal, User
from proxisante.web.heavy import HeavyLimiter, heavy_limiter
from proxisante.web.public._data import territory
from proxisante.web.public._render import request_lang

router = APIRouter(prefix="/api/v1/planning", tags=["planning"], route_class=TransactionRoute)
Code = Annotated[str, Path(max_length=64, examples=["200071363"])]
Sid = Annotated[int, Path(ge=1, le=2**31 - 1)]
Commune = Annotated[str, Field(max_length=10, examples=["03310"])]
_ENGINE_LOCK = threading.Lock()
SOLVER_LIMIT_S = 30.0
"""Time limit of the siting solver on the web (at most the heavy computations' limit)."""


class ChangeBody(BaseModel):
    kind: Annotated[str, Field(max_length=40, examples=["gp_leave"])]
    commune: Commune
    amount: float = Field(description="GPs, GP FTE, half-days a week or IPA FTE", examples=[1])
    origin: Commune | None = Field(None, description="advanced consultation: doctor's commune")
    structure: Annotated[str, Field(max_length=20)] = "msp"
    ratio: float = Field(0.5, description="IPA: GP FTE per IPA FTE")

    def to_input(self) -> ChangeInput:
        return ChangeInput(
            self.kind, self.commune, self.amount, self.origin, self.structure, self.ratio
        )


class RunBody(BaseModel):
    changes: list[ChangeBody] = Field(max_length=40)


class SaveBody(RunBody):
    name: Annotated[str, Field(max_length=200)]


class SiteBody(BaseModel):
    objective: Annotated[str, Field(max_length=20, examples=["mclp"])] = "mclp"
    p: int = Field(2, ge=1, le=20)
    radius: float | None = Field(None, ge=1, le=120, description="minutes (mclp)")


def engine(request: Request) -> PlanningEngine:
    """One engine per app: the national baseline is built once, on first use."""
    with _ENGINE_LOCK:
        found: PlanningEngine | None = getattr(request.app.state, "planning_engine", None)
        if found is None:
            found = PlanningEngine(
                request.app.state.settings.home, territory, request.app.state.provider
            )
            request.app.state.planning_engine = found
        return found


def workbench(request: Request, db: Db, user: Principal, now: Now) -> WorkbenchService:
    """The service (its messages: in the request's language, see :func:`lang`)."""
    audit = SqlWorkbenchAudit(db, lambda: now, user.user_id, user.role, user.territory_id)
    return WorkbenchService(engine(request), SqlScenarioStore(db), audit, lambda: now)


def lang(request: Request) -> Any:
    """Messages and labels in the language of ``?lang=`` or ``Accept-Language``."""
    return use_lang(request_lang(request))


def heavy(request: Request, code: str) -> HeavyLimiter:
    """The limiter, once the area passed its size check (the country and régions refused from
    the code alone, then the number of communes; an unknown code is a 404)."""
    limiter = heavy_limiter(request)
    limiter.check_code(code)
    limiter.check_area(code, len(territory().communes_in(code)))
    return limiter


def caller(db: Db, user: Principal) -> Caller:
    communes: frozenset[str] = frozenset()
    if user.role == "coordinator" and user.territory_id is not None:
        rows = crud.list_communes(db, territory_id=user.territory_id)
        communes = frozenset(r.code for r in rows)
        db.rollback()  # end the read before the computation (no lock held meanwhile)
    return Caller(user.user_id, user.role, communes)


@router.post("/territories/{code}/run", response_model=RunResult)
def run(code: Code, body: RunBody, request: Request, db: Db, user: User, now: Now) -> RunResult:
    """Run the changes (not saved): the area's figures and one row per commune."""
    changes = [c.to_input() for c in body.changes]
    with lang(request):
        limiter = heavy(request, code)
        service, who = workbench(request, db, user, now), caller(db, user)
        return limiter.run(lambda: service.run(who, code, changes))


@router.get("/territories/{code}/scenarios", response_model=list[SavedScenario])
def saved(code: Code, request: Request, db: Db, user: User, now: Now) -> list[SavedScenario]:
    """The caller's saved scenarios on this area."""
    with lang(request):
        return workbench(request, db, user, now).saved(caller(db, user), code)


@router.post("/territories/{code}/scenarios", response_model=SavedScenario, status_code=201)
def save(
    code: Code, body: SaveBody, request: Request, db: Db, user: User, now: Now
) -> SavedScenario:
    """Run and save a scenario (audited)."""
    changes = [c.to_input() for c in body.changes]
    with lang(request):
        limiter = heavy(request, code)
        service, who = workbench(request, db, user, now), caller(db, user)
        service.check_name(body.name)
        result = limiter.run(lambda: service.run(who, code, changes))
        out = service.save(who, code, body.name, changes, result=result)
    db.commit()
    return out


@router.get("/scenarios/{sid}", response_model=SavedScenario)
def get_saved(sid: Sid, request: Request, db: Db, user: User, now: Now) -> SavedScenario:
    with lang(request):
        return workbench(request, db, user, now).get(caller(db, user), sid)


@router.delete("/scenarios/{sid}", status_code=204)
def delete_saved(sid: Sid, request: Request, db: Db, user: User, now: Now) -> None:
    with lang(request):
        workbench(request, db, user, now).delete(caller(db, user), sid)
    db.commit()


@router.get("/compare", response_model=list[SavedScenario])
def compare(
    request: Request,
    db: Db,
    user: User,
    now: Now,
    ids: Annotated[str, Query(max_length=100, pattern=r"^\d{1,9}(,\d{1,9})*$")],
) -> list[SavedScenario]:
    """Saved scenarios side by side (``ids=3,5``)."""
    wanted = [int(v) for v in ids.split(",")]
    with lang(request):
        return workbench(request, db, user, now).compare(caller(db, user), wanted)


@router.post("/territories/{code}/siting", response_model=SiteResult)
def siting(
    code: Code, body: SiteBody, request: Request, db: Db, user: User, now: Now
) -> SiteResult:
    """Where ``p`` new sites would go (candidates: the area's communes; existing GPs locked)."""
    with lang(request):
        limiter = heavy(request, code)
        service, who = workbench(request, db, user, now), caller(db, user)
        limit = min(SOLVER_LIMIT_S, limiter.deadline_s())
        return limiter.run(
            lambda: service.site(who, code, body.objective, body.p, body.radius, limit)
        )
