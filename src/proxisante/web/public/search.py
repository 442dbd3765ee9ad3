"""``/``: search any territory by name or code (accents ignored), with suggestions as JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from proxisante.i18n import N_, use_lang
from proxisante.territory import load_territory
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.answers import cached_page
from proxisante.web.public.figures import level_label

router = APIRouter(include_in_schema=False)

MAX_QUERY = 100
LEVELS = {
    "commune",
    "epci",
    "departement",
    "region",
    "country",
    "ch_district",
    "ch_region",
    "ch_canton",
    "arrondissement",
}


def search_areas(text: str, levels: set[str], limit: int) -> list[dict[str, object]]:
    """Areas matching ``text`` (name or code), of the given levels, with a readable label."""
    text = text.strip()[:MAX_QUERY]
    if not text:
        return []
    hits = [h for h in load_territory().search(text, limit=limit * 3) if h["level"] in levels]
    out = []
    for h in hits[:limit]:
        parent = f", {h['parent_name']}" if h.get("parent_name") else ""
        out.append(
            {
                "code": h["code"],
                "name": h["name"],
                "level": h["level"],
                "label": f"{h['name']} ({level_label(str(h['level']))}{parent})",
                "parent": h.get("parent_name") or "",
                "population": h["population"],
            }
        )
    return out


def parse_levels(raw: str | None) -> set[str]:
    from proxisante.errors import UserError
    from proxisante.i18n import _

    if not raw:
        return LEVELS
    wanted = {p.strip() for p in raw.split(",") if p.strip()}
    bad = sorted(wanted - LEVELS)
    if bad or not wanted:
        raise UserError(
            _(
                "niveau {bad} : attendu un ou plusieurs de {levels}, séparés par des virgules"
            ).format(bad=", ".join(bad) or repr(raw), levels=", ".join(sorted(LEVELS)))
        )
    return wanted


@router.get("/api/public/territoires")
async def suggestions(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    niveau: Annotated[str | None, Query(max_length=200)] = None,
    limite: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    """Territories whose name or code matches ``q`` (accents and case ignored)."""

    def build(_request: Request, lang: str) -> Response:
        with use_lang(lang):
            levels = parse_levels(niveau)
            return JSONResponse(
                {"query": q, "results": search_areas(q, levels, limite)},
                headers={"Content-Language": lang, "Vary": "Accept-Language, Cookie"},
            )

    return await cached_page(request, build)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, q: Annotated[str, Query(max_length=MAX_QUERY)] = "") -> HTMLResponse:
    with use_lang(request_lang(request)):
        results = search_areas(q, LEVELS, 20) if q.strip() else []
    return render_public(
        request, "home.j2", N_("Rechercher un territoire"), query=q, results=results
    )
