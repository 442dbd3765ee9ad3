from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import datetime, timedelta

import numpy as np
import pytest

from proxisante.errors import InternalError, UserError
from proxisante.registry._errors import MatchingError
from proxisante.registry.cascade import next_professional
from proxisante.registry.entities import Capacity, MatchingResult, WaitingPatient
from proxisante.registry.matching import level_weights, match_patients, travel_units
from proxisante.registry.priority import LEVELS
from proxisante.registry.travel import (
    CommunePoints,
    estimated_travel_time_min,
    great_circle_km,
)

T0 = datetime(2026, 1, 1)
# Real town halls of CA Vichy Communauté (approximate WGS84) and one far away (Moulins).
POINTS = CommunePoints.from_mapping(
    {
        "03310": (3.4258, 46.1277),  # Vichy
        "03095": (3.4469, 46.1045),  # Cusset
        "03014": (3.3980, 46.1460),  # Bellerive-sur-Allier
        "03190": (3.3333, 46.5667),  # Moulins (about 50 km away)
    }
)


def patient(
    pid: int, commune: str, level: str = "E", age: int = 40, **kw: object
) -> WaitingPatient:
    return WaitingPatient(pid, commune, level, age, T0 + timedelta(days=pid), **kw)  # type: ignore[arg-type]


def minutes(a: str, b: str) -> float:
    i, j = POINTS.codes.index(a), POINTS.codes.index(b)
    km = great_circle_km(POINTS.lon[i], POINTS.lat[i], POINTS.lon[j], POINTS.lat[j])
    return float(estimated_travel_time_min(km))


def brute_force_cost(
    patients: list[WaitingPatient], caps: list[Capacity], max_min: float = 30.0
) -> int:
    weights = level_weights(len(patients), sum(c.places for c in caps), max_min, len(LEVELS))
    options = []
    for p in patients:
        opts: list[tuple[int | None, int]] = [(None, 0)]
        for j, c in enumerate(caps):
            t = minutes(p.commune, c.commune)
            if (
                t <= max_min
                and c.accepts(p)
                and c.professional_id not in p.excluded_professionals
                and c.places > 0
            ):
                cost = int(travel_units(np.array([t]))[0]) - int(weights[LEVELS.index(p.level)])
                opts.append((j, cost))
        options.append(opts)
    best = 0
    for combo in itertools.product(*options):
        used = Counter(j for j, _ in combo if j is not None)
        if all(used[j] <= caps[j].places for j in used):
            best = min(best, sum(c for _, c in combo))
    return best


def check_invariants(
    result: MatchingResult, patients: list[WaitingPatient], caps: list[Capacity]
) -> None:
    ids = [a.patient_id for a in result.assignments]
    assert len(ids) == len(set(ids)), "a patient got two proposals"
    per_pro = Counter(a.professional_id for a in result.assignments)
    places = Counter()
    for c in caps:
        places[c.professional_id] += c.places
    assert all(per_pro[p] <= places[p] for p in per_pro), "capacity exceeded"
    assert set(ids) | set(result.unmatched) == {p.id for p in patients}
    by_id = {p.id: p for p in patients}
    for a in result.assignments:
        cap = next(c for c in caps if c.professional_id == a.professional_id)
        assert cap.accepts(by_id[a.patient_id])
        assert a.professional_id not in by_id[a.patient_id].excluded_professionals
        assert a.travel_time_min <= 30.0


def test_nearest_professional_is_chosen() -> None:
    caps = [Capacity(1, "03190", 5), Capacity(2, "03095", 5)]
    result = match_patients([patient(1, "03310")], caps, POINTS)
    assert [(a.patient_id, a.professional_id) for a in result.assignments] == [(1, 2)]
    assert result.assignments[0].travel_time_min == pytest.approx(
        minutes("03310", "03095"), abs=0.1
    )


def test_priority_comes_before_travel_time() -> None:
    # One place in Cusset; the E patient lives there, the A patient in Vichy: A gets it.
    caps = [Capacity(9, "03095", 1)]
    result = match_patients([patient(1, "03095", "E"), patient(2, "03310", "A")], caps, POINTS)
    assert [a.patient_id for a in result.assignments] == [2]
    assert result.unmatched == (1,)


def test_travel_time_breaks_ties_within_a_level() -> None:
    caps = [Capacity(9, "03095", 1)]
    result = match_patients([patient(1, "03014", "C"), patient(2, "03310", "C")], caps, POINTS)
    # Vichy is closer to Cusset than Bellerive is.
    assert [a.patient_id for a in result.assignments] == [2]


def test_earliest_registered_first_within_a_group() -> None:
    caps = [Capacity(9, "03095", 2)]
    patients = [patient(i, "03310", "D") for i in (5, 3, 4, 1)]
    result = match_patients(patients, caps, POINTS)
    assert sorted(a.patient_id for a in result.assignments) == [1, 3]


def test_maximum_travel_time_is_respected() -> None:
    result = match_patients([patient(1, "03310", "A")], [Capacity(1, "03190", 3)], POINTS)
    assert result.assignments == () and result.unmatched == (1,)


