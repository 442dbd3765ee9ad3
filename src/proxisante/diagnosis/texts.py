"""The prose of a diagnosis: purpose, needs, footer, notes, map legends, labels of the cover."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from itertools import pairwise

from proxisante.access.communes import U65_NOT_COMPUTED
from proxisante.diagnosis.basis import Basis
from proxisante.diagnosis.formatting import NBSP, fmt_number
from proxisante.diagnosis.model import Figure, MapClass, Source, Texts
from proxisante.diagnosis.scales import SCALES
from proxisante.i18n import _
from proxisante.territory.emergency import NOT_COUNTED, emergency_sites


def texts(name: str, figures: Mapping[str, Figure], country: str = "FR") -> Texts:
    need = figures.get("need_index")
    purpose = _(
        "Ce diagnostic ({name}) décrit l'accès aux soins de premier recours sous un format "
        "identique pour tous les territoires, afin de comparer voisins et de préparer la "
        "concertation locale. Il repose sur des données ouvertes ; les estimations et "
        "indicateurs approchés sont signalés."
    ).format(name=name)
    if need is None or need.value is None:
        needs = _(
            "La structure par âge n'est pas connue par commune dans les données utilisées : les "
            "besoins ne sont pas pondérés par l'âge."
        )
    elif need.value > 1:
        needs = _(
            "Indice de besoin {index} : la structure par âge appelle plus de consultations par "
            "habitant que la moyenne nationale (pondération DREES)."
        ).format(index=need.display)
    else:
        needs = _(
            "Indice de besoin {index} : la structure par âge appelle moins de consultations par "
            "habitant que la moyenne nationale (pondération DREES)."
        ).format(index=need.display)
    footer = _(
        "ProxiSanté — logiciel libre (AGPL-3.0). Données : INSEE, DREES, ANCT, IGN, "
        "Ministère de la Santé (FINESS), OFS/BFS, swisstopo."
    )
    if country == "CH":
        share = figures.get("share_65_plus")
        needs = _(
            "Part des 65 ans et plus : {share} (OFS 2019). Les besoins ne sont pas pondérés par "
            "âge en Valais : les poids de consommation par âge de l'APL sont français."
        ).format(share=share.display if share else "—")
        footer = _(
            "ProxiSanté — logiciel libre (AGPL-3.0). Données : OFS/BFS, swisstopo, "
            "Observatoire valaisan de la santé, Hôpital du Valais."
        )
    reading = apl_reading(figures) if country != "CH" else ""
    return Texts(purpose=purpose, needs=needs, footer=footer, apl_reading=reading)


def apl_reading(figures: Mapping[str, Figure]) -> str:
    """Official vs computed APL: which to trust, for what."""
    official, computed = figures.get("apl_2023"), figures.get("apl_computed")
    has_official = official is not None and official.value is not None
    has_computed = computed is not None and computed.value is not None
    if has_official and official is not None:
        text = _(
            "Quelle APL lire ? L'APL officielle de la DREES ({official}) est la référence : c'est"
            " elle qui donne le niveau d'accès, classe le territoire et le compare à ses voisins,"
            " au département et à la région."
        ).format(official=official.display)
        if has_computed and computed is not None:
            text += " " + _(
                "L'APL calculée par ProxiSanté ({computed}) applique la même méthode à des"
                " données ouvertes moins fines (temps de trajet estimés, médecins comptés avec"
                " une activité moyenne) : son niveau diffère de l'officiel et ne se compare pas"
                " à lui. Elle sert aux scénarios et aux projections, dont seule la variation"
                " simulée est reportée sur l'APL officielle (ancrage)."
            ).format(computed=computed.display)
        return text
    if has_computed and computed is not None:
        return _(
            "Pas d'APL officielle pour ce territoire : l'APL calculée par ProxiSanté"
            " ({computed}) est une estimation, à lire comme un ordre de grandeur."
        ).format(computed=computed.display)
    return ""


def notes(b: Basis, figures: Mapping[str, Figure]) -> tuple[str, ...]:
    """What the figures rest on: estimates, the APL inputs, the emergency proxy, Valais. A note
    that a shown figure contradicts is reworded (the ≤ 65 APL is not computed, but the official
    one gives the retirement exposure)."""
    ind = b.indicators
    out = [_("Les valeurs marquées « estimation » ou « proxy » ne sont pas des mesures.")]
    exposure = figures.get("retirement_exposure")
    for n in ind.apl_notes:
        if _(n) == _(U65_NOT_COMPUTED) and exposure is not None and exposure.value is not None:
            out.append(
                _(
                    "APL ≤ 65 ans : la valeur officielle de la DREES donne l'exposition à la"
                    " retraite ; ProxiSanté ne la recalcule pas sans l'âge des médecins."
                )
            )
        else:
            out.append(_(n))
    out.extend(_(n) for n in ind.time_notes if _(n) not in out)
    if ind.supply_label:
        out.append(
            _("APL calculée — offre : {supply} ; demande : {demand}.").format(
                supply=_(ind.supply_label), demand=_(ind.demand_label)
            )
        )
    out.append(emergency_note(b))
    if not b.is_fr:
        out.append(
            _(
                "Valais : pas de décompte ouvert des médecins ni d'APL officielle ; la densité et "
                "l'APL ne sont donc pas calculées."
            )
        )
    return tuple(out)


def emergency_note(b: Basis) -> str:
    """What the emergency figures rest on, for the territory's country."""
    sites = emergency_sites(b.terr.hospitals, b.terr.communes, b.inputs.structures)
    if sites.proxy:
        what = _("indicateur approché (repli) : hôpitaux généraux retenus par une règle documentée")
    elif b.is_fr:
        what = _(
            "services d'urgence autorisés de la SAE 2025 (DREES) ; un service saisonnier "
            "seulement compte en juillet-août, un service pédiatrique seulement ne compte pas"
        )
    else:
        what = _(
            "Sion et Viège 24 h/24, Martigny de jour (8–18 h ; la nuit, le plus proche ouvert), "
            "Rennaz (VD) pour le Chablais, selon les faits publiés par l'Hôpital du Valais et "
            "l'HRC"
        )
    return _("Urgences : {what}. {not_counted}").format(what=what, not_counted=_(NOT_COUNTED))


