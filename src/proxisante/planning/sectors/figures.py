"""Figures of a sector design, given or proposed, under the same yearly on-call load.

The same function measures the sectors an ARS or a CPTS already has and the ones proposed, so
the comparison is like for like: the same communes, doctors, travel times and load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.planning.sectors.model import (
    PlanFigures,
    SectorDraft,
    SectorFigures,
    SectorInstance,
    ShiftLoad,
)


@dataclass(frozen=True)
class GivenSector:
    """A sector as described in a rota file: code, name, communes, optional hub."""

    code: str
    name: str
    communes: tuple[str, ...]
    hub: str | None = None


def is_contiguous(inst: SectorInstance, members: Sequence[int]) -> bool:
    """Whether the communes ``members`` form one connected piece (contours touching)."""
    if not members:
        return False
    inside = set(members)
    nbrs = inst.neighbours()
    seen = {members[0]}
    todo = [members[0]]
    while todo:
        u = todo.pop()
        for v in nbrs[u]:
            v = int(v)
            if v in inside and v not in seen:
                seen.add(v)
                todo.append(v)
    return len(seen) == len(inside)


def best_hub(inst: SectorInstance, members: Sequence[int]) -> int:
    """The member from which the farthest member is nearest (ties: the most doctors)."""
    sub = inst.minutes[np.ix_(list(members), list(members))]
    worst = sub.max(axis=0)
    order = sorted(
        range(len(members)), key=lambda k: (worst[k], -inst.doctors[members[k]], members[k])
    )
    return int(members[order[0]])


def drafts_of(inst: SectorInstance, given: Sequence[GivenSector]) -> tuple[SectorDraft, ...]:
    """The given sectors as drafts of ``inst`` (a missing hub: the most central member)."""
    index = inst.index()
    seen: dict[str, str] = {}
    out = []
    for s in given:
        members = []
        for code in s.communes:
            if code not in index:
                raise PlanningInputError(
                    _("secteur {sector} : commune {code} inconnue ou non localisée.").format(
                        sector=s.code, code=code
                    )
                )
            if code in seen:
                raise PlanningInputError(
                    _("commune {code} dans deux secteurs ({a} et {b}).").format(
                        code=code, a=seen[code], b=s.code
                    )
                )
            seen[code] = s.code
            members.append(index[code])
        if s.hub is not None and s.hub not in s.communes:
            raise PlanningInputError(
                _("secteur {sector} : maison de garde {code} hors du secteur.").format(
                    sector=s.code, code=s.hub
                )
            )
        hub = index[s.hub] if s.hub is not None else best_hub(inst, members)
        out.append(SectorDraft(hub=hub, members=tuple(members)))
    return tuple(out)


def plan_figures(
    inst: SectorInstance,
    drafts: Sequence[SectorDraft],
    load: ShiftLoad,
    labels: Sequence[tuple[str, str]] | None = None,
) -> PlanFigures:
    """Figures of each sector and of the design; ``labels``: (code, name) per draft."""
    rows = []
    for k, d in enumerate(drafts):
        members = list(d.members)
        pop = inst.population[members]
        t = inst.minutes[members, d.hub]
        doctors = float(inst.doctors[members].sum())
        weight = float(pop.sum())
        mean = float((pop * t).sum() / weight) if weight > 0 else float(t.mean())
        code, name = labels[k] if labels else (f"P{k + 1}", inst.names[d.hub])
        rows.append(
            SectorFigures(
                code=code,
                name=name,
                hub=inst.codes[d.hub],
                hub_name=inst.names[d.hub],
                communes=tuple(inst.codes[i] for i in members),
                population=weight,
                doctors=doctors,
                max_minutes=float(t.max()),
                mean_minutes=mean,
                shifts_per_doctor=load.shifts / doctors if doctors > 0 else float("inf"),
                load_per_doctor=load.weighted / doctors if doctors > 0 else float("inf"),
                contiguous=is_contiguous(inst, members),
            )
        )
    population = sum(r.population for r in rows)
    doctors = sum(r.doctors for r in rows)
    return PlanFigures(
        sectors=tuple(rows),
        n_sectors=len(rows),
        n_communes=sum(len(r.communes) for r in rows),
        max_minutes=max((r.max_minutes for r in rows), default=0.0),
        mean_minutes=(
            sum(r.mean_minutes * r.population for r in rows) / population if population else 0.0
        ),
        min_doctors=min((r.doctors for r in rows), default=0.0),
        shifts_per_doctor_max=max((r.shifts_per_doctor for r in rows), default=0.0),
        shifts_per_doctor_mean=load.shifts * len(rows) / doctors if doctors else float("inf"),
        total_shifts=load.shifts * len(rows),
        all_contiguous=all(r.contiguous for r in rows),
    )
