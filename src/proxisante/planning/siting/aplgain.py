"""APL objectives for siting: greedy + swap local search, bounded by a linear relaxation.

A new site *j* brings ``supply_j`` consultations a year. In the two-step floating catchment
(DREES decay), the demand around a site does not change when supply is added, so the APL gain
of demand point *i* is additive over the opened sites:

    ΔAPL_i = Σ_j x_j · w(t_ij) · supply_j / D_j,     D_j = Σ_k w(t_kj) · P_k

- **apl-gain** maximises the reduction of the access shortfall under 2.5,
  Σ_i P_i · (min(APL_i + ΔAPL_i, 2.5) − min(APL_i, 2.5)), in standardised inhabitants ×
  consultations (the population-weighted APL gain itself would not depend on where sites go:
  every new consultation is shared out in full);
- **lift-above-2.5** maximises the population whose APL goes from under 2.5 to 2.5 or more.

Both are solved by greedy selection then 1-swap local search; the bound is the linear relaxation
of the exact model, so the reported gap is a guarantee (the true gap is at most that).

On a territory, both run on the *anchored* APL (:mod:`proxisante.access.anchoring`): the
baseline is the official DREES APL, and the model's gain of a commune anchored by ratio is
scaled by official / model (``AplSiting.gain_scale``); the gain stays additive over the opened
sites, so the algorithms and the bound are unchanged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from proxisante.access.apl import DREES_DECAY, UNDER_SERVED_APL
from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.planning.siting.exact import SitingOptions, SitingResult, _result, check_options
from proxisante.planning.siting.instance import SitingInstance
from proxisante.planning.siting.mip import Mip, relative_gap, solve
from proxisante.types import FloatArray


@dataclass(frozen=True, eq=False)
class AplSiting:
    """Baseline APL and population of each demand point, supply a new site would bring."""

    base_apl: FloatArray
    population: FloatArray
    site_supply: FloatArray
    threshold: float = UNDER_SERVED_APL
    gain_scale: FloatArray | None = None
    """Per demand point, anchored gain / model gain (official / model APL where anchored by
    ratio, 1 elsewhere); None: 1 everywhere (the model's own APL)."""
    anchoring: tuple[str, ...] = ()
    """Per demand point, the anchoring method (empty: not anchored)."""


def gain_matrix(
    instance: SitingInstance, site_supply: FloatArray, gain_scale: FloatArray | None = None
) -> sp.csc_array:
    """ΔAPL of each demand point (rows) per opened candidate (columns), DREES decay; rows
    multiplied by ``gain_scale`` (anchoring) when given."""
    w = instance.minutes.tocsr()
    weights = sp.csr_array((DREES_DECAY(w.data), w.indices, w.indptr), shape=w.shape)
    catchment = np.asarray(weights.T @ instance.weights).ravel()
    ratio = np.divide(site_supply, catchment, out=np.zeros_like(catchment), where=catchment > 0)
    g = weights @ sp.diags_array(ratio)
    if gain_scale is not None:
        g = sp.diags_array(np.asarray(gain_scale, dtype=np.float64)) @ g
    return sp.csc_array(g)


def apl_after(instance: SitingInstance, data: AplSiting, selected: tuple[str, ...]) -> FloatArray:
    """The (anchored) APL of every demand point once the candidates ``selected`` are open."""
    at = {c: j for j, c in enumerate(instance.candidate_ids)}
    chosen = np.zeros(instance.n_candidates)
    chosen[[at[c] for c in selected]] = 1.0
    g = gain_matrix(instance, data.site_supply, data.gain_scale)
    return np.asarray(data.base_apl + g @ chosen, dtype=np.float64)


class _Score:
    """Objective of a vector of APL gains and the marginal value of each candidate."""

    def __init__(self, objective: str, data: AplSiting, weights: FloatArray) -> None:
        self.lift = objective == "lift-above-2.5"
        self.short = np.maximum(data.threshold - data.base_apl, 0.0)
        self.std = weights
        self.pop = data.population

    def gain(self, delta: FloatArray) -> float:
        return float(self.std @ np.minimum(delta, self.short))

    def lifted(self, delta: FloatArray) -> float:
        return float(self.pop[(self.short > 0) & (delta >= self.short - 1e-12)].sum())

    def value(self, delta: FloatArray) -> float:
        return self.lifted(delta) if self.lift else self.gain(delta)

    def marginals(self, g: sp.csc_array, delta: FloatArray) -> tuple[FloatArray, FloatArray]:
        """(primary, tie-break) marginal value of adding each column of ``g``."""
        cols = np.repeat(np.arange(g.shape[1]), np.diff(g.indptr))
        r, v = g.indices, g.data
        before = np.minimum(delta[r], self.short[r])
        after = np.minimum(delta[r] + v, self.short[r])
        gain = np.bincount(cols, self.std[r] * (after - before), g.shape[1]).astype(np.float64)
        if not self.lift:
            return gain, gain
        s = self.short[r]
        newly = (s > 0) & (delta[r] < s - 1e-12) & (delta[r] + v >= s - 1e-12)
        lift = np.bincount(cols, self.pop[r] * newly, g.shape[1]).astype(np.float64)
        return lift, gain


@dataclass(frozen=True, eq=False)
class CandidateValues:
    """What opening each candidate alone (beside the locked sites) brings, aligned on ids."""

    ids: tuple[str, ...]
    objective: FloatArray
    """Gain of the objective (shortfall reduction, or population lifted above 2.5)."""
    shortfall_reduction: FloatArray

    def ranking(self, top: int) -> list[tuple[str, float, float]]:
        """The ``top`` best candidates: (id, objective gain, shortfall reduction)."""
        order = np.lexsort((-self.shortfall_reduction, -self.objective))[:top]
        return [
            (self.ids[j], float(self.objective[j]), float(self.shortfall_reduction[j]))
            for j in order
        ]


@dataclass(frozen=True, eq=False)
class _Evaluation:
    g: sp.csc_array
    score: _Score
    delta: FloatArray


def _evaluate_span(shared: _Evaluation, span: tuple[int, int]) -> tuple[FloatArray, FloatArray]:
    lo, hi = span
    return shared.score.marginals(sp.csc_array(shared.g[:, lo:hi]), shared.delta)


EVALUATION_CHUNK = 512
"""Candidates per Dask task when each candidate is evaluated."""


def evaluate_candidates(
    instance: SitingInstance,
    options: SitingOptions,
    data: AplSiting,
    scheduler: str | None = None,
) -> CandidateValues:
    """Evaluate every candidate alone, in chunks on Dask (the same figures on any scheduler)."""
    from proxisante.planning.sweep import map_shared

    g = gain_matrix(instance, data.site_supply, data.gain_scale)
    score = _Score(options.objective, data, instance.weights)
    delta = np.asarray(g @ instance.locked.astype(np.float64)).ravel()
    m = instance.n_candidates
    spans = [(lo, min(lo + EVALUATION_CHUNK, m)) for lo in range(0, m, EVALUATION_CHUNK)]
    parts = map_shared(_evaluate_span, _Evaluation(g, score, delta), spans, scheduler)
    primary = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0)
    tie = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0)
    return CandidateValues(instance.candidate_ids, primary, tie)


