"""``/``: search any territory by name, postcode or code (accents ignored; the core's one place
search, :mod:`proxisante.territory.lookup`), with suggestions as JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from proxisante.diagnosis.labels import level_label
from proxisante.i18n import N_, get_lang, use_lang
from proxisante.territory import load_territory
from proxisante.territory.display import local_name
from proxisante.territory.lookup import PlaceHit
from proxisante.web.public._render import render_public, request_lang
from proxisante.web.public.answers import cached_page

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


def search_areas(
    text: str, levels: set[str], limit: int, country: str | None = None
) -> list[dict[str, object]]:
    """Places matching ``text`` (names in three languages, localities, postcodes, codes: the
    core's :func:`~proxisante.territory.lookup.find_places`), of the given levels, each with a
    label that names its country and what matched."""
    return [
        place_record(h)
        for h in load_territory()
        .find(text, levels=levels, country=country, lang=get_lang(), limit=limit)
        .hits
    ]


def place_record(h: PlaceHit) -> dict[str, object]:
    """A hit as the pages and the suggestion API show it (in the current language)."""
    parent = local_name(h.parent, h.parent_name)
    name = local_name(h.code, h.name) or h.name
    where = [p for p in (parent, h.country_name()) if p and p != name]
    label = f"{name} ({', '.join([level_label(h.level, page=True), *where])})"
    return {
        "code": h.code,
        "name": name,
        "level": h.level,
        "label": label,
        "parent": parent or "",
        "country": h.country,
        "country_name": h.country_name(),
        "population": h.population,
        "exact": h.exact,
        "match": h.reason,
        # What matched, when it is not the name shown (a postcode, another name…).
        "why": "" if h.reason == "name" or h.matched == h.name else h.reason_label(),
    }


def exact_commune(text: str) -> str:
    """The code of the commune ``text`` names exactly by another name, a locality, a former
    commune or a postcode (the one place search); otherwise ``text`` unchanged (an official
    name or a code), for the service to check and explain."""
    only = load_territory().find(text, levels={"commune"}).only()
    return only.code if only is not None and only.reason not in ("name", "code") else text


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
