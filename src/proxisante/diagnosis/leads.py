"""Leads drawn from the indicators: short sentences that point at where to act.

A lead that says a figure is unknown names the figures that would prove it wrong
(:class:`Lead`); :func:`draw_leads` drops it when one of them is shown with a value (e.g.
"Âge des médecins inconnu" beside a retirement exposure computed from the DREES APL ≤ 65).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from proxisante.diagnosis.formatting import fmt_percent, fmt_value
from proxisante.diagnosis.model import CommuneRow, ComparisonRow, Figure, Parameters
from proxisante.i18n import _, ngettext

MAX_NAMES = 8


@dataclass(frozen=True)
class Lead:
    """A sentence, and the figures whose known value would contradict it."""

    text: str
    contradicted_by: tuple[str, ...] = ()


def draw_leads(
    figures: Mapping[str, Figure],
    params: Parameters,
    communes: Sequence[CommuneRow],
    comparison: Sequence[ComparisonRow],
) -> tuple[str, ...]:
    """The leads of a diagnosis, in the current language, most local first; a lead that a
    figure of the diagnosis contradicts is left out."""
    out = [
        *_far_from_gp(communes, params),
        *_sous_dense(communes, params),
        *_apl_down(figures),
        *_density_low(figures, comparison),
        *_hospital_far(figures, params),
        # Doctors' ages: not in Valais, whose supply is an estimate (no file to import there).
        *([] if "supply_fte_ch" in figures else _retirement(figures, params)),
    ]
    return tuple(consistent(out, figures))


def consistent(leads: Sequence[Lead | str], figures: Mapping[str, Figure]) -> list[str]:
    """The texts of ``leads`` that no figure with a value contradicts."""
    out = []
    for lead in leads:
        if isinstance(lead, str):
            out.append(lead)
        elif not any(_known(figures, k) for k in lead.contradicted_by):
            out.append(lead.text)
    return out


def _known(figures: Mapping[str, Figure], key: str) -> bool:
    f = figures.get(key)
    return f is not None and f.value is not None


def _far_from_gp(communes: Sequence[CommuneRow], params: Parameters) -> list[str]:
    far = [c for c in communes if (c.values.minutes_gp or 0) > params.gp_far_minutes]
    if not far:
        return []
    names = ", ".join(c.name for c in far[:MAX_NAMES]) + ("…" if len(far) > MAX_NAMES else "")
    return [
        ngettext(
            "{n} commune, {p} habitants, est à plus de {t} d'un généraliste (estimation) : "
            "{names}.",
            "{n} communes, {p} habitants, sont à plus de {t} d'un généraliste (estimation) : "
            "{names}.",
            len(far),
        ).format(
            n=fmt_value(len(far), "count"),
            p=fmt_value(sum(c.values.population or 0 for c in far), "count"),
            t=fmt_value(params.gp_far_minutes, "minutes"),
            names=names,
        )
    ]


def _sous_dense(communes: Sequence[CommuneRow], params: Parameters) -> list[str]:
    under = [
        c
        for c in communes
        if c.values.apl_2023 is not None and c.values.apl_2023 < params.sous_dense_apl
    ]
    if not under:
        return []
    return [
        ngettext(
            "{n} commune, {p} habitants, a une APL 2023 inférieure à {s} (sous-dense).",
            "{n} communes, {p} habitants, ont une APL 2023 inférieure à {s} (sous-denses).",
            len(under),
        ).format(
            n=fmt_value(len(under), "count"),
            p=fmt_value(sum(c.values.population or 0 for c in under), "count"),
            s=fmt_value(params.sous_dense_apl, "apl"),
        )
    ]


def _apl_down(figures: Mapping[str, Figure]) -> list[str]:
    a22, a23 = figures["apl_2022"], figures["apl_2023"]
    if a22.value is None or a23.value is None or a23.value >= a22.value:
        return []
    return [
        _("L'APL baisse de {a} (2022) à {b} (2023) : l'offre recule face aux besoins.").format(
            a=a22.display, b=a23.display
        )
    ]


def _density_low(figures: Mapping[str, Figure], comparison: Sequence[ComparisonRow]) -> list[str]:
    dep = next((r for r in comparison if r.role == "reference"), None)
    own = figures["gp_per_10k"]
    if dep is None or own.value is None or dep.values.gp_per_10k is None:
        return []
    if not own.value < dep.values.gp_per_10k:
        return []
    return [
        _(
            "La densité de généralistes ({d}) est inférieure à la référence ({ref} : {r}) : "
            "l'installation de nouveaux médecins est une priorité."
        ).format(d=own.display, ref=dep.name, r=dep.display.gp_per_10k)
    ]


def _hospital_far(figures: Mapping[str, Figure], params: Parameters) -> list[str]:
    share = figures["share_beyond_30_hospital"].value
    if not share:
        return []
    return [
        _(
            "{s} de la population vit à plus de {t} d'un service d'urgence (SMUR et médecins "
            "correspondants du SAMU non comptés) : vérifier l'accès aux soins urgents en moins "
            "de {t}."
        ).format(s=fmt_percent(share), t=fmt_value(params.emergency_minutes, "minutes"))
    ]


def _retirement(figures: Mapping[str, Figure], params: Parameters) -> list[Lead | str]:
    out: list[Lead | str] = []
    if figures["gp_60_plus"].value is not None:
        text = ngettext(
            "{n} généraliste a {a} ans ou plus ({s}) : anticiper son départ en retraite.",
            "{n} généralistes ont {a} ans ou plus ({s}) : anticiper les départs en retraite.",
            int(figures["gp_60_plus"].value),
        )
        out.append(
            text.format(
                n=figures["gp_60_plus"].display,
                a=fmt_value(params.retirement_age, "count"),
                s=figures["gp_60_plus_share"].display,
            )
        )
    exposure = figures.get("retirement_exposure")
    if exposure is not None and exposure.value is not None and exposure.value > 0:
        out.append(
            _(
                "{s} de l'accès aux généralistes des habitants repose sur des médecins de plus de"
                " 65 ans (APL DREES avec et sans eux) : anticiper leurs départs en retraite."
            ).format(s=exposure.display)
        )
    out.append(
        Lead(
            _(
                "L'âge des médecins n'est pas publié dans les données ouvertes : le risque de "
                "départs en retraite n'est pas mesuré pour ce territoire."
            ),
            contradicted_by=("gp_60_plus", "retirement_exposure"),
        )
    )
    return out