def solve_apl(
    instance: SitingInstance,
    options: SitingOptions,
    data: AplSiting,
    first: CandidateValues | None = None,
) -> SitingResult:
    """Greedy + local search for ``apl-gain`` / ``lift-above-2.5`` with an LP bound and gap.

    ``first`` (from :func:`evaluate_candidates`, possibly on a Dask cluster) gives the
    candidates' values for the first greedy step instead of computing them here.
    """
    check_options(instance, options)
    if options.objective not in ("apl-gain", "lift-above-2.5"):
        raise PlanningInputError(
            _("objectif {objective} : pas un objectif d'APL.").format(
                objective=repr(options.objective)
            )
        )
    start = time.perf_counter()
    g = gain_matrix(instance, data.site_supply, data.gain_scale)
    score = _Score(options.objective, data, instance.weights)
    chosen = _greedy(instance, options, g, score, first)
    chosen = _swap(instance, options, g, score, chosen, start)
    delta = np.asarray(g @ chosen.astype(np.float64)).ravel()
    value = score.value(delta)
    bound = max(_lp_bound(instance, options, g, score), value)
    figures = {
        "population_lifted_above_2_5": score.lifted(delta),
        "shortfall_reduction": score.gain(delta),
        "shortfall_before": float(instance.weights @ score.short),
    }
    result = _result(
        instance,
        options,
        chosen,
        value,
        bound,
        relative_gap(value, bound, True),
        value >= bound - 1e-9 * max(1.0, abs(bound)),
        _("glouton + échanges (recherche locale), borne par relaxation linéaire"),
        time.perf_counter() - start,
    )
    result.figures.update(figures)
    return result


