"""The analyst's page (suppressed monthly figures); the accounts' page is ``accounts.py``."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from proxisante.i18n import _
from proxisante.registry.priority import LEVELS
from proxisante.registry.views import published_report
from proxisante.store.registry import crud
from proxisante.store.registry.repository import SqlRegistryReader
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, Now, PageUser
from proxisante.web.errors import ApiError
from proxisante.web.pages._render import render

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)


@router.get("/analyste")
def analyst(request: Request, db: Db, user: PageUser, now: Now) -> Response:
    if user.role != "analyst" or user.territory_id is None:
        raise ApiError(403, _("Cette page est réservée aux analystes."))
    territory = crud.get_territory(db, territory_id=user.territory_id)
    report = published_report(SqlRegistryReader(db), user.territory_id, now)
    labels = (
        ("registered", _("inscrits")),
        ("waiting", _("en attente fin de mois")),
        ("attached", _("rattachés")),
        ("doctor_found", _("dont médecin traitant trouvé")),
        ("team_follow_up", _("dont suivis par une équipe (pas un médecin traitant)")),
    )
    rows = [
        [m.month, label, *m.measure(key).cells()] for m in report.months for key, label in labels
    ]
    return render(
        request,
        "simple.html",
        user,
        fictitious=bool(territory and territory.fictitious),
        title=_("Analyste"),
        heading=_("Chiffres mensuels — {name}").format(name=territory.name if territory else ""),
        testid="monthly",
        headers=[_("mois"), _("mesure"), *LEVELS, _("total")],
        rows=rows,
        note=_(
            "Mois clos seulement ; effectifs de 1 à 10 masqués (« < 11 »), avec masquage "
            "secondaire pour qu'aucune case ne puisse être retrouvée par différence ; "
            "inscriptions en ligne anonymes non comptées."
        ),
    )
