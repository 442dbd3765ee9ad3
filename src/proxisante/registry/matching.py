"""Optimal assignment of waiting patients to declared capacity (min-cost flow, OR-Tools).

Objective, in this order: serve the most urgent levels first (as many A as possible, then B …),
then the shortest total travel time, every assignment within ``max_travel_min`` and admitted by
the professional's criteria. Both are folded into one integer cost per assignment::

    cost = travel_units − W[level],   W[level] = (n_levels − rank) × G,
    G = (min(patients, places) + 1) × (max_travel_units + 1)

Travel is counted in tenths of a minute (``travel_units``). Because the sets of patients that can
be served together form a (transversal) matroid, any strictly decreasing level weights pick the
same, lexicographically best, numbers per level; ``G`` exceeds the largest possible difference of
total travel, so travel only breaks ties between equally urgent solutions.

Scale comes from aggregation, which is exact: patients of the same commune, level and
eligibility class cost the same everywhere, and so do professionals of the same commune and
criteria. The network is ``group → origin (commune, class) → professional group → sink`` with a
bypass ``group → sink`` at cost 0 for patients left waiting. Within a group the patients
registered first are served first; within a professional group places are filled in input order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.registry._errors import MatchingError
from proxisante.registry.entities import (
    ADULT_AGE,
    Assignment,
    Capacity,
    MatchingResult,
    WaitingPatient,
)
from proxisante.registry.priority import LEVELS
from proxisante.registry.travel import CommunePoints, TravelMatrix, commune_pairs_within
from proxisante.types import BoolArray, FloatArray, IntArray

DEFAULT_MAX_TRAVEL_MIN = 30.0
UNITS_PER_MIN = 10
_INT64_SAFE = 2**62


def level_weights(n_patients: int, n_places: int, max_travel_min: float, n_levels: int) -> IntArray:
    """``W[rank]`` of the objective (see the module docstring)."""
    max_units = int(np.ceil(max_travel_min * UNITS_PER_MIN))
    gap = (min(n_patients, n_places) + 1) * (max_units + 1)
    return np.array([(n_levels - r) * gap for r in range(n_levels)], dtype=np.int64)


def travel_units(minutes: FloatArray) -> IntArray:
    return np.rint(np.asarray(minutes) * UNITS_PER_MIN).astype(np.int64)


@dataclass(frozen=True)
class ArrayMatching:
    """Result of :func:`solve_matching`: for each patient, the professional index or -1."""

    professional: IntArray
    travel_time_min: FloatArray
    total_cost: int


def _ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """Concatenation of ``arange(s, s + n)`` for each (s, n), vectorised."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(total, dtype=np.int64)


def _starts_within(keys: IntArray, counts: IntArray) -> IntArray:
    """For segments sorted by ``keys``: where each segment starts inside its key's block."""
    cs = np.cumsum(counts) - counts
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return cs - cs[first][inverse]


