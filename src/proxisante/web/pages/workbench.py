"""The analyst workbench page (``/espace/atelier``): pick an area, build a scenario on the map,
run it, save and compare; run a siting query. The page is a shell: every figure comes from the
``/api/v1/planning`` routes (the workbench service), which check the role again."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from proxisante import i18n
from proxisante.diagnosis.labels import PAGE_CLASSES, class_label
from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.planning.scenarios.workbench import CHANGE_KINDS, MAX_SITES, SITE_OBJECTIVES
from proxisante.web._routing import TransactionRoute
from proxisante.web.api.planning import caller, workbench
from proxisante.web.deps import Db, Now, PageUser
from proxisante.web.heavy import HeavyRefusalError, heavy_limiter
from proxisante.web.pages._render import render
from proxisante.web.public._data import territory
from proxisante.web.public._render import request_lang
from proxisante.web.public.search import search_areas

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)
AREA_LEVELS = {"commune", "epci", "departement", "arrondissement"}

KIND_LABELS = {
    "gp_leave": N_("Des médecins généralistes quittent la commune"),
    "structure_opens": N_("Une MSP ou un centre de santé ouvre (ETP de médecin)"),
    "advanced_consultation": N_("Consultation avancée (demi-journées par semaine)"),
    "ipa_time": N_("Temps d'IPA / Asalée (ETP)"),
    "seasonal_peak": N_(
        "Pointe saisonnière sur tout le territoire (part des résidences secondaires occupées,"
        " 0 à 1)"
    ),
}
OBJECTIVE_LABELS = {
    "mclp": N_("Couvrir le plus d'habitants à moins de R minutes (MCLP)"),
    "p-median": N_("Réduire le temps moyen au site le plus proche (p-médian)"),
    "apl-gain": N_("Réduire le déficit d'APL sous 2,5"),
    "lift-above-2.5": N_("Faire passer le plus d'habitants au-dessus de 2,5"),
}


def _area(text: str) -> tuple[str, str] | None:
    """The area typed: a code, or a name (or other name, postcode…) that names exactly one
    area (the one place search); None otherwise (the page lists the choices)."""
    text = text.strip()
    if not text:
        return None
    terr = territory()
    try:
        area = terr.area(text)
        return area.code, area.name
    except UserError:
        only = terr.find(text, levels=AREA_LEVELS).only()
        return (only.code, only.name) if only is not None else None


def _choices(text: str) -> str:
    """The areas ``text`` may mean, as the error message lists them (« Name (code) »)."""
    hits = search_areas(text, AREA_LEVELS, 6)
    return ", ".join(f"{h['label']} [{h['code']}]" for h in hits)


@router.get("/espace/atelier", response_class=HTMLResponse)
def workbench_page(
    request: Request,
    db: Db,
    user: PageUser,
    now: Now,
    territoire: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    lang = request_lang(request)
    with i18n.use_lang(lang):
        status, error, area, communes = 200, "", None, []
        found = _area(territoire)
        if territoire and found is None:
            status, error = 404, _("Territoire « {text} » introuvable.").format(text=territoire)
            choices = _choices(territoire)
            if choices:
                error += " " + _("Vouliez-vous dire : {choices} ?").format(choices=choices)
        try:
            service = workbench(request, db, user, now)
            service.check_role(caller(db, user))
            if found is not None:
                code, _name, codes = service.check_area(caller(db, user), found[0])
                heavy_limiter(request).check_area(code, len(codes))
                names = territory().communes.loc[codes, "name"]
                communes = sorted(((c, str(names[c])) for c in codes), key=lambda x: x[1])
                area = {"code": code, "name": found[1]}
        except UserError as exc:
            status, error, area = exc.http_status, str(exc), None
        except HeavyRefusalError as exc:
            status, error, area = exc.status_code, str(exc.detail), None
        response = render(
            request,
            "workbench.html",
            user,
            title=_("Atelier de scénarios"),
            area=area,
            typed=territoire,
            error=error,
            communes=communes,
            kinds=[(k, _(KIND_LABELS[k])) for k in CHANGE_KINDS],
            objectives=[(k, _(OBJECTIVE_LABELS[k])) for k in SITE_OBJECTIVES],
            max_sites=MAX_SITES,
            texts=_texts(),
        )
    response.status_code = status
    return response


def _texts() -> dict[str, Any]:
    """Texts the page's script shows (in the request's language)."""
    return {
        "kinds": {k: _(v) for k, v in KIND_LABELS.items()},
        "classes": {k: class_label(k, page=True) for k in PAGE_CLASSES},
        "remove": _("Retirer"),
        "whole_area": _("tout le territoire"),
        "none": _(
            "Aucun changement pour l'instant : choisissez une commune sur la carte"
            " ou dans la liste."
        ),
        "running": _("Calcul en cours…"),
        "failed": _("Échec : {message}"),
        "saved": _("Scénario enregistré."),
        "change_legend": _("Variation de l'APL ancrée (consultations / an / habitant standardisé)"),
        "before": _("APL avant"),
        "after": _("APL après"),
        "change": _("Variation"),
        "commune": _("Commune"),
        "population": _("Population"),
        "class_after": _("Classe après"),
        "under": _("Habitants sous 2,5 (avant → après)"),
        "apl_area": _("APL ancrée du territoire (avant → après)"),
        "lifted": _("Habitants qui passent au-dessus / sous 2,5"),
        "class_area": _("Classe du territoire (avant → après)"),
        "chosen": _("Sites choisis"),
        "existing": _("existant"),
        "new_site": _("nouveau"),
        "gap": _("écart prouvé"),
        "compare_name": _("Scénario"),
        "nothing_saved": _("Aucun scénario enregistré sur ce territoire."),
        "from": _("depuis"),
        "selected": _("Commune choisie : {name}"),
        "unknown": _("non disponible"),
        "legend_down": _("baisse"),
        "legend_up": _("hausse"),
        "legend_none": _("sans changement"),
        "demand": _("Demande :"),
        "gains": _("Communes dont l'APL ancrée monte le plus (officielle DREES → simulation) :"),
    }
