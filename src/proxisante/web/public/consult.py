"""``/ou-consulter``: for a commune typed by its name, free unscheduled-care slots in the next
48 hours, the nearest maison médicale de garde when one is known, the nearest emergency department
open now (with its hours, and the nearest one open at night when it closes) and the national
numbers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from proxisante.i18n import N_, _, use_lang
from proxisante.territory import Territory
from proxisante.territory.search import fold
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db
from proxisante.web.public._data import territory
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.places import nearest_emergency, nearest_guard_house
from proxisante.web.public.search import search_areas

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

WITHIN_H = 48
MAX_TRAVEL_MIN = 60
"""Slots farther than this by road (the travel-time provider's estimate) are not offered: an
hour's drive is already the far end of unscheduled care; the 116 117 / 15 cover the rest."""
LOCAL = ZoneInfo("Europe/Paris")  # the same civil time in France and in Valais
SLOT_TYPES = {
    "consultation": N_("consultation au cabinet"),
    "visite": N_("visite à domicile"),
    "teleconsultation": N_("téléconsultation"),
}


def resolve_commune(
    terr: Territory, name: str, code: str | None
) -> tuple[str | None, list[dict[str, object]]]:
    """The commune meant (its code) and the other candidates of that name."""
    if code:
        c = code.strip()
        if c in terr.communes.index:
            return c, []
    hits = search_areas(name, {"commune"}, 8)
    if not hits:
        return None, []
    same = fold(str(hits[0]["name"]))
    return str(hits[0]["code"]), [h for h in hits[1:] if fold(str(h["name"])) == same]


def _slots(request: Request, db: Db, commune: str) -> list[Any]:
    from proxisante.slots.service import SearchQuery
    from proxisante.web.api.slots import get_geography, service_for

    service = service_for(request, db)
    return service.public_search(
        SearchQuery(commune, within_h=WITHIN_H, max_travel_min=MAX_TRAVEL_MIN, limit=10),
        get_geography(request),
    )


@router.get("/ou-consulter", response_class=HTMLResponse)
def where_to_consult(
    request: Request,
    db: Db,
    commune: Annotated[str, Query(max_length=100)] = "",
    code: Annotated[str | None, Query(max_length=20)] = None,
) -> HTMLResponse:
    terr = territory()
    ctx: dict[str, Any] = {"query": commune, "found": None, "others": [], "error": None}
    with use_lang(request_lang(request)):
        if commune.strip() or code:
            found, others = resolve_commune(terr, commune, code)
            if found is None:
                ctx["error"] = _(
                    "commune {name} : aucune commune de ce nom ; tapez le début du nom, p. ex. "
                    "« Moulins » ou « Sion »"
                ).format(name=repr(commune[:60]))
                return render_public(
                    request, "consult.j2", N_("Où consulter"), status_code=400, **ctx
                )
            home = request.app.state.settings.home
            ctx.update(_answer(request, db, terr, found, home))
            ctx["others"] = others
    return render_public(request, "consult.j2", N_("Où consulter"), **ctx)


def _local_now(request: Request) -> datetime:
    """The app clock's time, in local civil time (naive), for opening hours."""
    now: datetime = request.app.state.clock()
    aware = now if now.tzinfo else now.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).replace(tzinfo=None)


def _answer(request: Request, db: Db, terr: Territory, code: str, home: Any) -> dict[str, Any]:
    from proxisante.i18n import format_date

    country = str(terr.communes.at[code, "country"])
    slots = _slots(request, db, code)
    rows = [
        {
            "day": format_date(s.start.astimezone(LOCAL).date(), "full"),
            "start": s.start.astimezone(LOCAL).strftime("%H:%M"),
            "end": s.end.astimezone(LOCAL).strftime("%H:%M"),
            "provider": s.provider_name,
            "place": terr._safe_name(s.commune) or s.commune,
            "kind": _(SLOT_TYPES.get(str(s.slot_type), str(s.slot_type))),
            "minutes": round(s.travel_min),
        }
        for s in slots
    ]
    return {
        "found": {"code": code, "name": terr.name_of(code), "country": country},
        "slots": rows,
        "guard": nearest_guard_house(terr, code, home),
        "emergency": nearest_emergency(terr, code, home, _local_now(request)),
        "within_h": WITHIN_H,
        "max_minutes": MAX_TRAVEL_MIN,
    }
