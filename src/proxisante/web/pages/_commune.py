"""Communes typed by their name in the operators' forms, resolved to their code (accents
ignored) with :func:`proxisante.territory.names.resolve_commune_name`; codes stay accepted."""

from __future__ import annotations

from collections.abc import Mapping

from proxisante.territory import load_territory
from proxisante.territory.names import WITH_CODE, resolve_commune_name
from proxisante.territory.search import fold
from proxisante.web.public.search import LEVELS, search_areas

SUGGEST_URL = "/api/public/territoires?niveau=commune"


def resolve_any_commune(text: str) -> str:
    """A commune of France or Valais named by ``text`` (name, « Name (code) » or code)."""
    raw = text.strip()
    known = load_territory().communes.index
    if raw in known:
        return raw
    with_code = WITH_CODE.match(raw)
    if with_code and with_code.group("code").strip() in known:
        return with_code.group("code").strip()
    name = with_code.group("name") if with_code else raw
    hits = search_areas(name, {"commune"}, 20)
    names = {str(h["code"]): str(h["name"]) for h in hits}
    places = {str(h["code"]): str(h.get("parent") or "") for h in hits}
    return resolve_commune_name(raw, names, places)


def resolve_local_commune(text: str, communes: Mapping[str, str]) -> str:
    """A commune among ``communes`` (code → name), e.g. those of the user's territory."""
    return resolve_commune_name(text, communes)


def area_code(text: str) -> str:
    """The code of the area ``text`` names (« Name (code) » or a name matching exactly one
    commune, EPCI, département…, accents ignored); ``text`` itself otherwise, for the service
    to check and explain."""
    raw = text.strip()
    with_code = WITH_CODE.match(raw)
    if with_code:
        return with_code.group("code").strip()
    if not raw or any(ch.isdigit() for ch in raw) or ":" in raw:
        return raw
    wanted = fold(raw)
    exact = [h for h in search_areas(raw, LEVELS, 20) if fold(str(h["name"])) == wanted]
    return str(exact[0]["code"]) if len(exact) == 1 else raw
