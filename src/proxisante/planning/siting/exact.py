"""Exact siting models on OR-Tools: maximal covering (MCLP), p-median, capacitated covering.

``p`` is the number of sites to *open*: locked sites (existing structures) are selected in
addition and count in coverage, never in ``p``. With a budget, at most ``p`` sites are opened
and the cost of the opened ones stays within it; without, exactly ``p`` are opened.

- **mclp** — maximise the demand weight within ``radius`` minutes of a selected site;
- **p-median** — minimise the weighted time to the nearest selected site; only stored pairs
  (within the cut-off) can be assigned, and a demand point with no selected site within the
  cut-off counts at ``unreached_minutes`` (by default the cut-off: a lower bound of its time);
- **capacitated** — maximise the demand served within ``radius`` when a site serves at most
  its ``capacity`` (a demand point may be split between sites).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import scipy.sparse as sp

from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.planning.siting.instance import SitingInstance
from proxisante.planning.siting.mip import Mip, relative_gap, solve
from proxisante.types import FloatArray, IntArray

Objective = Literal["mclp", "p-median", "capacitated", "apl-gain", "lift-above-2.5"]
OBJECTIVES: tuple[str, ...] = ("mclp", "p-median", "capacitated", "apl-gain", "lift-above-2.5")


@dataclass(frozen=True)
class SitingOptions:
    """What to optimise and under which limits."""

    objective: str
    p: int
    radius_min: float | None = None
    budget: float | None = None
    unreached_minutes: float | None = None
    time_limit_s: float = 60.0


@dataclass(frozen=True)
class SitingResult:
    """The chosen sites, the objective value, the best bound and the relative gap."""

    objective: str
    value: float
    bound: float
    gap: float
    selected: tuple[str, ...]
    opened: tuple[str, ...]
    locked: tuple[str, ...]
    optimal: bool
    method: str
    seconds: float
    figures: dict[str, float] = field(default_factory=dict)
    loads: dict[str, float] = field(default_factory=dict)
    """Demand served by each selected site (capacitated covering only)."""


def check_options(instance: SitingInstance, options: SitingOptions) -> None:
    """Raise :class:`PlanningInputError` for options that cannot apply to ``instance``."""
    if options.objective not in OBJECTIVES:
        raise PlanningInputError(
            _("objectif {objective} inconnu : attendu l'un de {choices}.").format(
                objective=repr(options.objective), choices=", ".join(OBJECTIVES)
            )
        )
    free = int((~instance.locked).sum())
    if options.p < 0 or options.p > free:
        raise PlanningInputError(
            _(
                "--p {p} : attendu un nombre de sites à ouvrir entre 0 et {free}"
                " (candidats non verrouillés)."
            ).format(p=options.p, free=free)
        )
    if options.objective in ("mclp", "capacitated") and options.radius_min is None:
        raise PlanningInputError(
            _(
                "--radius manquant : l'objectif {objective} couvre la demande à moins de"
                " --radius minutes d'un site (ex. --radius 20)."
            ).format(objective=options.objective)
        )
    if options.radius_min is not None and not options.radius_min >= 0:
        raise PlanningInputError(
            _("--radius {radius} : minutes ≥ 0 attendues.").format(radius=options.radius_min)
        )
    if options.budget is not None and not options.budget >= 0:
        raise PlanningInputError(
            _("--budget {budget} : montant ≥ 0 attendu.").format(budget=options.budget)
        )
    if options.objective == "capacitated" and np.isnan(instance.capacity).all():
        raise PlanningInputError(
            _(
                "objectif capacitated : aucune capacité. Attendu une colonne `capacity` dans"
                " --candidates ou --capacity N."
            )
        )


def solve_exact(instance: SitingInstance, options: SitingOptions) -> SitingResult:
    """Solve MCLP, p-median or capacitated covering exactly (MIP, HiGHS via OR-Tools)."""
    check_options(instance, options)
    start = time.perf_counter()
    if options.objective == "p-median" and options.budget is None:
        return _p_median_reduced(instance, options, start)
    builders = {"mclp": _mclp, "p-median": _p_median, "capacitated": _capacitated}
    if options.objective not in builders:
        raise PlanningInputError(
            _("objectif {objective} : pas un modèle linéaire exact.").format(
                objective=repr(options.objective)
            )
        )
    mip, cols = builders[options.objective](instance, options)
    sol = solve(mip, options.time_limit_s)
    if not np.isfinite(sol.objective):
        raise PlanningInputError(
            _(
                "aucune solution ({status}) : vérifier --p, --budget et les sites verrouillés."
            ).format(status=sol.status)
        )
    m = instance.n_candidates
    chosen = sol.x[:m] > 0.5
    offset = _locked_cover_weight(instance, options) if options.objective == "mclp" else 0.0
    value, bound = sol.objective + offset, sol.bound + offset
    maximize = mip.maximize
    result = _result(
        instance,
        options,
        chosen,
        value,
        bound,
        relative_gap(value, bound, maximize),
        sol.optimal,
        _("programme linéaire en nombres entiers exact (OR-Tools, {status})").format(
            status=sol.status
        ),
        time.perf_counter() - start,
    )
    if cols is not None:
        served = np.bincount(cols, weights=sol.x[m : m + cols.size], minlength=m)
        ids = instance.candidate_ids
        result.loads.update({ids[j]: float(served[j]) for j in np.flatnonzero(chosen)})
    return result


def _p_median_reduced(
    instance: SitingInstance, options: SitingOptions, start: float
) -> SitingResult:
    """p-median: interchange + Lagrangian bound, then the exact MIP on the candidates left."""
    from proxisante.planning.siting import pmedian

    rows, cols, t = _pairs(instance.minutes)
    if options.radius_min is not None:
        ok = t <= options.radius_min
        rows, cols, t = rows[ok], cols[ok], t[ok]
    n, m = instance.n_demand, instance.n_candidates
    w = instance.weights
    costs = pmedian.Costs(
        sp.csc_array(sp.coo_array((w[rows] * t, (rows, cols)), shape=(n, m))),
        w * unreached_penalty(instance, options),
        instance.locked,
        options.p,
    )
    deadline = start + options.time_limit_s
    incumbent = pmedian.heuristic(costs, None, deadline)
    upper = pmedian.total_cost(costs, incumbent)
    lower, rho, chosen = pmedian.lagrangian(costs, upper, deadline)
    other = pmedian.heuristic(costs, chosen, deadline)
    if pmedian.total_cost(costs, other) < upper:
        incumbent, upper = other, pmedian.total_cost(costs, other)
    method = _("interchange + borne lagrangienne")
    optimal = upper - lower <= 1e-9 * max(1.0, abs(upper))
    if not optimal:
        keep = ~(pmedian.reducible(costs, lower, rho, chosen, upper) & ~incumbent)
        must = pmedian.must_open(costs, lower, rho, chosen, upper)
        found = pmedian.enumerate_best(costs, keep, must)
        if found is not None:
            if found[1] < upper:
                incumbent, upper = found[0], pmedian.total_cost(costs, found[0])
            method += _(
                ", puis énumération exacte sur {k} candidats sur {m} ({f} ouverts d'office)"
            ).format(k=int(keep.sum()), m=m, f=int(must.sum()))
            return _result(
                instance,
                options,
                incumbent,
                upper,
                upper,
                0.0,
                True,
                method,
                time.perf_counter() - start,
            )
        sub = SitingInstance(
            instance.demand_ids,
            instance.weights,
            tuple(instance.candidate_ids[j] for j in np.flatnonzero(keep)),
            sp.csr_array(instance.minutes.tocsc()[:, np.flatnonzero(keep)]),
            instance.capacity[keep],
            instance.locked[keep],
            instance.cost[keep],
        )
        remaining = max(1.0, deadline - time.perf_counter())
        mip, _cols = _p_median(sub, options)
        sol = solve(mip, remaining)
        method += _(", puis PLNE exacte sur {k} candidats sur {m} ({status})").format(
            k=int(keep.sum()), m=m, status=sol.status
        )
        if np.isfinite(sol.objective) and sol.objective < upper:
            incumbent = np.zeros(m, dtype=bool)
            incumbent[np.flatnonzero(keep)[sol.x[: int(keep.sum())] > 0.5]] = True
            upper = pmedian.total_cost(costs, incumbent)
        if sol.optimal:
            lower, optimal = min(upper, sol.objective), True
        elif np.isfinite(sol.bound):
            lower = max(lower, sol.bound)
    return _result(
        instance,
        options,
        incumbent,
        upper,
        lower,
        relative_gap(upper, lower, False),
        optimal,
        method,
        time.perf_counter() - start,
    )


def _result(
    instance: SitingInstance,
    options: SitingOptions,
    chosen: np.ndarray,
    value: float,
    bound: float,
    gap: float,
    optimal: bool,
    method: str,
    seconds: float,
) -> SitingResult:
    ids = instance.candidate_ids
    chosen = chosen | instance.locked
    figures = evaluate(instance, options, chosen)
    return SitingResult(
        objective=options.objective,
        value=float(value),
        bound=float(bound),
        gap=float(gap),
        selected=tuple(ids[j] for j in np.flatnonzero(chosen)),
        opened=tuple(ids[j] for j in np.flatnonzero(chosen & ~instance.locked)),
        locked=tuple(ids[j] for j in np.flatnonzero(instance.locked)),
        optimal=optimal,
        method=method,
        seconds=seconds,
        figures=figures,
    )


def evaluate(
    instance: SitingInstance, options: SitingOptions, chosen: np.ndarray
) -> dict[str, float]:
    """Plain figures of a selection: covered weight and share, mean time to the nearest site."""
    total = float(instance.weights.sum())
    out: dict[str, float] = {"demand_weight": total, "sites": float(chosen.sum())}
    if options.radius_min is not None:
        covered = instance.covered_by(options.radius_min, np.asarray(chosen, dtype=bool))
        out["covered_weight"] = float(instance.weights[covered].sum())
        out["covered_share"] = out["covered_weight"] / total if total > 0 else 0.0
    return out


def _count_rows(
    instance: SitingInstance, options: SitingOptions, n_vars: int
) -> tuple[sp.csr_array, FloatArray, FloatArray]:
    """Rows "opened sites = p" (≤ p with a budget) and the budget, over the x block."""
    m = instance.n_candidates
    free = (~instance.locked).astype(np.float64)
    rows = [np.concatenate((free, np.zeros(n_vars - m)))]
    lb = [float(options.p) if options.budget is None else 0.0]
    ub = [float(options.p)]
    if options.budget is not None:
        rows.append(np.concatenate((instance.cost * free, np.zeros(n_vars - m))))
        lb.append(-np.inf)
        ub.append(float(options.budget))
    return sp.csr_array(np.vstack(rows)), np.array(lb), np.array(ub)


def _x_bounds(instance: SitingInstance) -> tuple[FloatArray, FloatArray]:
    return instance.locked.astype(np.float64), np.ones(instance.n_candidates)


def _stack(
    blocks: list[tuple[sp.csr_array, FloatArray, FloatArray]],
) -> tuple[sp.csr_array, FloatArray, FloatArray]:
    a = sp.vstack([b[0] for b in blocks], format="csr")
    return (
        sp.csr_array(a),
        np.concatenate([b[1] for b in blocks]),
        np.concatenate([b[2] for b in blocks]),
    )


def _pairs(matrix: sp.csr_array) -> tuple[IntArray, IntArray, FloatArray]:
    m = matrix.tocsr()
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    return rows, m.indices.astype(np.int64), m.data.astype(np.float64)


def _mclp(instance: SitingInstance, options: SitingOptions) -> tuple[Mip, IntArray | None]:
    if options.radius_min is None:
        raise InternalError("invariant broken: a coverage objective without a radius")
    cov, weight = _coverage_classes(instance, options.radius_min)
    m = instance.n_candidates
    k = weight.size
    nv = m + k
    # y_i − Σ_{j covers i} x_j ≤ 0
    link = sp.csr_array(sp.hstack([-cov, sp.eye_array(k)], format="csr"))
    blocks = [(link, np.full(k, -np.inf), np.zeros(k)), _count_rows(instance, options, nv)]
    a, lb, ub = _stack(blocks)
    xl, xu = _x_bounds(instance)
    mip = Mip(
        c=np.concatenate((np.zeros(m), weight)),
        a=a,
        row_lb=lb,
        row_ub=ub,
        var_lb=np.concatenate((xl, np.zeros(k))),
        var_ub=np.concatenate((xu, np.ones(k))),
        integer=np.concatenate((np.ones(m, dtype=bool), np.zeros(k, dtype=bool))),
        maximize=True,
    )
    return mip, None


def _locked_cover_weight(instance: SitingInstance, options: SitingOptions) -> float:
    """Demand weight already within the radius of a locked site (constant in the MCLP)."""
    if options.radius_min is None:
        raise InternalError("invariant broken: a coverage objective without a radius")
    hit = instance.covered_by(options.radius_min, instance.locked)
    return float(instance.weights[hit].sum())


def _coverage_classes(
    instance: SitingInstance, radius_min: float
) -> tuple[sp.csr_array, FloatArray]:
    """Demand points grouped by the set of candidates that cover them (weights summed).

    Points covered by no candidate, of weight 0 or already covered by a locked site add a
    constant to the objective whatever is chosen, so they are left out of the model; points
    covered by the same candidates share one variable. The optimum is unchanged. The pairs are
    read in place (no 0/1 copy of them: 42 million on the national instance at 120 minutes).
    """
    m = instance.minutes.tocsr()
    if not m.has_canonical_format:
        m = instance.within(radius_min)  # pairs sorted and merged, all within the radius
    reached = instance.covered_by(radius_min, np.ones(instance.n_candidates, dtype=bool))
    locked_cover = instance.covered_by(radius_min, instance.locked)
    live = reached & (instance.weights > 0) & ~locked_cover
    groups: dict[bytes, int] = {}
    label = np.empty(int(live.sum()), dtype=np.int64)
    firsts: list[IntArray] = []
    for k, i in enumerate(np.flatnonzero(live)):
        lo, hi = m.indptr[i], m.indptr[i + 1]
        cols = m.indices[lo:hi][m.data[lo:hi] <= radius_min]
        g = groups.setdefault(cols.tobytes(), len(groups))
        if g == len(firsts):
            firsts.append(cols)
        label[k] = g
    weight = np.bincount(label, weights=instance.weights[live], minlength=len(firsts))
    indptr = np.zeros(len(firsts) + 1, dtype=np.int64)
    np.cumsum([c.size for c in firsts], out=indptr[1:])
    indices = np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int32)
    classes = sp.csr_array(
        (np.ones(indices.size), indices, indptr), shape=(len(firsts), instance.n_candidates)
    )
    return classes, weight.astype(np.float64)


def unreached_penalty(instance: SitingInstance, options: SitingOptions) -> float:
    """Minutes counted for a demand point with no selected site within the cut-off."""
    if options.unreached_minutes is not None:
        return float(options.unreached_minutes)
    if options.radius_min is not None:
        return float(options.radius_min)
    data = instance.minutes.data
    return float(data.max()) if data.size else 0.0


def _p_median(instance: SitingInstance, options: SitingOptions) -> tuple[Mip, IntArray | None]:
    rows, cols, t = _pairs(instance.minutes)
    if options.radius_min is not None:
        ok = t <= options.radius_min
        rows, cols, t = rows[ok], cols[ok], t[ok]
    n, m, q = instance.n_demand, instance.n_candidates, rows.size
    w = instance.weights
    penalty = unreached_penalty(instance, options)
    nv = m + q + n
    zi = m + np.arange(q)
    ui = m + q + np.arange(n)
    # Σ_j z_ij + u_i = 1
    assign = sp.csr_array(
        (np.ones(q + n), (np.concatenate((rows, np.arange(n))), np.concatenate((zi, ui)))),
        shape=(n, nv),
    )
    # z_ij − x_j ≤ 0
    link = sp.csr_array(
        (
            np.concatenate((np.ones(q), -np.ones(q))),
            (np.concatenate((np.arange(q), np.arange(q))), np.concatenate((zi, cols))),
        ),
        shape=(q, nv),
    )
    a, lb, ub = _stack(
        [
            (assign, np.ones(n), np.ones(n)),
            (link, np.full(q, -np.inf), np.zeros(q)),
            _count_rows(instance, options, nv),
        ]
    )
    xl, xu = _x_bounds(instance)
    mip = Mip(
        c=np.concatenate((np.zeros(m), w[rows] * t, w * penalty)),
        a=a,
        row_lb=lb,
        row_ub=ub,
        var_lb=np.concatenate((xl, np.zeros(q + n))),
        var_ub=np.concatenate((xu, np.ones(q + n))),
        integer=np.concatenate((np.ones(m, dtype=bool), np.zeros(q + n, dtype=bool))),
        maximize=False,
    )
    return mip, None


def _capacitated(instance: SitingInstance, options: SitingOptions) -> tuple[Mip, IntArray | None]:
    if options.radius_min is None:
        raise InternalError("invariant broken: a capacitated objective without a radius")
    rows, cols, _times = _pairs(instance.within(options.radius_min))
    n, m, q = instance.n_demand, instance.n_candidates, rows.size
    w = instance.weights
    reach = np.bincount(cols, weights=w[rows], minlength=m)
    cap = np.where(np.isnan(instance.capacity), reach, np.minimum(instance.capacity, reach))
    nv = m + q
    ai = m + np.arange(q)
    # Σ_j a_ij ≤ w_i
    demand = sp.csr_array((np.ones(q), (rows, ai)), shape=(n, nv))
    # Σ_i a_ij − cap_j x_j ≤ 0
    load = sp.csr_array(
        (
            np.concatenate((np.ones(q), -cap)),
            (np.concatenate((cols, np.arange(m))), np.concatenate((ai, np.arange(m)))),
        ),
        shape=(m, nv),
    )
    # a_ij − w_i x_j ≤ 0 (a tighter relaxation)
    link = sp.csr_array(
        (
            np.concatenate((np.ones(q), -w[rows])),
            (np.concatenate((np.arange(q), np.arange(q))), np.concatenate((ai, cols))),
        ),
        shape=(q, nv),
    )
    a, lb, ub = _stack(
        [
            (demand, np.full(n, -np.inf), w.astype(np.float64)),
            (load, np.full(m, -np.inf), np.zeros(m)),
            (link, np.full(q, -np.inf), np.zeros(q)),
            _count_rows(instance, options, nv),
        ]
    )
    xl, xu = _x_bounds(instance)
    mip = Mip(
        c=np.concatenate((np.zeros(m), np.ones(q))),
        a=a,
        row_lb=lb,
        row_ub=ub,
        var_lb=np.concatenate((xl, np.zeros(q))),
        var_ub=np.concatenate((xu, np.full(q, np.inf))),
        integer=np.concatenate((np.ones(m, dtype=bool), np.zeros(q, dtype=bool))),
        maximize=True,
    )
    return mip, cols
