"""Leads drawn from the indicators: short sentences that point at where to act."""

from __future__ import annotations

from typing import Any

from proxisante.diagnosis.formatting import fmt_percent, fmt_value

TEXT = {
    "far_gp": {
        "fr": "{n} commune(s), {p} habitants, sont à plus de {t} d'un généraliste (estimation) : "
        "{names}.",
        "de": "{n} Gemeinde(n), {p} Einwohner, liegen mehr als {t} von einem Hausarzt entfernt "
        "(Schätzung): {names}.",
        "en": "{n} commune(s), {p} inhabitants, are more than {t} from any GP (estimate): {names}.",
    },
    "sous_dense": {
        "fr": "{n} commune(s), {p} habitants, ont une APL 2023 inférieure à {s} (sous-denses).",
        "de": "{n} Gemeinde(n), {p} Einwohner, haben eine APL 2023 unter {s} (unterversorgt).",
        "en": "{n} commune(s), {p} inhabitants, have an APL 2023 below {s} (under-served).",
    },
    "apl_down": {
        "fr": "L'APL baisse de {a} (2022) à {b} (2023) : l'offre recule face aux besoins.",
        "de": "Die APL sinkt von {a} (2022) auf {b} (2023).",
        "en": "The APL falls from {a} (2022) to {b} (2023).",
    },
    "density_low": {
        "fr": "La densité de généralistes ({d}) est inférieure à celle de {ref} ({r}) : "
        "l'installation de nouveaux médecins est une priorité.",
        "de": "Die Hausarztdichte ({d}) liegt unter jener von {ref} ({r}).",
        "en": "GP density ({d}) is below that of {ref} ({r}): attracting new doctors is a "
        "priority.",
    },
    "hospital_far": {
        "fr": "{s} de la population vit à plus de {t} d'un site hospitalier (proxy des urgences) : "
        "vérifier l'accès aux soins urgents en moins de {t}.",
        "de": "{s} der Bevölkerung wohnt mehr als {t} von einem Spital entfernt (Proxy Notfall).",
        "en": "{s} of the population lives more than {t} from a hospital site (emergency proxy).",
    },
    "retirement": {
        "fr": "{n} généraliste(s) ont {a} ans ou plus ({s}) : anticiper les départs en retraite.",
        "de": "{n} Hausarzt/-ärzte sind {a} Jahre oder älter ({s}): Pensionierungen planen.",
        "en": "{n} GP(s) are aged {a} or over ({s}): plan for retirements.",
    },
    "ages_unknown": {
        "fr": "Âge des médecins inconnu : importer un fichier de professionnels avec leur âge "
        "pour mesurer le risque de départs en retraite.",
        "de": "Alter der Ärzte unbekannt: eine Datei mit Altersangaben importieren.",
        "en": "Doctors' ages unknown: import a professionals file with ages to measure "
        "retirement risk.",
    },
}


def draw_leads(data: dict[str, Any], lang: str) -> list[str]:
    figs = data["figures"]
    params = data["parameters"]
    out: list[str] = []
    communes = data["communes"]
    far = [c for c in communes if (c["values"]["minutes_gp"] or 0) > params["gp_far_minutes"]]
    if far:
        names = ", ".join(c["name"] for c in far[:8]) + ("…" if len(far) > 8 else "")
        out.append(
            TEXT["far_gp"][lang].format(
                n=fmt_value(len(far), "count", lang),
                p=fmt_value(sum(c["values"]["population"] or 0 for c in far), "count", lang),
                t=fmt_value(params["gp_far_minutes"], "minutes", lang),
                names=names,
            )
        )
    under = [
        c
        for c in communes
        if c["values"]["apl_2023"] is not None
        and c["values"]["apl_2023"] < params["sous_dense_apl"]
    ]
    if under:
        out.append(
            TEXT["sous_dense"][lang].format(
                n=fmt_value(len(under), "count", lang),
                p=fmt_value(sum(c["values"]["population"] or 0 for c in under), "count", lang),
                s=fmt_value(params["sous_dense_apl"], "apl", lang),
            )
        )
    a22, a23 = figs["apl_2022"]["value"], figs["apl_2023"]["value"]
    if a22 is not None and a23 is not None and a23 < a22:
        out.append(
            TEXT["apl_down"][lang].format(
                a=figs["apl_2022"]["display"], b=figs["apl_2023"]["display"]
            )
        )
    dep = next((r for r in data["comparison"] if r["role"] == "reference"), None)
    own = figs["gp_per_10k"]["value"]
    if (
        dep
        and own is not None
        and dep["values"]["gp_per_10k"] is not None
        and own < dep["values"]["gp_per_10k"]
    ):
        out.append(
            TEXT["density_low"][lang].format(
                d=figs["gp_per_10k"]["display"], ref=dep["name"], r=dep["display"]["gp_per_10k"]
            )
        )
    share = figs["share_beyond_30_hospital"]["value"]
    if share:
        out.append(
            TEXT["hospital_far"][lang].format(
                s=fmt_percent(share, lang),
                t=fmt_value(params["emergency_minutes"], "minutes", lang),
            )
        )
    if figs["gp_60_plus"]["value"] is not None:
        out.append(
            TEXT["retirement"][lang].format(
                n=figs["gp_60_plus"]["display"],
                a=fmt_value(params["retirement_age"], "count", lang),
                s=figs["gp_60_plus_share"]["display"],
            )
        )
    else:
        out.append(TEXT["ages_unknown"][lang])
    return out
