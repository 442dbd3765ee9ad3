"""User-facing words of the diagnosis (French source texts, translated through the catalogues).

Module constants are marked with ``N_`` and translated where they are shown (``_(...)``), so
that the language of the current context applies.
"""

from __future__ import annotations

from proxisante.i18n import N_, _

TITLE = N_("Diagnostic Santé Flash")

SECTION_TITLES: dict[str, str] = {
    "synthesis": N_("Synthèse"),
    "scope": N_("Objet et périmètre"),
    "context": N_("Contexte territorial"),
    "demography": N_("Démographie et besoins"),
    "supply": N_("Offre de soins de premier recours"),
    "departement": N_("Tendance et autres professions (niveau départemental)"),
    "proximity": N_("Proximité et répartition"),
    "perspectives": N_("Perspectives à 5 et 10 ans"),
    "professions": N_("Infirmiers et autres professions"),
    "seasons": N_("Saisons : résidences secondaires et population estivale"),
    "classification": N_("Classement"),
    "leads": N_("Initiatives et pistes"),
    "contacts": N_("Contacts"),
    "annex": N_("Annexe : sources et notes de méthode"),
}

CLASSES: dict[str, str] = {
    "urgence": N_("urgence"),
    "vigilance": N_("vigilance"),
    "proche": N_("proche du niveau régional"),
    "non_classe": N_("non classé (données insuffisantes)"),
}

NATURE: dict[str, str] = {
    "official": N_("valeur officielle"),
    "computed": N_("calcul ProxiSanté"),
    "estimate": N_("estimation"),
    "proxy": N_("indicateur approché (proxy)"),
    "simulation": N_("simulation"),
}

LEVELS: dict[str, str] = {
    "commune": N_("commune"),
    "epci": N_("EPCI"),
    "departement": N_("département"),
    "region": N_("région"),
    "ch_district": N_("district"),
    "ch_region": N_("région du Valais"),
    "ch_canton": N_("canton"),
    "communes": N_("ensemble de communes"),
    "country": N_("pays"),
}


def section_title(key: str) -> str:
    return _(SECTION_TITLES[key])


def class_label(klass: str) -> str:
    return _(CLASSES[klass])


def nature_label(nature: str) -> str:
    return _(NATURE[nature])


def level_label(level: str) -> str:
    return _(LEVELS[level]) if level in LEVELS else level
