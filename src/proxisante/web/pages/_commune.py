"""Communes and areas typed by their name in the operators' forms, resolved to their code by the
one place search (:meth:`proxisante.territory.Territory.find`: names in three languages,
localities, postcodes, codes; accents ignored); « Name (code) » and codes stay accepted. A text
that does not name exactly one place is refused with the choices, each with its country."""

from __future__ import annotations

from collections.abc import Mapping

from proxisante.i18n import _
from proxisante.territory import load_territory
from proxisante.territory.lookup import PlaceHit
from proxisante.territory.names import MAX_CHOICES, CommuneNameError, label, resolve_commune_name
from proxisante.web.public.search import LEVELS

SUGGEST_URL = "/api/public/territoires?niveau=commune"


def resolve_any_commune(text: str) -> str:
    """A commune of France or Valais named exactly by ``text`` (name, other name, postcode of
    a single commune, « Name (code) » or code)."""
    raw = text.strip()
    terr = load_territory()
    if raw in terr.communes.index:
        return raw
    if not raw:
        raise CommuneNameError(_("commune : obligatoire (tapez son nom)"))
    found = terr.find(raw, levels={"commune"})
    only = found.only()
    if only is not None:
        return only.code
    named = [h for h in found.hits if h.reason != "close"]  # exact or part of a name
    raise _choice_error(raw, list(found.exact) or named, [h for h in found.hits if h not in named])


def _choice_error(raw: str, hits: list[PlaceHit], close: list[PlaceHit]) -> CommuneNameError:
    shown = repr(raw[:60])
    if not hits:
        message = _(
            "commune {name} : aucune commune de ce nom ; tapez le début du nom et choisissez "
            "dans la liste proposée (ou donnez son code INSEE, p. ex. 03190)"
        ).format(name=shown)
        if close:  # close spellings: suggestions, never a guess
            choices = ", ".join(_choice(h) for h in close[:MAX_CHOICES])
            message += " " + _("Vouliez-vous dire : {choices} ?").format(choices=choices)
        return CommuneNameError(message)
    choices = ", ".join(_choice(h) for h in hits[:MAX_CHOICES])
    more = "…" if len(hits) > MAX_CHOICES else ""
    return CommuneNameError(
        _(
            "commune {name} : plusieurs communes correspondent ({choices}{more}) ; choisissez "
            "dans la liste proposée ou précisez le code entre parenthèses, p. ex. « {example} »"
        ).format(name=shown, choices=choices, more=more, example=label(hits[0].code, hits[0].name))
    )


def resolve_local_commune(text: str, communes: Mapping[str, str]) -> str:
    """A commune among ``communes`` (code → name), e.g. those of the user's territory."""
    return resolve_commune_name(text, communes)


def area_code(text: str) -> str:
    """The code of the area ``text`` names exactly (« Name (code) », a name, other name or code
    of exactly one commune, EPCI, département, district…); ``text`` itself otherwise, for the
    service to check and explain."""
    raw = text.strip()
    if not raw:
        return raw
    only = load_territory().find(raw, levels=LEVELS).only()
    return only.code if only is not None else raw


def _choice(h: PlaceHit) -> str:
    """« Name (code) — département or district, country »."""
    return (
        f"{label(h.code, h.name)} — {', '.join(p for p in (h.parent_name, h.country_name()) if p)}"
    )