def _arcs(
    points: CommunePoints,
    origins: tuple[IntArray, IntArray],
    pro_groups: tuple[IntArray, IntArray],
    compatible: BoolArray,
    max_travel_min: float,
    matrix: TravelMatrix | None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """(origin, professional group, minutes) for every compatible pair within reach.

    ``origins`` and ``pro_groups`` are (commune, class) arrays, sorted by commune.
    """
    (o_commune, o_class), (p_commune, p_class) = origins, pro_groups
    n_c = len(points.codes)
    o_start = np.searchsorted(o_commune, np.arange(n_c))  # np.unique sorted ids by commune
    o_cnt = np.bincount(o_commune, minlength=n_c)
    p_start = np.searchsorted(p_commune, np.arange(n_c))
    p_cnt = np.bincount(p_commune, minlength=n_c)
    ca, cc, cmin = commune_pairs_within(
        points, np.unique(o_commune), np.unique(p_commune), max_travel_min, matrix
    )
    sizes = o_cnt[ca] * p_cnt[cc]
    within = _ranges(np.zeros(len(sizes), dtype=np.int64), sizes)
    rep = np.repeat(np.arange(len(sizes)), sizes)
    arc_o = o_start[ca][rep] + within // p_cnt[cc][rep]
    arc_p = p_start[cc][rep] + within % p_cnt[cc][rep]
    arc_min = cmin[rep]
    ok = compatible[o_class[arc_o], p_class[arc_p]]
    return arc_o[ok], arc_p[ok], arc_min[ok]


def _flow(
    g_count: IntArray,
    g_origin: IntArray,
    g_level: IntArray,
    n_o: int,
    arcs_in: tuple[IntArray, IntArray, FloatArray],
    p_cap: IntArray,
    n_levels: int,
    max_travel_min: float,
) -> tuple[IntArray, int]:
    """Solve the min-cost flow groups → origins → professional groups → sink."""
    arc_o, arc_p, arc_min = arcs_in
    n_g, n_p, n_pat = len(g_count), len(p_cap), int(g_count.sum())
    sink = n_g + n_o + n_p
    weights = level_weights(n_pat, int(p_cap.sum()), max_travel_min, n_levels)
    max_abs = int(weights.max()) + int(np.ceil(max_travel_min * UNITS_PER_MIN))
    if max_abs * (sink + 2) >= _INT64_SAFE:
        raise MatchingError(
            _(
                "Appariement trop grand pour des coûts sur 64 bits ({n_pat} patients, {x}"
                " nœuds) : découpez-le par territoire."
            ).format(n_pat=n_pat, x=sink + 1)
        )
    starts = np.concatenate(
        [np.arange(n_g), np.arange(n_g), n_g + arc_o, n_g + n_o + np.arange(n_p)]
    ).astype(np.int64)
    ends = np.concatenate(
        [n_g + g_origin, np.full(n_g, sink), n_g + n_o + arc_p, np.full(n_p, sink)]
    ).astype(np.int64)
    caps = np.concatenate([g_count, g_count, np.full(len(arc_o), n_pat), p_cap]).astype(np.int64)
    costs = np.concatenate(
        [-weights[g_level], np.zeros(n_g, dtype=np.int64), travel_units(arc_min), np.zeros(n_p)]
    ).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(starts, ends, caps, costs)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n_g] = g_count
    supplies[sink] = -n_pat
    smcf.set_nodes_supplies(np.arange(sink + 1, dtype=np.int64), supplies)
    status = smcf.solve()
    if status != smcf.OPTIMAL:  # the network always admits a flow: a bug, not the input
        raise InternalError(
            _(
                "Le solveur de flot à coût minimal n'a pas trouvé d'optimum (statut "
                "{status}) pour {n_pat} patients et {x} places ; aucune proposition n'a "
                "été faite."
            ).format(status=status, n_pat=n_pat, x=int(p_cap.sum()))
        )
    return np.asarray(smcf.flows(arcs), dtype=np.int64), int(smcf.optimal_cost())


