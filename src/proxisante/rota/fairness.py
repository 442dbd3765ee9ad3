"""Fairness measures of a rota: weighted load and weekend/holiday spreads, per sector.

The *weighted load* of a doctor is the sum of the weights of their shifts plus the load of
previous periods, divided by their share (a half-time doctor with 8 counts as 16). The *spread*
is the largest minus the smallest load among the doctors who take part: at least one shift
they could take; volunteers left out (they may take more on purpose); doctors exempt from some
shift types left out (they cannot match the others: the solver keeps their load at most that
of the others, and as close to it as it can).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from proxisante.rota.model import Assignment, Doctor, RotaProblem, Shift
from proxisante.rota.rules import eligible


@dataclass(frozen=True)
class SectorFairness:
    sector: str
    loads: dict[str, float]
    weekends: dict[str, int]

    @property
    def load_spread(self) -> float:
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0.0

    @property
    def weekend_spread(self) -> int:
        return max(self.weekends.values()) - min(self.weekends.values()) if self.weekends else 0


def participants(doctors: Sequence[Doctor], shifts: Sequence[Shift]) -> list[Doctor]:
    """Doctors counted in the spreads: not volunteers, exempt from no shift type, and eligible
    to at least one shift."""
    return [
        d
        for d in doctors
        if not d.volunteer and not d.exempt_from and any(eligible(d, s) for s in shifts)
    ]


def sector_fairness(
    problem: RotaProblem, sector: str, shifts: Sequence[Shift], assignments: Iterable[Assignment]
) -> SectorFairness:
    """Loads and weekend counts of the participants of ``sector``."""
    mine = [s for s in shifts if s.sector == sector]
    by_id = {s.id: s for s in mine}
    who = participants(problem.doctors_of(sector), mine)
    load: dict[str, float] = defaultdict(float)
    weekends: dict[str, int] = defaultdict(int)
    for a in assignments:
        s = by_id.get(a.shift_id)
        if s is None:
            continue
        load[a.doctor_id] += s.weight
        weekends[a.doctor_id] += int(s.weekend)
    return SectorFairness(
        sector=sector,
        loads={d.id: round((load[d.id] + d.previous_load) / d.share, 6) for d in who},
        weekends={d.id: weekends[d.id] + d.previous_weekends for d in who},
    )
