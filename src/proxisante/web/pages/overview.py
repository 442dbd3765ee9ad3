"""The analyst's page (suppressed monthly figures) and the administrator's page (users)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.registry.priority import LEVELS
from proxisante.registry.reporting import monthly_report, months_between
from proxisante.store.registry import crud
from proxisante.store.registry_audit import list_users
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now, PageUser
from proxisante.web.errors import ApiError
from proxisante.web.pages._render import ROLE_LABELS, render

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


@router.get("/analyste")
def analyst(request: Request, db: Db, user: PageUser, now: Now) -> Response:
    if user.role != "analyst" or user.territory_id is None:
        raise ApiError(403, "Cette page est réservée aux analystes.")
    territory = crud.get_territory(db, territory_id=user.territory_id)
    history = crud.patient_histories(db, territory_id=user.territory_id)
    first = min((h.registered_at.date() for h in history), default=now.date())
    rows = []
    for r in monthly_report(history, months_between(first, now.date())):
        for measure, label in (
            ("registered", "inscrits"),
            ("waiting", "en attente fin de mois"),
            ("attached", "rattachés"),
        ):
            cells = r[measure]
            if not isinstance(cells, dict):
                raise InternalError(
                    _(
                        "rapport mensuel mal formé : {measure} n'est pas un tableau par niveau"
                    ).format(measure=measure)
                )
            rows.append([r["month"], label, *(cells[lvl] for lvl in LEVELS), cells["total"]])
    return render(
        request,
        "simple.html",
        user,
        fictitious=bool(territory and territory.fictitious),
        title="Analyste",
        heading=f"Chiffres mensuels — {territory.name if territory else ''}",
        headers=["mois", "mesure", *LEVELS, "total"],
        rows=rows,
        note="Effectifs de moins de 11 masqués (« < 11 »), avec masquage secondaire "
        "pour qu'aucune case ne puisse être retrouvée par différence.",
    )


@router.get("/admin")
def admin(request: Request, db: Db, user: PageUser) -> Response:
    if user.role != "admin":
        raise ApiError(403, "Cette page est réservée aux administrateurs.")
    rows = [
        [u.id, u.username, ROLE_LABELS.get(u.role, u.role), u.territory_id or "—"]
        for u in list_users(db)
    ]
    return render(
        request,
        "simple.html",
        user,
        title="Administration",
        heading="Comptes",
        headers=["n°", "identifiant", "rôle", "territoire"],
        rows=rows,
        note="API : /api/v1/docs",
    )