def solve_matching(
    *,
    points: CommunePoints,
    patient_commune: IntArray,
    patient_level: IntArray,
    patient_class: IntArray,
    pro_commune: IntArray,
    pro_places: IntArray,
    pro_class: IntArray,
    compatible: BoolArray,
    n_levels: int = len(LEVELS),
    max_travel_min: float = DEFAULT_MAX_TRAVEL_MIN,
    matrix: TravelMatrix | None = None,
) -> ArrayMatching:
    """The array engine: patients and professionals as parallel integer arrays.

    Patients are given in service order (registered first, first). ``*_commune`` index
    ``points``; ``patient_level`` is the rank (0 = A); ``compatible[patient_class, pro_class]``
    says whether a professional class admits a patient class.
    """
    n_pat = len(patient_commune)
    out = np.full(n_pat, -1, dtype=np.int64)
    minutes_out = np.full(n_pat, np.nan)
    keep_pro = pro_places > 0
    if n_pat == 0 or not keep_pro.any():
        return ArrayMatching(out, minutes_out, 0)
    n_pc = compatible.shape[1]

    # Patient groups (commune, level, class) and origins (commune, class).
    okey = patient_commune.astype(np.int64) * compatible.shape[0] + patient_class
    gkey = okey * n_levels + patient_level
    g_ids, g_of_patient, g_count = np.unique(gkey, return_inverse=True, return_counts=True)
    g_level = g_ids % n_levels
    g_okey = g_ids // n_levels
    o_ids, g_origin = np.unique(g_okey, return_inverse=True)
    o_commune = o_ids // compatible.shape[0]
    o_class = o_ids % compatible.shape[0]

    # Professional groups (commune, class).
    pro_idx = np.flatnonzero(keep_pro)
    pkey = pro_commune[pro_idx].astype(np.int64) * n_pc + pro_class[pro_idx]
    p_ids, p_of_pro, _ = np.unique(pkey, return_inverse=True, return_counts=True)
    p_cap = np.bincount(p_of_pro, weights=pro_places[pro_idx], minlength=len(p_ids)).astype(
        np.int64
    )
    p_commune = p_ids // n_pc
    p_class = p_ids % n_pc

    # Commune pairs within reach, expanded to (origin, professional group) arcs.
    arc_o, arc_p, arc_min = _arcs(
        points, (o_commune, o_class), (p_commune, p_class), compatible, max_travel_min, matrix
    )
    n_g, n_o = len(g_ids), len(o_ids)
    flows, total_cost = _flow(
        g_count, g_origin, g_level, n_o, (arc_o, arc_p, arc_min), p_cap, n_levels, max_travel_min
    )

    # Disaggregate: split each origin's flow between its groups and its professional groups.
    f_go = flows[:n_g]
    f_op = flows[2 * n_g : 2 * n_g + len(arc_o)]
    seg_a = _pair_segments(g_origin, f_go, arc_o, f_op, n_o)
    seg_g, seg_p, seg_n, seg_min = seg_a[0], arc_p[seg_a[1]], seg_a[2], arc_min[seg_a[1]]

    # Patients of a group in service order; places of a professional group in input order.
    order = np.lexsort((np.arange(n_pat), g_of_patient))
    member_ptr = np.cumsum(g_count) - g_count
    pro_order = np.lexsort((np.arange(len(pro_idx)), p_of_pro))
    slots = np.repeat(pro_idx[pro_order], pro_places[pro_idx][pro_order])
    slot_ptr = np.cumsum(p_cap) - p_cap

    by_g = np.argsort(seg_g, kind="stable")
    start_g = np.empty_like(seg_n)
    start_g[by_g] = _starts_within(seg_g[by_g], seg_n[by_g])
    by_p = np.argsort(seg_p, kind="stable")
    start_p = np.empty_like(seg_n)
    start_p[by_p] = _starts_within(seg_p[by_p], seg_n[by_p])
    pat_pos = _ranges(member_ptr[seg_g] + start_g, seg_n)
    slot_pos = _ranges(slot_ptr[seg_p] + start_p, seg_n)
    patients = order[pat_pos]
    out[patients] = slots[slot_pos]
    minutes_out[patients] = np.repeat(seg_min, seg_n)
    return ArrayMatching(out, minutes_out, total_cost)


def _pair_segments(
    g_origin: IntArray, f_go: IntArray, arc_o: IntArray, f_op: IntArray, n_o: int
) -> tuple[IntArray, IntArray, IntArray]:
    """Pair, per origin, the flow coming from groups with the flow leaving to arcs.

    Returns (group, arc index, count) segments. Any pairing is optimal: the cost of a unit only
    depends on its group (level) and on its arc (travel), and both totals are fixed.
    """
    gi = np.flatnonzero(f_go > 0)
    ai = np.flatnonzero(f_op > 0)
    gi = gi[np.argsort(g_origin[gi], kind="stable")]
    ai = ai[np.argsort(arc_o[ai], kind="stable")]
    # Cumulative flow boundaries per origin on both sides, merged.
    g_end = np.cumsum(f_go[gi])
    a_end = np.cumsum(f_op[ai])
    if len(g_end) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    # Both sides order origins identically and carry equal totals per origin (conservation), so
    # global cumulative sums align at origin boundaries.
    cuts = np.union1d(g_end, a_end)
    prev = np.concatenate([[0], cuts[:-1]])
    n = cuts - prev
    seg_g = gi[np.searchsorted(g_end, cuts, side="left")]
    seg_a = ai[np.searchsorted(a_end, cuts, side="left")]
    del n_o
    return seg_g, seg_a, n


def _age_bands(capacities: Sequence[Capacity]) -> list[int]:
    """Ages where a capacity's verdict may change (its bounds, and adulthood for the kinds
    whose rule depends on it)."""
    bounds = {c.min_age for c in capacities} | {c.max_age + 1 for c in capacities}
    return sorted(bounds | {ADULT_AGE})


def _patient_classes(
    ordered: Sequence[WaitingPatient], bands: list[int], by_commune: bool = False
) -> tuple[list[WaitingPatient], list[int]]:
    """Patients alike for every capacity (age band, home visits, language, exclusions, list,
    ALD; the commune too when a capacity serves only an area)."""
    class_of: dict[tuple[object, ...], int] = {}
    reps: list[WaitingPatient] = []
    classes = []
    for p in ordered:
        key = (
            bisect_right(bands, p.age_years),
            p.needs_home_visits,
            p.language,
            p.excluded_professionals,
            p.care,
            p.ald,
            p.commune if by_commune else None,
        )
        if key not in class_of:
            class_of[key] = len(reps)
            reps.append(p)
        classes.append(class_of[key])
    return reps, classes