def map_classes(key: str) -> tuple[MapClass, ...]:
    """The legend classes of the map of ``key``, from the one definition of the web and PDF
    colour scales (``diagnosis/scales.py``)."""
    scale = SCALES[key]
    b = scale.breaks
    suffix = f"{NBSP}min" if scale.unit == "minutes" else ""

    def num(v: float) -> str:
        return fmt_number(v, None, scale.digits)

    out = [MapClass(None, b[0], f"< {num(b[0])}{suffix}")]
    out += [MapClass(lo, hi, f"{num(lo)} – {num(hi)}{suffix}") for lo, hi in pairwise(b)]
    out.append(MapClass(b[-1], None, f"≥ {num(b[-1])}{suffix}"))
    return tuple(out)


def apl_classes() -> tuple[MapClass, ...]:
    return map_classes("apl")


def time_classes() -> tuple[MapClass, ...]:
    return map_classes("minutes_gp")


def source_in_lang(source: Source) -> Source:
    """A source with its description, vintage, note, publisher and licence in the current
    language (a publisher's or a dataset's proper name is kept; the Swiss ones have their
    official name in each language). The texts of the bundle's sources are in
    the catalogues (``diagnosis/provenance.py``); an unknown text is shown as published."""
    return dataclasses.replace(
        source,
        content=_(source.content),
        vintage=_(source.vintage),
        note=_(source.note) if source.note else source.note,
        publisher=_(source.publisher),
        licence=_(source.licence),
        packaged_by=_(source.packaged_by) if source.packaged_by else source.packaged_by,
    )
