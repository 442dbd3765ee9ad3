"""The verdict sentence a territory's page and its diagnostic document open with: the class,
the figure that decides it, the threshold, and the same figure for the région and France, in
the current language (one wording for the web and the PDF).

« Arfeuilles : APL 1,19 consultation par an et par habitant, sous le seuil de 2,5 ; région
3,65, France 3,75. Classe « urgence ». »
"""

from __future__ import annotations

import math

from proxisante.access import classify as rule
from proxisante.i18n import N_, format_decimal, format_percent, get_lang, gettext, ngettext

CLASS_NAMES = {
    "urgence": N_("urgence"),
    "vigilance": N_("vigilance"),
    "proche": N_("proche du niveau régional"),
    "non_classe": N_("non classé"),
}


def _plural_n(value: float) -> int:
    """The count that chooses the plural form of a unit after a decimal ``value``: French puts
    the singular under 2 (« 1,19 consultation »), German and English only for exactly 1."""
    if get_lang() == "fr":
        return int(value) if value < 2 else 2
    return 1 if value == 1 else 2


def apl_phrase(apl: float) -> str:
    """« APL 1,19 consultation par an et par habitant »."""
    return ngettext(
        "APL {a} consultation par an et par habitant",
        "APL {a} consultations par an et par habitant",
        _plural_n(apl),
    ).format(a=format_decimal(apl, 2))


def verdict_sentence(
    name: str,
    apl: float | None,
    share_sous_dense: float | None,
    regional_apl: float | None,
    national_apl: float | None,
) -> str:
    """The one-sentence verdict of a territory (its class by the rule of ``classify``)."""
    found = rule.classify(apl, regional_apl, share_sous_dense)
    klass = found.klass
    if apl is None or klass == "non_classe":
        return gettext(
            "{name} : pas de classe, faute d'APL officielle publiée pour ce territoire."
        ).format(name=name)
    threshold = format_decimal(rule.URGENCE_APL, 1)
    share = share_sous_dense or 0.0
    if "apl_below_2_5" in found.reasons:
        why = gettext("sous le seuil de {t}").format(t=threshold)
    elif "half_sous_dense" in found.reasons:
        why = gettext(
            "au-dessus du seuil de {t}, mais {s} de la population vit dans une commune sous ce "
            "seuil (la moitié suffit à classer en urgence)"
        ).format(t=threshold, s=format_percent(share))
    elif "apl_below_90pct_region" in found.reasons and regional_apl is not None:
        why = gettext("sous {p} de l'APL de la région ({v})").format(
            p=format_percent(rule.VIGILANCE_RATIO, 0),
            v=format_decimal(rule.VIGILANCE_RATIO * regional_apl, 2),
        )
    elif "fifth_sous_dense" in found.reasons:
        why = gettext(
            "mais {s} de la population vit dans une commune sous le seuil de {t} (un cinquième "
            "suffit à placer en vigilance)"
        ).format(t=threshold, s=format_percent(share))
    else:
        why = gettext("au-dessus du seuil de {t} et d'au moins {p} de l'APL de la région").format(
            t=threshold, p=format_percent(rule.VIGILANCE_RATIO, 0)
        )
    refs = []
    if regional_apl is not None and math.isfinite(regional_apl):
        refs.append(gettext("région {v}").format(v=format_decimal(regional_apl, 2)))
    if national_apl is not None and math.isfinite(national_apl):
        refs.append(gettext("France {v}").format(v=format_decimal(national_apl, 2)))
    text = gettext("{name} : {apl}, {why}").format(name=name, apl=apl_phrase(apl), why=why)
    if refs:
        text = gettext("{main} ; {references}").format(main=text, references=", ".join(refs))
    return (
        text
        + ". "
        + gettext("Classe « {label} ».").format(label=gettext(CLASS_NAMES.get(klass, klass)))
    )