def _capacity_classes(
    caps: Sequence[Capacity], excluded_anywhere: frozenset[int]
) -> tuple[list[Capacity], list[int]]:
    """Capacities alike for every patient (criteria; identity only if someone excluded it)."""
    class_of: dict[tuple[object, ...], int] = {}
    reps: list[Capacity] = []
    classes = []
    for c in caps:
        key = (
            c.min_age,
            c.max_age,
            c.home_visits,
            c.languages,
            c.professional_id if c.professional_id in excluded_anywhere else None,
            c.kind,
            c.serves,
            c.area,
        )
        if key not in class_of:
            class_of[key] = len(reps)
            reps.append(c)
        classes.append(class_of[key])
    return reps, classes


def match_patients(
    patients: Sequence[WaitingPatient],
    capacities: Sequence[Capacity],
    points: CommunePoints,
    *,
    max_travel_min: float = DEFAULT_MAX_TRAVEL_MIN,
    matrix: TravelMatrix | None = None,
    levels: Sequence[str] = LEVELS,
) -> MatchingResult:
    """Match waiting patients to capacities; the value-in, value-out facade of the engine.

    Example
    -------
    >>> from datetime import datetime
    >>> pts = CommunePoints.from_mapping({"03310": (3.4258, 46.1277), "03095": (3.4469, 46.1045)})
    >>> p = [WaitingPatient(1, "03310", "B", 40, datetime(2026, 1, 1))]
    >>> c = [Capacity(professional_id=7, commune="03095", places=1)]
    >>> [(a.patient_id, a.professional_id) for a in match_patients(p, c, pts).assignments]
    [(1, 7)]
    """
    index = {code: i for i, code in enumerate(points.codes)}
    for code in {p.commune for p in patients} | {c.commune for c in capacities}:
        if code not in index:
            raise MatchingError(
                _(
                    "Commune {code} sans coordonnées : la commune de chaque patient et de "
                    "chaque professionnel doit être une commune du territoire (code INSEE, p."
                    " ex. '03310')."
                ).format(code=repr(code))
            )
    level_rank = {lvl: i for i, lvl in enumerate(levels)}
    ordered = sorted(patients, key=lambda p: (p.registered_at, p.id))
    caps = [c for c in capacities if c.places > 0]
    bands = _age_bands(caps) if caps else [0]
    excluded_anywhere = frozenset().union(*(p.excluded_professionals for p in ordered))

    reps, pat_class = _patient_classes(ordered, bands, any(c.area for c in caps))
    creps, pro_class = _capacity_classes(caps, excluded_anywhere)
    compatible = np.array(
        [
            [c.accepts(r) and c.professional_id not in r.excluded_professionals for c in creps]
            for r in reps
        ],
        dtype=bool,
    ).reshape(len(reps), len(creps))
    result = solve_matching(
        points=points,
        patient_commune=np.array([index[p.commune] for p in ordered], dtype=np.int64),
        patient_level=np.array([level_rank[p.level] for p in ordered], dtype=np.int64),
        patient_class=np.array(pat_class, dtype=np.int64),
        pro_commune=np.array([index[c.commune] for c in caps], dtype=np.int64),
        pro_places=np.array([c.places for c in caps], dtype=np.int64),
        pro_class=np.array(pro_class, dtype=np.int64),
        compatible=compatible,
        n_levels=len(levels),
        max_travel_min=max_travel_min,
        matrix=matrix,
    )
    assignments = []
    unmatched = []
    counts = dict.fromkeys(levels, 0)
    for i, p in enumerate(ordered):
        j = int(result.professional[i])
        if j < 0:
            unmatched.append(p.id)
            continue
        counts[p.level] += 1
        assignments.append(
            Assignment(
                patient_id=p.id,
                professional_id=caps[j].professional_id,
                travel_time_min=round(float(result.travel_time_min[i]), 1),
                level=p.level,
            )
        )
    return MatchingResult(
        assignments=tuple(assignments),
        unmatched=tuple(unmatched),
        total_cost=result.total_cost,
        matched_by_level=counts,
    )
