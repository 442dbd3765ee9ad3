"""Names of the areas whose name depends on the reader's language (the countries, the canton
of Valais and its three regions), through the translation catalogues; every other area keeps
its official name (communes, districts, EPCI, départements…)."""

from __future__ import annotations

from proxisante.i18n import N_, _

LEVEL_NAMES = {
    "commune": N_("commune"),
    "arrondissement": N_("arrondissement municipal"),
    "epci": N_("intercommunalité (EPCI)"),
    "departement": N_("département"),
    "region": N_("région"),
    "country": N_("pays"),
    "ch_district": N_("district (Valais)"),
    "ch_region": N_("région (Valais)"),
    "ch_canton": N_("canton"),
}
LOCAL_NAMES = {
    "fr": N_("France"),
    "ch": N_("Suisse"),
    "ch-canton:VS": N_("Valais"),
    "ch-region:haut-valais": N_("Haut-Valais"),
    "ch-region:valais-central": N_("Valais central"),
    "ch-region:bas-valais": N_("Bas-Valais"),
}


def local_name(code: str | None, name: str | None) -> str | None:
    """The name of the area ``code`` in the current language (``name`` when it has one name).

    >>> local_name("ch", "Suisse"), local_name("03310", "Vichy")
    ('Suisse', 'Vichy')
    """
    if code is not None and code in LOCAL_NAMES:
        return _(LOCAL_NAMES[code])
    return name


def level_name(level: str) -> str:
    """The name of a level of areas in the current language."""
    return _(LEVEL_NAMES[level]) if level in LEVEL_NAMES else level
