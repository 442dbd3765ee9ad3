"""The demonstration's rota (never real data): the fictitious doctors of a demo territory split
into sectors by where they practise, over the months from the current one.

Pure: the caller gives the doctors (identifier, name, commune, e-mail), the territory's
communes with their coordinates, the first day and the number of months; :func:`demo_draft`
returns a :class:`~proxisante.rota.draft.RotaDraft` (the standard PDSA shift kinds).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from proxisante.rota.draft import DoctorDraft, RotaDraft, SectorDraft

#: A sector needs this many doctors for a night every day with 24 h of rest after each.
MIN_DOCTORS = 3


@dataclass(frozen=True)
class DemoDoctor:
    id: str
    name: str
    commune: str
    email: str | None = None


@dataclass(frozen=True)
class DemoPlace:
    code: str
    name: str
    lon: float
    lat: float


def _km(a: DemoPlace, b: DemoPlace) -> float:
    """Distance on the ground, equirectangular (a few km apart: exact enough to split)."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    y = math.radians(b.lat - a.lat)
    return 6371.0 * math.hypot(x, y)


def period(first_day: date, months: int) -> tuple[date, date]:
    """From the first day of ``first_day``'s month to the last day ``months`` months later."""
    start = first_day.replace(day=1)
    y, m = start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1
    return start, date(y, m, 1) - timedelta(days=1)


def demo_draft(
    doctors: Sequence[DemoDoctor],
    places: Sequence[DemoPlace],
    *,
    first_day: date,
    months: int = 3,
    country: str = "FR",
    sectors: int = 2,
) -> RotaDraft:
    """Doctors in up to ``sectors`` sectors (two centres far apart, each commune to the
    nearer), each with at least :data:`MIN_DOCTORS` doctors, else one sector for all."""
    by_code = {p.code: p for p in places}
    located = [d for d in doctors if d.commune in by_code]
    shared = Counter(d.name for d in located)
    located = [  # two fictitious doctors of the same name: told apart by their commune
        replace(d, name=f"{d.name} – {by_code[d.commune].name}") if shared[d.name] > 1 else d
        for d in located
    ]
    groups = _split(located, places, by_code) if sectors >= 2 else None
    if groups is None:
        groups = [(list(places), list(located))]
    sector_drafts, doctor_drafts = [], []
    for i, (communes, members) in enumerate(groups, start=1):
        code = f"S{i}"
        count = Counter(d.commune for d in members)
        order = sorted(count, key=lambda c: (-count[c], [d.commune for d in members].index(c)))
        name = " – ".join(by_code[c].name for c in order[:2])
        sector_drafts.append(SectorDraft(code, name, tuple(sorted(c.code for c in communes))))
        doctor_drafts += [DoctorDraft(d.id, d.name, code, d.email) for d in members]
    start, end = period(first_day, months)
    return RotaDraft(
        start=start,
        end=end,
        sectors=tuple(sector_drafts),
        doctors=tuple(doctor_drafts),
        country=country,
        comment="Tableau de garde de démonstration : médecins FICTIFS, communes réelles.",
    )


def _split(
    doctors: Sequence[DemoDoctor], places: Sequence[DemoPlace], by_code: dict[str, DemoPlace]
) -> list[tuple[list[DemoPlace], list[DemoDoctor]]] | None:
    """A central sector (the half of the doctors nearest the first doctor's commune) and the
    sector around it; each commune goes with its nearest doctor's commune."""
    if len(doctors) < 2 * MIN_DOCTORS:
        return None
    first = by_code[doctors[0].commune]
    ranked = sorted(doctors, key=lambda d: (_km(first, by_code[d.commune]), d.id))
    central = {d.id for d in ranked[: len(ranked) // 2]}
    homes = {d.commune: 0 if d.id in central else 1 for d in ranked}
    groups: list[tuple[list[DemoPlace], list[DemoDoctor]]] = [([], []), ([], [])]
    for p in places:
        nearest = min(homes, key=lambda c: (_km(p, by_code[c]), c))
        groups[homes[nearest]][0].append(p)
    for d in ranked:
        groups[homes[d.commune]][1].append(d)
    if any(len(members) < MIN_DOCTORS for _c, members in groups):
        return None
    return groups
