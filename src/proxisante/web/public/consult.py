"""``/ou-consulter``: for a commune typed by its name or postcode (the one place search: a text
that does not name exactly one commune gives choices, each with its country), free
unscheduled-care slots in the next 48 hours, the nearest maison médicale de garde (France) or
on-call centre (Valais), the nearest emergency department open now (with its hours, and the
nearest one open at night when it closes) and the numbers of the commune's country: 144 and the
Valais on-call line in Valais, 15, 116 117 and 3237 in France."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from proxisante.i18n import N_, _, get_lang, use_lang
from proxisante.territory import Territory
from proxisante.web._routing import TransactionRoute
from proxisante.web.deps import Db, get_provider
from proxisante.web.public._data import territory
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.places import (
    nearest_emergency,
    nearest_guard_house,
    nearest_on_call_centre,
)
from proxisante.web.public.search import place_record

router = APIRouter(include_in_schema=False, route_class=TransactionRoute)

WITHIN_H = 48
MAX_TRAVEL_MIN = 60
"""Slots farther than this by road (the travel-time provider's estimate) are not offered: an
hour's drive is already the far end of unscheduled care; the on-call lines cover the rest."""
LOCAL = ZoneInfo("Europe/Paris")  # the same civil time in France and in Valais
SLOT_TYPES = {
    "consultation": N_("consultation au cabinet"),
    "visite": N_("visite à domicile"),
    "teleconsultation": N_("téléconsultation"),
}


def resolve_commune(
    terr: Territory, name: str, code: str | None, country: str | None = None
) -> tuple[str | None, list[dict[str, object]]]:
    """The commune meant (its code) and, when the text does not name exactly one commune (in
    the page's ``country``, when given), the choices to offer: the hits of the one place search,
    each with its country and what matched. ``code`` (a choice made) wins."""
    if code:
        c = code.strip()
        if c in terr.communes.index:
            return c, []
    found = terr.find(name, levels={"commune"}, country=country, lang=get_lang(), limit=12)
    only = found.only(country)
    if only is not None:
        return only.code, []
    return None, [place_record(h) for h in found.hits]


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
    ctx: dict[str, Any] = {"query": commune, "found": None, "choices": [], "error": None}
    with use_lang(request_lang(request)):
        ctx["numbers"] = _numbers(None)
        if commune.strip() or code:
            found, choices = resolve_commune(terr, commune, code)
            if found is None and not choices:
                ctx["error"] = _(
                    "commune {name} : aucune commune de ce nom ; tapez le début du nom ou le "
                    "code postal, p. ex. « Moulins », « Sion » ou « 1950 »"
                ).format(name=repr(commune[:60]))
                return render_public(
                    request, "consult.j2", N_("Où consulter"), status_code=400, **ctx
                )
            if found is None:
                ctx["choices"] = choices
            else:
                home = request.app.state.settings.home
                ctx.update(_answer(request, db, terr, found, home))
        ctx["numbers"] = _numbers(ctx["found"]["country"] if ctx["found"] else None)
        ctx["page_country"] = ctx["found"]["country"] if ctx["found"] else None
    return render_public(request, "consult.j2", N_("Où consulter"), **ctx)


def _local_now(request: Request) -> datetime:
    """The app clock's time, in local civil time (naive), for opening hours."""
    now: datetime = request.app.state.clock()
    aware = now if now.tzinfo else now.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL).replace(tzinfo=None)


def _numbers(country: str | None) -> list[dict[str, str | None]]:
    """The numbers to show, the commune's country deciding (none chosen: both countries')."""
    from proxisante.territory.valais import channels_for

    chosen = channels_for(country) if country else channels_for("FR")[:2] + channels_for("CH")[:2]
    return [
        {"key": c.key, "number": c.number, "title": _(c.title), "text": _(c.text)} for c in chosen
    ]


def _answer(request: Request, db: Db, terr: Territory, code: str, home: Any) -> dict[str, Any]:
    from proxisante.i18n import format_date
    from proxisante.territory.display import local_name

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
    provider = get_provider(request)
    row = terr.communes.loc[code]
    area = row["departement"] if country == "FR" else row["canton"]
    where = [local_name(str(area), terr.name_of(str(area))), local_name(country.lower(), None)]
    return {
        "found": {
            "code": code,
            "name": terr.name_of(code),
            "country": country,
            "where": ", ".join(w for w in where if w),
        },
        "slots": rows,
        "guard": nearest_guard_house(terr, code, home, provider) if country == "FR" else None,
        "centre": nearest_on_call_centre(terr, code, provider) if country == "CH" else None,
        "emergency": nearest_emergency(terr, code, home, provider, _local_now(request)),
        "within_h": WITHIN_H,
        "max_minutes": MAX_TRAVEL_MIN,
    }
