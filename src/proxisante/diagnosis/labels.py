"""User-facing words of the diagnosis (French source texts, translated through the catalogues):
the one vocabulary of classes, natures, levels and indicator definitions, for the diagnostic
document and the public pages alike.

Module constants are marked with ``N_`` and translated where they are shown (``_(...)``), so
that the language of the current context applies. A term has one key everywhere; where the
public pages word it more briefly (a table cell, a badge) or more explicitly (a search hit),
``PAGE_*`` holds the page's wording of that key, and the functions take ``page=True``.
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

# The public pages' wording where it differs from the document's (same keys).
PAGE_CLASSES: dict[str, str] = CLASSES | {"non_classe": N_("non classé")}

PAGE_NATURE: dict[str, str] = {
    "official": N_("officiel"),
    "computed": N_("calculé"),
    "estimate": N_("estimation"),
    "proxy": N_("indicateur approché"),
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


PAGE_LEVELS: dict[str, str] = {
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

# What each indicator measures, in plain words (the ⓘ of the public pages). APL is defined
# once here.
DEFINITIONS: dict[str, str] = {
    "population": N_("Habitants recensés (population municipale légale)."),
    "communes": N_("Nombre de communes du territoire."),
    "gp": N_(
        "Médecins généralistes exerçant en libéral recensés par l'INSEE (Base permanente des "
        "équipements) dans les communes du territoire, tous âges et activités confondus."
    ),
    "gp_density": N_(
        "Médecins généralistes libéraux rapportés à la population : nombre pour 10 000 "
        "habitants. Ne tient compte ni de leur activité ni des médecins des communes voisines."
    ),
    "apl": N_(
        "L'APL (accessibilité potentielle localisée) est le nombre de consultations de "
        "médecin généraliste accessibles en un an à un habitant, compte tenu des médecins "
        "situés à moins de 20 minutes, de leur activité et de l'âge de la population (les "
        "personnes âgées consultent plus). Unité : consultations par an et par habitant. Une "
        "commune sous 2,5 est dite sous-dense. Publiée par la DREES."
    ),
    "sous_dense": N_(
        "Part des habitants du territoire dont la commune a une APL officielle inférieure à "
        "2,5 consultations par an et par habitant."
    ),
    "apl_computed": N_(
        "La même mesure que l'APL officielle, recalculée par ProxiSanté avec des données "
        "ouvertes (temps de trajet estimés, activité moyenne des médecins). Elle sert aux "
        "scénarios ; son niveau ne se compare pas à l'APL officielle."
    ),
    "minutes_gp": N_(
        "Temps de trajet en voiture estimé jusqu'au cabinet de généraliste le plus proche, en "
        "moyenne pondérée par la population."
    ),
    "far_emergency": N_(
        "Part des habitants à plus de 30 minutes de route d'un service d'urgence autorisé."
    ),
    "supply_ch": N_(
        "Médecins de premier recours en équivalents temps plein, estimés à partir de la "
        "densité publiée par l'Observatoire valaisan de la santé pour chaque région (enquête "
        "2018), répartie selon la population."
    ),
    "supply_density_ch": N_(
        "Médecins de premier recours estimés (équivalents temps plein) pour 1 000 habitants."
    ),
    "access_ch": N_(
        "Équivalents temps plein de médecins de premier recours accessibles pour 1 000 "
        "habitants, compte tenu des temps de trajet estimés (ce n'est pas l'APL française)."
    ),
    "minutes_emergency_ch": N_(
        "Temps de trajet en voiture estimé jusqu'au service d'urgence le plus proche, en "
        "moyenne pondérée par la population."
    ),
    "far_emergency_ch": N_(
        "Part des habitants à plus de 30 minutes de route d'un service d'urgence."
    ),
    "apl_2024_other": N_(
        "APL à une profession de santé : équivalents temps plein accessibles pour 100 000 "
        "habitants standardisés, moyenne du département. Ne se compare pas à l'APL aux "
        "médecins."
    ),
    "apl_nurse": N_(
        "APL aux infirmières : équivalents temps plein d'infirmières libérales accessibles pour "
        "100 000 habitants standardisés. Ne se compare pas à l'APL aux médecins."
    ),
}

# The GP zoning of the ARS orders (the public pages' share of population by zone).
ZONES: dict[str, str] = {
    "ZIP": N_("zone d'intervention prioritaire (ZIP)"),
    "ZAC": N_("zone d'action complémentaire (ZAC)"),
    "ZAR": N_("zone d'action régionale (ZAR)"),
    "HZ": N_("hors zonage"),
}


def section_title(key: str) -> str:
    return _(SECTION_TITLES[key])


def class_label(klass: str, *, page: bool = False) -> str:
    """The class's name (``page``: as the public pages word it; an unknown key as given)."""
    if page:
        return _(PAGE_CLASSES.get(klass, klass))
    return _(CLASSES[klass])


def nature_label(nature: str, *, page: bool = False) -> str:
    return _(PAGE_NATURE[nature]) if page else _(NATURE[nature])


def level_label(level: str, *, page: bool = False) -> str:
    if page:
        return _(PAGE_LEVELS.get(level, level))
    return _(LEVELS[level]) if level in LEVELS else level


def definition(key: str) -> str:
    """What the figure ``key`` measures, in the current language ("" when undefined); the
    DREES APL 2024 of a profession (``apl_2024_…``) shares the GP APL's or the other
    professions' definition."""
    if key.startswith("apl_2024_"):
        key = "apl" if key == "apl_2024_gp" else "apl_2024_other"
    text = DEFINITIONS.get(key, "")
    return _(text) if text else ""
