"""User-facing words of the diagnosis, in French (default), German and English."""

from __future__ import annotations

LANGS = ("fr", "de", "en")

SECTION_TITLES: dict[str, dict[str, str]] = {
    "scope": {"fr": "Objet et périmètre", "de": "Zweck und Perimeter", "en": "Purpose and scope"},
    "context": {
        "fr": "Contexte territorial",
        "de": "Territorialer Kontext",
        "en": "Territorial context",
    },
    "demography": {
        "fr": "Démographie et besoins",
        "de": "Demografie und Bedarf",
        "en": "Demography and needs",
    },
    "supply": {
        "fr": "Offre de soins de premier recours",
        "de": "Angebot der Grundversorgung",
        "en": "Primary-care supply",
    },
    "proximity": {
        "fr": "Proximité et répartition",
        "de": "Erreichbarkeit und Verteilung",
        "en": "Proximity and distribution",
    },
    "classification": {"fr": "Classement", "de": "Einstufung", "en": "Classification"},
    "leads": {
        "fr": "Initiatives et pistes",
        "de": "Initiativen und Ansatzpunkte",
        "en": "Initiatives and leads",
    },
    "contacts": {"fr": "Contacts", "de": "Kontakte", "en": "Contacts"},
}

CLASSES: dict[str, dict[str, str]] = {
    "urgence": {"fr": "urgence", "de": "dringend", "en": "urgent"},
    "vigilance": {"fr": "vigilance", "de": "Wachsamkeit", "en": "watch"},
    "proche": {
        "fr": "proche du niveau régional",
        "de": "nahe am regionalen Niveau",
        "en": "close to the regional level",
    },
    "non_classe": {
        "fr": "non classé (données insuffisantes)",
        "de": "nicht eingestuft (Daten unzureichend)",
        "en": "not classified (insufficient data)",
    },
}

NATURE: dict[str, dict[str, str]] = {
    "official": {"fr": "valeur officielle", "de": "amtlicher Wert", "en": "official value"},
    "computed": {
        "fr": "calcul ProxiSanté",
        "de": "Berechnung ProxiSanté",
        "en": "ProxiSanté computation",
    },
    "estimate": {"fr": "estimation", "de": "Schätzung", "en": "estimate"},
    "proxy": {"fr": "indicateur approché (proxy)", "de": "Näherungswert (Proxy)", "en": "proxy"},
}

WORDS: dict[str, dict[str, str]] = {
    "title": {
        "fr": "Diagnostic Santé Flash",
        "de": "Gesundheits-Kurzdiagnose",
        "en": "Health Flash Diagnosis",
    },
    "not_available": {"fr": "n.d.", "de": "k.A.", "en": "n/a"},
    "commune": {"fr": "Commune", "de": "Gemeinde", "en": "Commune"},
    "communes": {"fr": "communes", "de": "Gemeinden", "en": "communes"},
    "territory": {"fr": "Territoire", "de": "Gebiet", "en": "Territory"},
    "source": {"fr": "Source", "de": "Quelle", "en": "Source"},
    "nature": {"fr": "Nature", "de": "Art", "en": "Nature"},
    "indicator": {"fr": "Indicateur", "de": "Indikator", "en": "Indicator"},
    "value": {"fr": "Valeur", "de": "Wert", "en": "Value"},
    "map_territory": {
        "fr": "Le territoire et ses communes",
        "de": "Das Gebiet und seine Gemeinden",
        "en": "The territory and its communes",
    },
    "map_apl": {
        "fr": "APL 2023 (DREES) par commune",
        "de": "APL 2023 (DREES) nach Gemeinde",
        "en": "APL 2023 (DREES) by commune",
    },
    "map_time": {
        "fr": "Temps d'accès estimé au généraliste le plus proche",
        "de": "Geschätzte Fahrzeit zur nächsten Hausarztpraxis",
        "en": "Estimated travel time to the nearest GP",
    },
    "chart_density": {
        "fr": "Généralistes libéraux pour 10 000 habitants",
        "de": "Hausärzte (selbstständig) pro 10 000 Einwohner",
        "en": "Liberal GPs per 10,000 inhabitants",
    },
    "comparison": {"fr": "Comparaison", "de": "Vergleich", "en": "Comparison"},
    "communes_table": {
        "fr": "Indicateurs par commune",
        "de": "Indikatoren nach Gemeinde",
        "en": "Indicators by commune",
    },
    "no_contacts": {
        "fr": "Aucun fichier de contacts fourni (option --contacts).",
        "de": "Keine Kontaktdatei angegeben (Option --contacts).",
        "en": "No contacts file given (option --contacts).",
    },
    "legend": {"fr": "Légende", "de": "Legende", "en": "Legend"},
    "no_data": {"fr": "pas de donnée", "de": "keine Daten", "en": "no data"},
    "neighbours": {"fr": "Voisins", "de": "Nachbarn", "en": "Neighbours"},
    "rule": {"fr": "Règle", "de": "Regel", "en": "Rule"},
    "class": {"fr": "Classe", "de": "Klasse", "en": "Class"},
    "structures": {
        "fr": "Structures connues",
        "de": "Bekannte Einrichtungen",
        "en": "Known structures",
    },
    "leads": {
        "fr": "Pistes tirées des indicateurs",
        "de": "Ansatzpunkte aus den Indikatoren",
        "en": "Leads drawn from the indicators",
    },
    "estimates_note": {
        "fr": "Les valeurs marquées « estimation » ou « proxy » ne sont pas des mesures.",
        "de": "Als «Schätzung» oder «Proxy» markierte Werte sind keine Messungen.",
        "en": "Values marked 'estimate' or 'proxy' are not measurements.",
    },
    "page": {"fr": "page", "de": "Seite", "en": "page"},
}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]