def _affordable(instance: SitingInstance, options: SitingOptions, spent: float) -> np.ndarray:
    if options.budget is None:
        return np.ones(instance.n_candidates, dtype=bool)
    return instance.cost <= options.budget - spent + 1e-9


def _greedy(
    instance: SitingInstance,
    options: SitingOptions,
    g: sp.csc_array,
    score: _Score,
    first: CandidateValues | None = None,
) -> np.ndarray:
    chosen = instance.locked.copy()
    delta = np.asarray(g @ chosen.astype(np.float64)).ravel()
    spent = 0.0
    for step in range(options.p):
        ok = ~chosen & _affordable(instance, options, spent)
        if not ok.any():
            break
        if step == 0 and first is not None:
            primary, tie = first.objective, first.shortfall_reduction
        else:
            primary, tie = score.marginals(g, delta)
        order = np.lexsort((-tie, -primary))
        best = int(order[ok[order]][0])
        chosen[best] = True
        spent += float(instance.cost[best])
        delta += g[:, [best]].toarray().ravel()
    return chosen


def _swap(
    instance: SitingInstance,
    options: SitingOptions,
    g: sp.csc_array,
    score: _Score,
    chosen: np.ndarray,
    start: float,
) -> np.ndarray:
    """1-swap local search: replace an opened site by a better one while the objective rises."""
    chosen = chosen.copy()
    delta = np.asarray(g @ chosen.astype(np.float64)).ravel()
    current = (score.value(delta), score.gain(delta))
    improved = True
    while improved and time.perf_counter() - start < options.time_limit_s:
        improved = False
        for s in np.flatnonzero(chosen & ~instance.locked):
            without = delta - g[:, [s]].toarray().ravel()
            spent = float(instance.cost[chosen].sum() - instance.cost[s])
            ok = ~chosen & _affordable(instance, options, spent)
            if not ok.any():
                continue
            primary, tie = score.marginals(g, without)
            cand = np.flatnonzero(ok)
            best = cand[np.lexsort((-tie[cand], -primary[cand]))[0]]
            new = without + g[:, [best]].toarray().ravel()
            value = (score.value(new), score.gain(new))
            if _better(value, current):
                chosen[s], chosen[best] = False, True
                delta, current, improved = new, value, True
                break
    return chosen


def _better(new: tuple[float, float], current: tuple[float, float]) -> bool:
    """Lexicographically better (objective, then shortfall reduction), beyond rounding."""
    tol = 1e-9 * max(1.0, abs(current[0]))
    if new[0] > current[0] + tol:
        return True
    return abs(new[0] - current[0]) <= tol and new[1] > current[1] + 1e-9 * max(1.0, current[1])


def _lp_bound(
    instance: SitingInstance, options: SitingOptions, g: sp.csc_array, score: _Score
) -> float:
    """Optimum of the linear relaxation of the exact model (an upper bound of the optimum)."""
    rows = np.flatnonzero((score.short > 0) & (np.asarray(g.sum(axis=1)).ravel() > 0))
    m, k = instance.n_candidates, rows.size
    if k == 0:
        return 0.0
    gr = sp.csr_array(g.tocsr()[rows])
    coef = score.short[rows] if score.lift else np.ones(k)
    link = sp.csr_array(sp.hstack([-gr, sp.diags_array(coef)], format="csr"))
    free = (~instance.locked).astype(np.float64)
    count = [np.concatenate((free, np.zeros(k)))]
    lb, ub = [float(options.p) if options.budget is None else 0.0], [float(options.p)]
    if options.budget is not None:
        count.append(np.concatenate((instance.cost * free, np.zeros(k))))
        lb.append(-np.inf)
        ub.append(float(options.budget))
    a = sp.csr_array(sp.vstack([link, sp.csr_array(np.vstack(count))], format="csr"))
    weight = score.pop[rows] if score.lift else score.std[rows]
    z_ub = np.ones(k) if score.lift else score.short[rows]
    mip = Mip(
        c=np.concatenate((np.zeros(m), weight)),
        a=a,
        row_lb=np.concatenate((np.full(k, -np.inf), lb)),
        row_ub=np.concatenate((np.zeros(k), ub)),
        var_lb=np.concatenate((instance.locked.astype(np.float64), np.zeros(k))),
        var_ub=np.concatenate((np.ones(m), z_ub)),
        integer=np.zeros(m + k, dtype=bool),
        maximize=True,
    )
    sol = solve(mip, options.time_limit_s, relax=True)
    return sol.objective if np.isfinite(sol.objective) else float("inf")
