"""On-call sector design against brute force on small instances, and its refusals."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
import scipy.sparse as sp

from proxisante.planning._errors import PlanningInputError
from proxisante.planning.sectors.figures import (
    GivenSector,
    drafts_of,
    is_contiguous,
    plan_figures,
)
from proxisante.planning.sectors.model import SectorInstance, SectorOptions, ShiftLoad
from proxisante.planning.sectors.solve import design_sectors


def _instance(seed: int, n: int) -> SectorInstance:
    """Communes at random places; times = distances; contours touch when closer than 14."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 30, (n, 2))
    d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1))
    adj = (d < 14) & ~np.eye(n, dtype=bool)
    doctors = rng.integers(0, 4, n).astype(float)
    return SectorInstance(
        codes=tuple(f"c{i}" for i in range(n)),
        names=tuple(f"Commune {i}" for i in range(n)),
        population=rng.uniform(100, 1000, n).round(),
        doctors=doctors,
        adjacency=sp.csr_array(adj),
        minutes=d,
        hub_ok=doctors > 0,
    )


def _partitions(items: list[int]) -> Iterator[list[list[int]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in _partitions(rest):
        yield [[first], *part]
        for k in range(len(part)):
            yield [*part[:k], [first, *part[k]], *part[k + 1 :]]


def _brute_force(inst: SectorInstance, opt: SectorOptions) -> tuple[int, float, float] | None:
    """(sectors, doctors of the smallest, weighted trips) of the lexicographic optimum."""
    best: tuple[int, float, float] | None = None
    for part in _partitions(list(range(inst.size))):
        key_min = np.inf
        trips = 0.0
        ok = True
        for block in part:
            doctors = inst.doctors[block].sum()
            if doctors < opt.min_doctors or not is_contiguous(inst, block):
                ok = False
                break
            costs = [
                float((inst.population[block] * inst.minutes[block, h]).sum())
                for h in block
                if inst.hub_ok[h] and inst.minutes[block, h].max() <= opt.max_minutes
            ]
            if not costs:
                ok = False
                break
            key_min = min(key_min, doctors)
            trips += min(costs)
        if not ok:
            continue
        key = (len(part), -float(key_min), trips)
        if best is None or key < (best[0], -best[1], best[2]):
            best = (len(part), float(key_min), trips)
    return best


def _trips(inst: SectorInstance, plan_drafts: tuple) -> float:
    return sum(
        float((inst.population[list(d.members)] * inst.minutes[list(d.members), d.hub]).sum())
        for d in plan_drafts
    )


@pytest.mark.parametrize("seed", range(24))
def test_exact_design_equals_brute_force(seed: int) -> None:
    inst = _instance(seed, 7 if seed % 2 else 8)
    opt = SectorOptions(max_minutes=16.0, min_doctors=2.0, exact=True)
    truth = _brute_force(inst, opt)
    if truth is None:
        with pytest.raises(PlanningInputError):
            design_sectors(inst, opt)
        return
    plan = design_sectors(inst, opt)
    fig = plan_figures(inst, plan.drafts, ShiftLoad(365.0, 900.0))
    assert plan.optimal and plan.gap == 0.0
    assert fig.n_sectors == truth[0]
    assert fig.min_doctors == pytest.approx(truth[1])
    assert _trips(inst, plan.drafts) == pytest.approx(truth[2], rel=1e-6)
    assert fig.all_contiguous and fig.max_minutes <= 16.0
    assert sorted(i for d in plan.drafts for i in d.members) == list(range(inst.size))


@pytest.mark.parametrize("seed", range(12))
def test_path_design_is_feasible_and_its_bound_is_valid(seed: int) -> None:
    inst = _instance(100 + seed, 8)
    opt = SectorOptions(max_minutes=16.0, min_doctors=2.0, exact=False)
    truth = _brute_force(inst, opt)
    try:
        plan = design_sectors(inst, opt)
    except PlanningInputError:
        return  # the path formulation may miss the rare designs only flows allow
    fig = plan_figures(inst, plan.drafts, ShiftLoad(365.0, 900.0))
    assert truth is not None
    assert fig.all_contiguous and fig.max_minutes <= 16.0 and fig.min_doctors >= 2.0
    assert plan.lower_bound <= truth[0] <= fig.n_sectors
    assert plan.gap == pytest.approx((fig.n_sectors - plan.lower_bound) / fig.n_sectors)


def test_limits_no_design_can_meet_are_refused_naming_the_commune() -> None:
    inst = _instance(3, 6)
    far = int(np.argmax(inst.minutes[:, inst.hub_ok].min(axis=1)))
    with pytest.raises(PlanningInputError, match=inst.codes[far]):
        design_sectors(inst, SectorOptions(max_minutes=0.5, min_doctors=0.0))
    with pytest.raises(PlanningInputError, match="--min-doctors"):
        design_sectors(inst, SectorOptions(max_minutes=60, min_doctors=1000.0))
    with pytest.raises(PlanningInputError, match="--max-minutes"):
        design_sectors(inst, SectorOptions(max_minutes=-3, min_doctors=1.0))


def test_given_sectors_are_measured_like_proposed_ones() -> None:
    inst = _instance(5, 6)
    given = [
        GivenSector("A", "Nord", ("c0", "c1", "c2")),
        GivenSector("B", "Sud", ("c3", "c4", "c5"), hub="c4"),
    ]
    drafts = drafts_of(inst, given)
    fig = plan_figures(inst, drafts, ShiftLoad(400.0, 800.0), [("A", "Nord"), ("B", "Sud")])
    assert fig.n_sectors == 2 and fig.sectors[1].hub == "c4"
    b = fig.sectors[1]
    assert b.shifts_per_doctor == pytest.approx(400.0 / inst.doctors[[3, 4, 5]].sum())
    assert b.max_minutes == pytest.approx(inst.minutes[[3, 4, 5], 4].max())
    with pytest.raises(PlanningInputError, match="c9"):
        drafts_of(inst, [GivenSector("A", "x", ("c9",))])
    with pytest.raises(PlanningInputError, match="deux secteurs"):
        drafts_of(inst, [GivenSector("A", "x", ("c0",)), GivenSector("B", "y", ("c0",))])
