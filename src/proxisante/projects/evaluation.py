"""Change since the start beside comparable territories: a simple difference-in-differences.

DESCRIPTIVE, NOT CAUSAL. For each indicator: the area's change between the first snapshot and
the latest one, the mean change of the comparable EPCI over the same months, and the difference
of the two. Territories are not assigned at random, many things change at once, and the official
figures of the embedded data only change when the data is updated: a difference says where the
territory moved more or less than similar ones, never that the project caused it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from proxisante.i18n import N_, _
from proxisante.projects.model import Figures, Snapshot

INDICATORS: tuple[tuple[str, str], ...] = (
    ("apl_official", N_("APL officielle (DREES 2023)")),
    ("apl_computed", N_("APL calculée (ProxiSanté)")),
    ("gp_liberal", N_("Médecins généralistes libéraux")),
    (
        "population_beyond_30_min",
        N_("Population à plus de 30 min d'un service d'urgence"),
    ),
    ("waiting", N_("Patients en attente au registre (territoire du projet)")),
)
CAVEAT = N_(
    "Comparaison descriptive, pas causale : les territoires ne sont pas tirés au sort et "
    "beaucoup de choses changent en même temps ; un écart ne prouve pas l'effet du projet."
)


@dataclass(frozen=True)
class IndicatorChange:
    key: str
    label: str
    start: float | None
    latest: float | None
    change: float | None
    comparables_change: float | None  # mean change of the comparable territories
    difference: float | None  # change − comparables_change
    comparables_used: int


@dataclass(frozen=True)
class Evaluation:
    first_month: str | None
    latest_month: str | None
    snapshots: int
    comparables: tuple[str, ...]
    changes: tuple[IndicatorChange, ...]
    caveat: str = CAVEAT


def _value(f: Figures, key: str) -> float | None:
    """A figure as a number; ``None`` when unknown or hidden by the small-count rule."""
    v = getattr(f, key)
    return float(v) if isinstance(v, int | float) else None


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 4)


def evaluate(snapshots: Sequence[Snapshot]) -> Evaluation:
    """Compare the first and the latest snapshot (they must be in month order)."""
    if not snapshots:
        return Evaluation(None, None, 0, (), (), _(CAVEAT))
    first, last = snapshots[0], snapshots[-1]
    before = {c.code: c.figures for c in first.comparables}
    after = {c.code: c.figures for c in last.comparables}
    shared = [c for c in before if c in after]
    changes = []
    for key, label in INDICATORS:
        start, latest = _value(first.area, key), _value(last.area, key)
        change = _delta(start, latest)
        deltas = [
            d
            for d in (_delta(_value(before[c], key), _value(after[c], key)) for c in shared)
            if d is not None
        ]
        comp = round(sum(deltas) / len(deltas), 4) if deltas else None
        diff = None if change is None or comp is None else round(change - comp, 4)
        changes.append(
            IndicatorChange(key, _(label), start, latest, change, comp, diff, len(deltas))
        )
    return Evaluation(
        first.month, last.month, len(snapshots), tuple(shared), tuple(changes), _(CAVEAT)
    )
