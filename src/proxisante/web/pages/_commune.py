"""Communes typed by their name in the operators' forms, resolved to their code (accents
ignored) with :func:`proxisante.territory.names.resolve_commune_name`; codes stay accepted."""

from __future__ import annotations

from collections.abc import Mapping

from proxisante.territory import load_territory
from proxisante.territory.names import WITH_CODE, resolve_commune_name
from proxisante.web.public.search import search_areas

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
    return resolve_commune_name(raw, {str(h["code"]): str(h["name"]) for h in hits})


def resolve_local_commune(text: str, communes: Mapping[str, str]) -> str:
    """A commune among ``communes`` (code → name), e.g. those of the user's territory."""
    return resolve_commune_name(text, communes)
