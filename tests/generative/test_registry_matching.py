"""Properties of the matching and of the registry's proposals lifecycle (Hypothesis)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import null_space
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from proxisante.bootstrap.services import registry_service
from proxisante.disclosure import SUPPRESSED
from proxisante.registry._errors import ProposalStateError
from proxisante.registry.entities import Capacity, WaitingPatient
from proxisante.registry.matching import match_patients
from proxisante.registry.ports import CLI, CapacityDeclaration
from proxisante.registry.priority import LEVELS, assess_request
from proxisante.registry.reporting import PatientHistory, monthly_report
from proxisante.registry.service import RegistryService
from proxisante.registry.travel import CommunePoints
from proxisante.registry.travel_provider import stored_points_estimate
from proxisante.store.base import Base
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry import crud
from proxisante.store.registry import proposals as props
from proxisante.store.registry.models import CapacityRow, PatientRow, ProposalRow

T0 = datetime(2026, 3, 1)
CODES = ("03310", "03095", "03014", "03130")
POINTS = CommunePoints.from_mapping(
    {
        "03310": (3.4258, 46.1277),
        "03095": (3.4469, 46.1045),
        "03014": (3.3980, 46.1460),
        "03130": (3.5167, 46.0333),
    }
)

patients_st = st.lists(
    st.builds(
        lambda i, c, lvl, age, home: WaitingPatient(i, c, lvl, age, T0 + timedelta(hours=i), home),
        st.integers(1, 10**6),
        st.sampled_from(CODES),
        st.sampled_from(LEVELS),
        st.integers(0, 100),
        st.booleans(),
    ),
    max_size=40,
    unique_by=lambda p: p.id,
)
caps_st = st.lists(
    st.builds(
        lambda i, c, n, lo, home: Capacity(i, c, n, min_age=lo, home_visits=home),
        st.integers(1, 10**6),
        st.sampled_from(CODES),
        st.integers(0, 6),
        st.sampled_from([0, 16, 18]),
        st.booleans(),
    ),
    max_size=10,
    unique_by=lambda c: c.professional_id,
)


@settings(max_examples=60, deadline=None)
@given(patients_st, caps_st)
def test_no_capacity_exceeded_and_no_patient_twice(
    patients: list[WaitingPatient], caps: list[Capacity]
) -> None:
    result = match_patients(patients, caps, POINTS)
    per_pro = Counter(a.professional_id for a in result.assignments)
    places = {c.professional_id: c.places for c in caps}
    assert all(n <= places[p] for p, n in per_pro.items())
    ids = [a.patient_id for a in result.assignments]
    assert len(ids) == len(set(ids))
    assert sorted(ids + list(result.unmatched)) == sorted(p.id for p in patients)


@settings(max_examples=40, deadline=None)
@given(patients_st, caps_st)
def test_more_places_never_serve_fewer_urgent_patients(
    patients: list[WaitingPatient], caps: list[Capacity]
) -> None:
    before = match_patients(patients, caps, POINTS).matched_by_level
    more = [
        Capacity(c.professional_id, c.commune, c.places + 1, c.min_age, c.max_age, c.home_visits)
        for c in caps
    ]
    after = match_patients(patients, more, POINTS).matched_by_level
    assert [after[lvl] for lvl in LEVELS] >= [before[lvl] for lvl in LEVELS]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(LEVELS), st.integers(0, 80), st.one_of(st.none(), st.integers(0, 80))
        ),
        max_size=120,
    )
)
def test_suppression_never_leaves_a_single_hidden_cell_in_a_relation(
    rows: list[tuple[str, int, int | None]],
) -> None:
    history = [
        PatientHistory(
            lvl,
            T0 + timedelta(days=r),
            attached_at=None if a is None else T0 + timedelta(days=r + a),
        )
        for lvl, r, a in rows
    ]
    report = monthly_report(history, [(2026, 3), (2026, 4), (2026, 5), (2026, 6)])
    cols = [*LEVELS, "total"]
    for i, row in enumerate(report):
        for measure in ("registered", "waiting", "attached"):
            cells = row.measure(measure)
            assert sum(cells[c] == SUPPRESSED for c in cols) != 1
            for c in cols:
                assert cells[c] == SUPPRESSED or cells[c] == 0 or int(cells[c]) >= 11
        if i > 0:
            for c in cols:
                linked = [
                    report[i - 1].waiting,
                    row.waiting,
                    row.registered,
                    row.attached,
                ]
                assert sum(cell[c] == SUPPRESSED for cell in linked) != 1
    # nor by combining relations: every hidden cell can still move (SciPy's null space)
    hidden = [
        (m, i, c)
        for i, row in enumerate(report)
        for m in ("registered", "waiting", "attached")
        for c in cols
        if row.measure(m)[c] == SUPPRESSED
    ]
    relations: list[dict[tuple[str, int, str], int]] = []
    for i in range(len(report)):
        for m in ("registered", "waiting", "attached"):
            relations.append({**{(m, i, c): 1 for c in LEVELS}, (m, i, "total"): -1})
        if i > 0:
            for c in cols:
                relations.append(
                    {
                        ("waiting", i, c): 1,
                        ("waiting", i - 1, c): -1,
                        ("registered", i, c): -1,
                        ("attached", i, c): 1,
                    }
                )
    if hidden:
        matrix = np.array([[r.get(k, 0) for k in hidden] for r in relations], dtype=float)
        free = null_space(matrix)
        for j, key in enumerate(hidden):
            assert free.shape[1] > 0 and np.abs(free[j]).max() > 1e-9, key


ops_st = st.lists(
    st.sampled_from(["match", "accept", "decline", "expire", "register", "declare"]),
    min_size=1,
    max_size=25,
)


def _service(s: Session, at: datetime) -> RegistryService:
    return registry_service(s, clock=lambda: at, travel=stored_points_estimate)


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(ops=ops_st, seed=st.integers(0, 1000))
def test_lifecycle_keeps_the_guarantees(ops: list[str], seed: int) -> None:
    rng = random.Random(seed)
    engine = make_engine("sqlite://")
    Base.metadata.create_all(engine)
    factory = make_session_factory(engine)
    now = T0
    with transaction(factory) as s:
        crud.create_territory(
            s,
            territory_id="t",
            name="t",
            now=now,
            proposal_days=2,
            communes=[crud.CommuneRecord(c, c, *POINTS_MAP[c]) for c in CODES],
        )
        for j in range(3):
            pro = crud.create_professional(
                s, territory_id="t", display_name=f"p{j}", commune_code=CODES[j]
            )
            crud.declare_capacity(s, professional_id=pro.id, places=rng.randint(0, 3), now=now)
        for _ in range(6):
            _register(s, rng, now)
    for op in ops:
        now += timedelta(days=rng.choice([0, 1, 3]))
        # The only refusal the lifecycle may give: accepting a proposal past its deadline.
        late = False
        try:
            with transaction(factory) as s:
                live = props.list_proposals(s, status="proposed")
                if op == "match":
                    _service(s, now).run_matching(CLI, "t")
                elif op in ("accept", "decline") and live:
                    p = rng.choice(live)
                    if op == "accept":
                        late = p.deadline <= now
                        _service(s, now).accept(CLI, p.id, p.professional_id)
                    else:
                        _service(s, now).decline(CLI, p.id, p.professional_id)
                elif op == "expire":
                    _service(s, now).expire_overdue("t", now)
                elif op == "register":
                    _register(s, rng, now)
                elif op == "declare":
                    _service(s, now).declare_capacity(
                        CLI, rng.randint(1, 3), CapacityDeclaration(places=rng.randint(0, 3))
                    )
        except ProposalStateError:
            assert late, f"{op} refused although the proposal was open"
        else:
            assert not late, "a proposal past its deadline was accepted"
        with factory() as s:
            live_per_patient = s.execute(
                select(ProposalRow.patient_id, func.count())
                .where(ProposalRow.status == "proposed")
                .group_by(ProposalRow.patient_id)
            ).all()
            assert all(n == 1 for _, n in live_per_patient)
            live_per_pro = dict(
                s.execute(
                    select(ProposalRow.professional_id, func.count())
                    .where(ProposalRow.status == "proposed")
                    .group_by(ProposalRow.professional_id)
                ).all()
            )
            for cap in s.scalars(select(CapacityRow)):
                assert 0 <= cap.places_remaining <= cap.places_declared
                # Never more live proposals than places left (a reduction withdraws the rest).
                assert live_per_pro.get(cap.professional_id, 0) <= cap.places_remaining
            proposed = {pid for pid, _ in live_per_patient}
            for pat in s.scalars(select(PatientRow)):
                assert (pat.status == "proposed") == (pat.id in proposed)
    engine.dispose()


POINTS_MAP = {c: (float(POINTS.lon[i]), float(POINTS.lat[i])) for i, c in enumerate(POINTS.codes)}


def _register(s: Session, rng: random.Random, now: datetime) -> None:
    commune = rng.choice(CODES)
    born = date(1960 + rng.randint(0, 60), 1, 1)
    ald = rng.random() < 0.3
    crud.register_patient(
        s,
        territory_id="t",
        commune_code=commune,
        last_name="X",
        first_name="Y",
        birth_date=born,
        now=now,
        priority=assess_request(birth_date=born, today=now.date(), ald=ald),
        ald=ald,
    )


@settings(max_examples=15, deadline=None)
@given(
    n_patients=st.integers(1, 400),
    n_pros=st.integers(1, 40),
    seed=st.integers(0, 10**6),
)
def test_large_instances_are_consistent(n_patients: int, n_pros: int, seed: int) -> None:
    """Disaggregation check on instances too big for brute force: every assignment is feasible,
    its travel time is the real one, and the assignments add up to the solver's optimum."""
    from proxisante.registry.matching import level_weights
    from proxisante.registry.travel import estimated_travel_time_min, great_circle_km

    rng = random.Random(seed)
    lon = {c: float(POINTS.lon[i]) for i, c in enumerate(POINTS.codes)}
    lat = {c: float(POINTS.lat[i]) for i, c in enumerate(POINTS.codes)}
    patients = [
        WaitingPatient(
            i,
            rng.choice(CODES),
            rng.choice(LEVELS),
            rng.randint(0, 99),
            T0 + timedelta(minutes=rng.randint(0, 10**5)),
            rng.random() < 0.1,
        )
        for i in range(n_patients)
    ]
    caps = [
        Capacity(
            1000 + j,
            rng.choice(CODES),
            rng.randint(0, 30),
            min_age=rng.choice([0, 0, 18]),
            home_visits=rng.random() < 0.5,
        )
        for j in range(n_pros)
    ]
    result = match_patients(patients, caps, POINTS)
    by_id = {p.id: p for p in patients}
    cap_of = {c.professional_id: c for c in caps}
    weights = level_weights(n_patients, sum(c.places for c in caps), 30.0, len(LEVELS))
    total = 0
    for a in result.assignments:
        p, c = by_id[a.patient_id], cap_of[a.professional_id]
        assert c.accepts(p)
        km = great_circle_km(lon[p.commune], lat[p.commune], lon[c.commune], lat[c.commune])
        assert abs(a.travel_time_min - float(estimated_travel_time_min(km))) < 0.051
        total += round(a.travel_time_min * 10) - int(weights[LEVELS.index(a.level)])
    assert total == result.total_cost
    used = Counter(a.professional_id for a in result.assignments)
    assert all(used[k] <= cap_of[k].places for k in used)
    # Within a group (same commune, level, needs), the earliest registered are served first.
    for a in result.assignments:
        p = by_id[a.patient_id]
        for q in patients:
            if (
                q.id in result.unmatched
                and (q.commune, q.level, q.needs_home_visits)
                == (p.commune, p.level, p.needs_home_visits)
                and (q.age_years >= 18) == (p.age_years >= 18)
            ):
                assert (q.registered_at, q.id) > (p.registered_at, p.id)