def test_professional_criteria_are_respected() -> None:
    caps = [
        Capacity(1, "03310", 5, min_age=18, home_visits=False),
        Capacity(2, "03190", 5),  # accepts everyone but too far
    ]
    patients = [
        patient(1, "03310", age=8),
        patient(2, "03310", needs_home_visits=True),
        patient(3, "03310", language="de"),
        patient(4, "03310", excluded_professionals=frozenset({1})),
        patient(5, "03310"),
    ]
    result = match_patients(patients, caps, POINTS)
    assert [a.patient_id for a in result.assignments] == [5]
    check_invariants(result, patients, caps)


def test_unknown_commune_is_a_clear_error() -> None:
    with pytest.raises(MatchingError, match="Commune '99999' sans coordonnées"):
        match_patients([patient(1, "99999")], [Capacity(1, "03310", 1)], POINTS)


def test_no_capacity_leaves_everyone_waiting() -> None:
    result = match_patients([patient(1, "03310")], [Capacity(1, "03310", 0)], POINTS)
    assert result.unmatched == (1,) and result.total_cost == 0


def test_cascade_skips_professionals_who_declined() -> None:
    caps = [Capacity(1, "03310", 1), Capacity(2, "03095", 1)]
    p = patient(1, "03310", "B", excluded_professionals=frozenset({1}))
    nxt = next_professional(p, caps, POINTS)
    assert nxt is not None and nxt.professional_id == 2
    assert (
        next_professional(
            patient(1, "03310", excluded_professionals=frozenset({1, 2})), caps, POINTS
        )
        is None
    )


def test_travel_time_matrix_replaces_the_estimate() -> None:
    caps = [Capacity(1, "03095", 1), Capacity(2, "03014", 1)]
    matrix = {("03310", "03095"): 25.0, ("03310", "03014"): 5.0}
    result = match_patients([patient(1, "03310")], caps, POINTS, matrix=matrix)
    assert result.assignments[0].professional_id == 2
    assert result.assignments[0].travel_time_min == 5.0


def test_sparse_travel_times_from_the_access_engine() -> None:
    from proxisante.access.traveltimes import from_pairs

    codes = POINTS.codes
    v, c, b = codes.index("03310"), codes.index("03095"), codes.index("03014")
    tt = from_pairs(
        np.array([v, v, v]),
        np.array([v, c, b]),
        np.array([2.0, 29.0, 6.0]),
        (len(codes), len(codes)),
        40.0,
    )
    caps = [Capacity(1, "03095", 1), Capacity(2, "03014", 1), Capacity(3, "03190", 1)]
    result = match_patients(
        [patient(1, "03310"), patient(2, "03310")], caps, POINTS, matrix=tt.minutes
    )
    assert sorted((a.professional_id, a.travel_time_min) for a in result.assignments) == [
        (1, 29.0),
        (2, 6.0),
    ]
    with pytest.raises(InternalError, match="attendu \\(4, 4\\)"):
        match_patients([patient(1, "03310")], caps, POINTS, matrix=tt.minutes[:2, :2])


@pytest.mark.parametrize("seed", range(25))
def test_oracle_brute_force_gives_the_same_total_cost(seed: int) -> None:
    rng = random.Random(seed)
    communes = ["03310", "03095", "03014"]
    patients = [
        patient(
            i + 1,
            rng.choice(communes),
            rng.choice(LEVELS),
            age=rng.choice([5, 40, 80]),
            needs_home_visits=rng.random() < 0.2,
            excluded_professionals=frozenset({rng.randint(1, 3)})
            if rng.random() < 0.2
            else frozenset(),
        )
        for i in range(rng.randint(1, 6))
    ]
    caps = [
        Capacity(
            j + 1,
            rng.choice(communes),
            rng.randint(0, 2),
            min_age=rng.choice([0, 18]),
            home_visits=rng.random() < 0.5,
        )
        for j in range(rng.randint(1, 3))
    ]
    result = match_patients(patients, caps, POINTS)
    check_invariants(result, patients, caps)
    assert result.total_cost == brute_force_cost(patients, caps)
    weights = level_weights(len(patients), sum(c.places for c in caps), 30.0, len(LEVELS))
    recomputed = sum(
        round(a.travel_time_min * 10) - int(weights[LEVELS.index(a.level)])
        for a in result.assignments
    )
    assert recomputed == result.total_cost


def test_a_solver_without_optimum_is_an_internal_error(monkeypatch) -> None:
    """The flow network always admits a flow: a solver status other than OPTIMAL is a bug
    (InternalError, exit 1 / HTTP 500), never blamed on the user's input."""
    from proxisante.registry import matching

    real = matching.min_cost_flow.SimpleMinCostFlow

    class NoOptimum:
        OPTIMAL = 1

        def __init__(self) -> None:
            self.inner = real()

        def __getattr__(self, name: str):
            return getattr(self.inner, name)

        def solve(self) -> int:
            return 3  # INFEASIBLE

    class Module:
        SimpleMinCostFlow = NoOptimum

    caps = [Capacity(1, "03095", 1)]
    assert match_patients([patient(1, "03310")], caps, POINTS).assignments  # solvable
    monkeypatch.setattr(matching, "min_cost_flow", Module)
    with pytest.raises(InternalError, match="optimum") as err:
        match_patients([patient(1, "03310")], caps, POINTS)
    assert not isinstance(err.value, UserError) and err.value.exit_code == 1
