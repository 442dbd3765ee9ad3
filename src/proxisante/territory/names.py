"""A commune named by a person (its name, accents and case ignored) resolved to its code.

People type names; machines send codes. :func:`resolve_commune_name` accepts either, and the
« Name (code) » form the suggestion lists offer, among the candidate communes it is given (a
territory's communes, or the hits of the territory search). Unknown or ambiguous names raise a
:class:`CommuneNameError` (HTTP 400) whose French message names the input and the choices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.territory.search import fold

MAX_CHOICES = 6
WITH_CODE = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$")
# What a machine sends: an INSEE code (03190, 2A004) or a Valais commune (ch:6266).
CODE_LIKE = re.compile(r"^(\d[\dAB]\d{2,3}|ch:\d{1,5})$", re.IGNORECASE)


class CommuneNameError(UserError):
    """A commune name that names no commune, or several (HTTP 400)."""

    http_status = 400


def label(code: str, name: str) -> str:
    """« Name (code) »: what a suggestion list offers and :func:`resolve_commune_name` reads."""
    return f"{name} ({code})"


def resolve_commune_name(text: str, candidates: Mapping[str, str]) -> str:
    """The code of the commune ``text`` names among ``candidates`` (code → name).

    ``text`` is a code, « Name (code) », a name (exact, accents and case ignored) or the
    beginning of exactly one name.

    >>> communes = {"03190": "Moulins", "58175": "Moulins-Engilbert", "03310": "Vichy"}
    >>> resolve_commune_name("moulins", communes), resolve_commune_name("Vichy (03310)", communes)
    ('03190', '03310')
    >>> resolve_commune_name("moulins e", communes)
    '58175'
    """
    raw = text.strip()
    if not raw:
        raise CommuneNameError(_("commune : obligatoire (tapez son nom)"))
    if raw in candidates:
        return raw
    with_code = WITH_CODE.match(raw)
    if with_code and with_code.group("code").strip() in candidates:
        return with_code.group("code").strip()
    wanted = fold(with_code.group("name") if with_code else raw)
    folded = {code: fold(name) for code, name in candidates.items()}
    exact = [c for c, f in folded.items() if f == wanted]
    if len(exact) == 1:
        return exact[0]
    found = exact or [c for c, f in folded.items() if wanted and f.startswith(wanted)]
    if len(found) == 1:
        return found[0]
    shown = repr(raw[:60])
    if not found:
        raise CommuneNameError(
            _(
                "commune {name} : aucune commune de ce nom ; tapez le début du nom et choisissez "
                "dans la liste proposée (ou donnez son code INSEE, p. ex. 03190)"
            ).format(name=shown)
        )
    choices = ", ".join(label(c, candidates[c]) for c in sorted(found)[:MAX_CHOICES])
    more = "…" if len(found) > MAX_CHOICES else ""
    raise CommuneNameError(
        _(
            "commune {name} : plusieurs communes correspondent ({choices}{more}) ; choisissez "
            "dans la liste proposée ou précisez le code entre parenthèses, p. ex. « {example} »"
        ).format(
            name=shown, choices=choices, more=more, example=label(found[0], candidates[found[0]])
        )
    )
