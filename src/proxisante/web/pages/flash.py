"""The confirmations a page shows after a form's redirect: ``?message=KEY`` and the key's
parameters, never a text. Only the keys of :data:`MESSAGES` are shown, each with its own
sentence (translated when shown, in the reader's language) and parameters of a fixed form
(numbers, a priority letter); an unknown key or a malformed parameter shows nothing, so a link
cannot put its own words in the page's success box (issue 20).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request

from proxisante.i18n import N_, _, ngettext

_NUMBER = re.compile(r"[0-9]{1,10}")
_LEVEL = re.compile(r"[A-E]")


@dataclass(frozen=True)
class Flash:
    """One confirmation: its parameters (name → form) and how its sentence is made."""

    params: Mapping[str, re.Pattern[str]]
    text: Callable[[Mapping[str, str]], str]


def _fixed(source: str) -> Flash:
    return Flash({}, lambda _p: _(source))


def _with_id(source: str) -> Flash:
    return Flash({"id": _NUMBER}, lambda p: _(source).format(id=p["id"]))


def _matching(p: Mapping[str, str]) -> str:
    proposals, waiting = int(p["proposals"]), int(p["waiting"])
    sent = ngettext("{n} proposition envoyée", "{n} propositions envoyées", proposals).format(
        n=proposals
    )
    people = ngettext("{n} patient en attente", "{n} patients en attente", waiting).format(
        n=waiting
    )
    return _("Appariement terminé : {sent} pour {people}.").format(sent=sent, people=people)


MESSAGES: dict[str, Flash] = {
    "matching-done": Flash({"proposals": _NUMBER, "waiting": _NUMBER}, _matching),
    "patient-registered": Flash(
        {"id": _NUMBER, "level": _LEVEL},
        lambda p: _("Patient n° {id} inscrit, priorité {level}.").format(
            id=p["id"], level=p["level"]
        ),
    ),
    "patient-corrected": _fixed(N_("Fiche corrigée ; priorité recalculée.")),
    "patient-note-added": _fixed(N_("Note ajoutée à la fiche.")),
    "patient-withdrawn": _fixed(
        N_(
            "Demande retirée de la liste ; ses données seront effacées à la fin de la durée de "
            "conservation."
        )
    ),
    "patient-erased": _with_id(
        N_("Patient n° {id} effacé : ses données personnelles ne sont plus conservées.")
    ),
    "privacy-settings-saved": _fixed(
        N_("Réglages enregistrés ; la page « Données personnelles » les montre.")
    ),
    "capacity-saved": _fixed(N_("Capacité enregistrée.")),
    "proposal-accepted": _fixed(N_("Proposition acceptée : le patient vous est rattaché.")),
    "proposal-declined": _fixed(N_("Proposition refusée : elle passe au professionnel suivant.")),
    "proposal-closed": _fixed(
        N_("Cette proposition n'est plus ouverte ou vous n'avez plus de place.")
    ),
    "content-added": _with_id(N_("Contenu n° {id} ajouté.")),
    "content-changed": _with_id(N_("Contenu n° {id} modifié.")),
    "content-removed": _with_id(N_("Contenu n° {id} supprimé.")),
    "project-created": _fixed(N_("Projet créé, premier relevé des indicateurs enregistré.")),
    "project-changed": _fixed(N_("Projet modifié.")),
    "milestone-added": _fixed(N_("Jalon ajouté.")),
    "milestone-updated": _fixed(N_("Jalon mis à jour.")),
    "status-saved": _fixed(N_("Stade et statut enregistrés.")),
    "snapshot-taken": _fixed(N_("Relevé du mois enregistré.")),
    "snapshot-exists": _fixed(N_("Le relevé de ce mois existe déjà.")),
}


def flash_url(path: str, key: str, **params: int | str) -> str:
    """``path`` with the confirmation ``key`` and its parameters in the query."""
    flash = MESSAGES[key]  # a KeyError here is a programming error
    values = {name: str(value) for name, value in params.items()}
    if set(values) != set(flash.params) or not all(
        flash.params[n].fullmatch(v) for n, v in values.items()
    ):
        raise ValueError(f"confirmation {key}: parameters {sorted(values)}")
    return f"{path}?{urlencode({'message': key, **values})}"


def flash_text(request: Request) -> str:
    """The confirmation the address asks for, in the current language; ``""`` for none, an
    unknown key or a parameter missing or not of its form."""
    query = request.query_params
    flash = MESSAGES.get(query.get("message", ""))
    if flash is None:
        return ""
    values = {name: query.get(name, "") for name in flash.params}
    if not all(flash.params[n].fullmatch(v) for n, v in values.items()):
        return ""
    return flash.text(values)
