"""The territory model: areas in a tree, identified by documented codes.

Codes (see ``docs/reference/territory-codes.md``):

=================  ===============================  =====================================
level              code                             example
=================  ===============================  =====================================
commune (FR)       INSEE code (COG 2026)            ``03310`` (Vichy), ``2A004``
arrondissement     INSEE code of the arrondissement ``75101`` (Paris 1er)
epci               SIREN of the EPCI                ``200071363`` (CA Vichy Communauté)
departement        ``dep:`` + code                  ``dep:03``
region             ``reg:`` + code                  ``reg:84``
country            ``fr`` / ``ch``                  ``fr``
commune (CH)       ``ch:`` + BFS number             ``ch:6266`` (Sion)
ch_district        ``ch-district:`` + BFS number    ``ch-district:2312`` (Sion)
ch_region          ``ch-region:`` + key             ``ch-region:bas-valais``
ch_canton          ``ch-canton:VS``                 ``ch-canton:VS``
=================  ===============================  =====================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVEL_LABELS_FR = {
    "commune": "commune",
    "arrondissement": "arrondissement municipal",
    "epci": "EPCI",
    "departement": "département",
    "region": "région",
    "country": "pays",
    "ch_district": "district (Valais)",
    "ch_region": "région (Valais)",
    "ch_canton": "canton",
}

# Column of the commune table that holds each level's code for every commune.
LEVEL_COLUMN = {
    "epci": "epci",
    "departement": "departement",
    "region": "region",
    "ch_district": "district",
    "ch_region": "ch_region",
    "ch_canton": "canton",
}

_INSEE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
_SIREN = re.compile(r"^\d{9}$")


@dataclass(frozen=True)
class Area:
    """One area of the tree. ``parents`` are area codes, nearest first."""

    code: str
    name: str
    level: str
    parents: tuple[str, ...] = ()
    kind: str | None = None


def normalise_code(raw: str) -> str:
    """Canonical form of a territory code typed by a user.

    >>> normalise_code(" DEP:3 ")
    'dep:03'
    >>> normalise_code("com:03310")
    '03310'
    >>> normalise_code("ch-canton:vs")
    'ch-canton:VS'
    >>> normalise_code("2a004")
    '2A004'
    """
    code = raw.strip()
    if ":" not in code:
        low = code.lower()
        if low in ("fr", "ch", "france"):
            return "fr" if low == "france" else low
        return code.upper() if _INSEE.match(code.upper()) else code
    prefix, _, rest = code.partition(":")
    prefix, rest = prefix.strip().lower(), rest.strip()
    if prefix in ("com", "commune", "insee"):
        return rest.upper()
    if prefix in ("epci", "siren"):
        return rest
    if prefix in ("dep", "reg"):
        if rest.isdigit() and len(rest) == 1:
            rest = "0" + rest
        return f"{prefix}:{rest.upper()}"
    if prefix == "ch-canton":
        return f"ch-canton:{rest.upper()}"
    if prefix == "ch-region":
        return f"ch-region:{rest.lower()}"
    return f"{prefix}:{rest}"


def looks_like_code(text: str) -> bool:
    """Whether ``text`` is shaped like a code (rather than a name to search for)."""
    t = text.strip()
    return bool(":" in t or _INSEE.match(t.upper()) or _SIREN.match(t) or t.isdigit())
