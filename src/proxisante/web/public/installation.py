"""``/installation``: the installation portal — the communes around, their GP zoning (the
compiled ARS zonings, provenance unverified, labelled so; beside it our simulation, labelled
"simulation"), the professionals present, and the managed content (aids and procedures, contact
persons, internship places and maîtres de stage, housing offers) near a commune typed by name,
within a travel time."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from proxisante.access.port import TravelTimeProvider
from proxisante.access.reach import within
from proxisante.bootstrap.services import portal_service as bootstrap_portal_service
from proxisante.diagnosis.labels import class_label
from proxisante.diagnosis.nearby import nearby_communes
from proxisante.i18n import N_, _, format_decimal, use_lang
from proxisante.portal.model import ItemKind
from proxisante.portal.service import PortalService
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db
from proxisante.web.public._data import geo_store, territory
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.consult import resolve_commune

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

KIND_LABELS = {
    ItemKind.AID: N_("Aides"),
    ItemKind.PROCEDURE: N_("Démarches"),
    ItemKind.CONTACT: N_("Personnes à contacter"),
    ItemKind.INTERNSHIP: N_("Terrains de stage et maîtres de stage"),
    ItemKind.HOUSING: N_("Logements"),
}
MAX_MINUTES = 120
COMPILED_ZONES = {
    "ZIP": N_("ZIP"),
    "ZAC": N_("ZAC"),
    "HZ": N_("hors zonage"),
    "ZAR": N_("ZAR (zone d'action régionale)"),
}
SIMULATED_ZONES = {
    "ZIP": N_("ZIP (simulation)"),
    "ZAC": N_("ZAC (simulation)"),
    "hors zonage": N_("hors zonage (simulation)"),
}


@lru_cache(maxsize=32)
def simulated_zones(region: str, provider: TravelTimeProvider) -> Mapping[str, str]:
    """The default GP zoning simulation of a région (commune → zone), computed once."""
    from proxisante.planning.zoning.service import ZoningRequest, simulate_zoning
    from proxisante.territory.bundle import load_bassins_vie

    result = simulate_zoning(territory(), ZoningRequest(region), provider, load_bassins_vie())
    return result.commune_zone


def compiled_zone(value: object) -> str:
    return (
        _(COMPILED_ZONES[value])
        if isinstance(value, str) and value in COMPILED_ZONES
        else _("non disponible")
    )


def simulated_zone(value: str | None) -> str:
    return _(SIMULATED_ZONES[value]) if value in SIMULATED_ZONES else _("non classé")


def portal_service(request: Request, db: Db) -> PortalService:
    return bootstrap_portal_service(
        db, clock=request.app.state.clock, communes=frozenset(territory().communes.index)
    )


def _problem(minutes: str, kind: str) -> tuple[int | None, list[ItemKind] | None, str | None]:
    try:
        value = int(minutes)
    except ValueError:
        value = -1
    if not 1 <= value <= MAX_MINUTES:
        return (
            None,
            None,
            _("minutes {v} : attendu un nombre entier de 1 à {max}").format(
                v=repr(minutes[:10]), max=MAX_MINUTES
            ),
        )
    if kind and kind not in {k.value for k in ItemKind}:
        return (
            None,
            None,
            _("type {v} : attendu l'un de {kinds}").format(
                v=repr(kind[:20]), kinds=", ".join(k.value for k in ItemKind)
            ),
        )
    return value, [ItemKind(kind)] if kind else None, None


@router.get("/installation", response_class=HTMLResponse)
def installation_page(
    request: Request,
    db: Db,
    commune: Annotated[str, Query(max_length=100)] = "",
    minutes: Annotated[str, Query(max_length=10)] = "30",
    type: Annotated[str, Query(max_length=20)] = "",
    code_: Annotated[str | None, Query(alias="code", max_length=20)] = None,
) -> HTMLResponse:
    terr = territory()
    ctx: dict[str, Any] = {
        "query": commune,
        "minutes": minutes,
        "kind": type,
        "found": None,
        "choices": [],
        "error": None,
        "kinds": [(k.value, _(v)) for k, v in KIND_LABELS.items()],
    }
    with use_lang(request_lang(request)):
        ctx["kinds"] = [(k.value, _(v)) for k, v in KIND_LABELS.items()]
        limit, kinds, problem = _problem(minutes, type)
        code = None
        if problem is None and (commune.strip() or code_):
            code, ctx["choices"] = resolve_commune(terr, commune, code_)
            if code is None and not ctx["choices"]:
                problem = _(
                    "commune {name} : aucune commune de ce nom ; tapez le début du nom, "
                    "p. ex. « Moulins »"
                ).format(name=repr(commune[:60]))
        if problem is not None:
            ctx["error"] = problem
            return render_public(request, "installation.j2", N_("S’installer"), 400, **ctx)
        service = portal_service(request, db)
        items = service.listing(kinds)
        if code is not None and limit is not None:
            ctx.update(_near(request, terr, code, limit, items))
        else:
            ctx["groups"] = _groups(terr, items, None)
    ctx["page_country"] = ctx["found"]["country"] if ctx["found"] else None
    return render_public(request, "installation.j2", N_("S’installer"), **ctx)


def _near(request: Request, terr: Any, code: str, limit: int, items: list[Any]) -> dict[str, Any]:
    provider = request.app.state.provider
    reach = within(terr, code, limit, provider)
    dep = terr.communes.at[code, "departement"]
    area = dep if isinstance(dep, str) else terr.communes.at[code, "canton"]
    features = {f.code: f for f in geo_store(request).area_map(str(area)).features}
    com = terr.communes
    simulated: dict[str, str] = {}
    if com.at[code, "country"] == "FR":
        for region in sorted({str(com.at[c, "region"]) for c in reach.minutes if c in com.index}):
            simulated.update(simulated_zones(region, provider))
    nearby = nearby_communes(terr, reach, features, simulated)
    zones = [
        {
            "code": n.code,
            "name": n.name,
            "minutes": round(n.minutes),
            "gp": n.gp,
            "apl": n.apl,
            "class_label": class_label(n.klass, page=True),
            "compiled": compiled_zone(n.compiled_zone) if n.zoning_shown else None,
            "simulated": simulated_zone(n.simulated_zone) if n.french else None,
            "fte": n.fte,  # Valais (estimate)
            "access": n.access_ch,
        }
        for n in nearby.communes
    ]
    return {
        "found": {"code": code, "name": terr.name_of(code), "country": nearby.country},
        "zoning_shown": any(z["compiled"] is not None for z in zones),
        "zones": zones,
        "total_gp": nearby.total_gp,
        "supply_ch": None if nearby.supply_fte is None else format_decimal(nearby.supply_fte, 0),
        "groups": _groups(terr, items, reach.minutes),
    }


def _groups(terr: Any, items: list[Any], reach: Mapping[str, float] | None) -> list[dict[str, Any]]:
    out = []
    for kind, label in KIND_LABELS.items():
        rows = []
        for i in items:
            if i.draft.kind is not kind or (reach is not None and i.draft.commune not in reach):
                continue
            rows.append(
                {
                    "item": i.draft,
                    "place": terr._safe_name(i.draft.commune) or i.draft.commune,
                    "minutes": None if reach is None else round(reach[i.draft.commune]),
                }
            )
        if rows:
            rows.sort(key=lambda r: (r["minutes"] or 0, r["item"].title))
            out.append({"kind": kind.value, "label": _(label), "rows": rows})
    return out
