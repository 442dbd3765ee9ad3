"""The prose of a diagnosis: purpose, needs, footer, notes, map legends, labels of the cover."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from proxisante.diagnosis.basis import Basis
from proxisante.diagnosis.formatting import fmt_value
from proxisante.diagnosis.model import Figure, MapClass, Source, Texts
from proxisante.i18n import _


def texts(name: str, figures: Mapping[str, Figure], country: str = "FR") -> Texts:
    need = figures.get("need_index")
    purpose = _(
        "Ce diagnostic décrit l'accès aux soins de premier recours de {name} sous un format "
        "identique pour tous les territoires, afin de comparer voisins et de préparer la "
        "concertation locale. Il repose sur des données ouvertes ; les estimations et "
        "indicateurs approchés sont signalés."
    ).format(name=name)
    if need is None or need.value is None:
        needs = _(
            "Structure par âge non connue par commune dans les données embarquées : importer "
            "la population par âge (insee-age) pour pondérer les besoins."
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
    return Texts(purpose=purpose, needs=needs, footer=footer)


def notes(b: Basis) -> tuple[str, ...]:
    """What the figures rest on: estimates, the APL inputs, the emergency proxy, Valais."""
    ind = b.indicators
    out = [_("Les valeurs marquées « estimation » ou « proxy » ne sont pas des mesures.")]
    out.extend(_(n) for n in ind.apl_notes)
    out.extend(_(n) for n in ind.time_notes if _(n) not in out)
    if ind.supply_label:
        out.append(
            _("APL calculée — offre : {supply} ; demande : {demand}.").format(
                supply=_(ind.supply_label), demand=_(ind.demand_label)
            )
        )
    out.append(
        _(
            "Urgences : aucun signalement des services d'urgence dans les données ouvertes ; "
            "indicateur approché : hôpitaux généraux de FINESS 2020 retenus par une règle "
            "documentée, contrôlée sur les services d'urgence de la BPE 2024 (sites hospitaliers "
            "OFSP 2017 en Suisse)."
        )
    )
    if not b.is_fr:
        out.append(
            _(
                "Valais : pas de décompte ouvert des médecins ni d'APL officielle ; importer un "
                "fichier de professionnels pour calculer densité et APL."
            )
        )
    return tuple(out)


def apl_classes() -> tuple[MapClass, ...]:
    breaks = [(None, 1.5), (1.5, 2.5), (2.5, 3.5), (3.5, 4.5), (4.5, None)]
    return tuple(_class(lo, hi, "apl") for lo, hi in breaks)


def time_classes() -> tuple[MapClass, ...]:
    breaks = [(None, 5.0), (5.0, 10.0), (10.0, 15.0), (15.0, 20.0), (20.0, None)]
    return tuple(_class(lo, hi, "minutes") for lo, hi in breaks)


def _class(lo: float | None, hi: float | None, unit: str) -> MapClass:
    if lo is None:
        text = f"< {fmt_value(hi, unit)}"
    elif hi is None:
        text = f"≥ {fmt_value(lo, unit)}"
    else:
        text = f"{fmt_value(lo, unit)} – {fmt_value(hi, unit)}"
    return MapClass(min=lo, max=hi, label=text)


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
