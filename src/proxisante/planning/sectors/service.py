"""The use case of ``plan sectors``: propose on-call sectors and compare them with those given.

Written once; the CLI parses its arguments and reads the rota file, then calls
:func:`propose_sectors` and renders the :class:`SectorsReport`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from proxisante.access.port import TravelTimeProvider
from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.planning.sectors.figures import GivenSector, drafts_of, plan_figures
from proxisante.planning.sectors.model import (
    PlanFigures,
    SectorInstance,
    SectorOptions,
    SectorPlan,
    ShiftLoad,
)
from proxisante.planning.sectors.solve import design_sectors
from proxisante.planning.sectors.territory import sector_instance


@dataclass(frozen=True)
class SectorsRequest:
    """Where to design sectors, the sectors already in place (may be none), limits and load."""

    codes: tuple[str, ...]
    label: str
    given: tuple[GivenSector, ...]
    options: SectorOptions
    load: ShiftLoad
    load_source: str


@dataclass(frozen=True)
class Design:
    """A proposal on a set of communes: the plan (method, bound, gap) and its figures."""

    plan: SectorPlan
    figures: PlanFigures


@dataclass(frozen=True)
class SectorsReport:
    """What ``plan sectors`` shows: the proposal, the given sectors and the proposal on the
    given sectors' own communes (like for like), under one load and one travel provider."""

    label: str
    proposed: Design
    given: PlanFigures | None
    proposed_on_given: Design | None
    options: SectorOptions
    load: ShiftLoad
    load_source: str
    travel: str
    travel_estimated: bool
    notes: tuple[str, ...]


def _design(inst: SectorInstance, options: SectorOptions, load: ShiftLoad) -> Design:
    plan = design_sectors(inst, options)
    labels = [
        (f"P{k + 1:02d}", sector_name(inst, d.hub, d.members)) for k, d in enumerate(plan.drafts)
    ]
    return Design(plan, plan_figures(inst, plan.drafts, load, labels))


def sector_name(inst: SectorInstance, hub: int, members: Sequence[int]) -> str:
    """The hub's name, then the most populous other commune's (``Avermes – Moulins``)."""
    others = sorted((m for m in members if m != hub), key=lambda m: -inst.population[m])
    if not others:
        return inst.names[hub]
    return f"{inst.names[hub]} – {inst.names[others[0]]}"


def propose_sectors(request: SectorsRequest, provider: TravelTimeProvider) -> SectorsReport:
    """Propose sectors on ``request.codes``; measure and re-design the given ones alike."""
    opt, load = request.options, request.load
    inst = sector_instance(request.codes, provider, opt.max_minutes)
    proposed = _design(inst, opt, load)
    given: PlanFigures | None = None
    on_given: Design | None = None
    extra: list[str] = []
    if request.given:
        own = sorted({c for s in request.given for c in s.communes})
        sub = inst if set(own) == set(inst.codes) else _given_instance(own, provider, opt)
        drafts = drafts_of(sub, request.given)
        labels = [(s.code, s.name) for s in request.given]
        given = plan_figures(sub, drafts, load, labels)
        try:
            on_given = proposed if sub is inst else _design(sub, opt, load)
        except PlanningInputError as exc:
            extra.append(
                _("Pas de proposition sur les seules communes des secteurs donnés : {why}").format(
                    why=str(exc)
                )
            )
    notes = (
        *extra,
        _(
            "Médecins : généralistes libéraux de chaque commune (INSEE BPE 2020), tous supposés"
            " participer à la permanence des soins ; les secteurs donnés sont mesurés avec les"
            " mêmes médecins, trajets et charge."
        ),
        _(
            "Point de garde : une commune avec au moins un médecin ; trajet commune → point"
            " de garde."
        ),
        _("Charge : {source}.").format(source=request.load_source),
        _("Les secteurs proposés sont une SIMULATION, pas une décision de l'ARS."),
    )
    return SectorsReport(
        label=request.label,
        proposed=proposed,
        given=given,
        proposed_on_given=on_given,
        options=opt,
        load=load,
        load_source=request.load_source,
        travel=provider.name,
        travel_estimated=provider.estimated,
        notes=notes,
    )


def _given_instance(
    codes: Sequence[str], provider: TravelTimeProvider, options: SectorOptions
) -> SectorInstance:
    return sector_instance(tuple(codes), provider, options.max_minutes)
