"""The CP-SAT model of the rota, solved sector by sector (a doctor belongs to one sector).

Hard constraints: every shift covered by exactly one eligible doctor (same sector, not exempt,
available); at most ``max_shifts`` per doctor; no two shifts of a doctor in conflict (overlap,
or less rest than ``rules.min_gap_hours``, or ``rules.rest_after_night_hours`` after a night).
Objective: ``load_weight`` × (spread of the weighted loads, in tenths of a weight-1 shift,
divided by each doctor's share and counting previous periods) + ``weekend_weight`` × 10 ×
(spread of the weekend and holiday shifts). Volunteers are only bounded from below: they may
take more than their share, which relieves the others.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from ortools.sat.python import cp_model

from proxisante.errors import InternalError
from proxisante.i18n import _, ngettext
from proxisante.rota._errors import InfeasibleRotaError, NoSolutionInTimeError
from proxisante.rota.baseline import greedy_sector, improve_sector
from proxisante.rota.calendar import generate_shifts
from proxisante.rota.fairness import participants, sector_fairness
from proxisante.rota.feasibility import sector_reasons
from proxisante.rota.model import Assignment, Doctor, Rota, RotaProblem, Sector, SectorStats, Shift
from proxisante.rota.rules import conflict_pairs, eligible

_DEFAULT_WORKERS = 8
_SCALE = 10  # weights are handled in tenths of a weight-1 shift
# The search stops once the load spread is at most half a weight-1 shift and the weekend
# spread at most one: finer balance is below the granularity of the weights (1, 1.5, 2…).
_GOOD_LOAD_SPREAD = 5
_GOOD_WEEKEND_SPREAD = 1


class _StopWhenGoodEnough(cp_model.CpSolverSolutionCallback):
    def __init__(self, terms: tuple[cp_model.IntVar, ...]) -> None:
        super().__init__()
        self.terms = terms

    def on_solution_callback(self) -> None:
        if _good_enough({t: self.value(t) for t in self.terms}, self.terms):
            self.stop_search()


def _good_enough(values: dict[cp_model.IntVar, int], terms: tuple[cp_model.IntVar, ...]) -> bool:
    if not terms:
        return True
    hi, lo, hi_we, lo_we, _ = (values[t] for t in terms)
    return hi - lo <= _GOOD_LOAD_SPREAD and hi_we - lo_we <= _GOOD_WEEKEND_SPREAD


def solve_rota(
    problem: RotaProblem,
    *,
    time_limit_s: float = 60.0,
    num_workers: int | None = None,
    seed: int = 0,
) -> Rota:
    """Solve the rota of every sector within ``time_limit_s`` seconds in all.

    Two passes: every sector first gets an even share of half the time; the time left then
    goes to the sectors whose fairness is not yet good enough, worst first, starting from
    their first-pass rota. Raises :class:`InfeasibleRotaError` with the numbers of each
    failing sector, or :class:`NoSolutionInTimeError` when a sector found no solution in time.
    """
    started = time.monotonic()
    shifts = generate_shifts(problem)
    by_sector = {s.code: [sh for sh in shifts if sh.sector == s.code] for s in problem.sectors}
    reasons: list[str] = []
    for sector in problem.sectors:
        reasons.extend(sector_reasons(problem, sector, by_sector[sector.code]))
    if reasons:
        raise InfeasibleRotaError(reasons)
    cpus = os.cpu_count() or 1
    # CP-SAT's portfolio wants about 8 workers, even on fewer cores (they time-share; the
    # variety of strategies matters more than the cores). Sectors are independent: on a machine
    # with 16 cores or more, several are solved at once (CP-SAT releases the GIL).
    per_sector = num_workers or _DEFAULT_WORKERS
    parallel = max(1, min(cpus // _DEFAULT_WORKERS, 8)) if num_workers is None else 1
    pending = [s for s in problem.sectors if by_sector[s.code]]
    results: dict[str, _SectorResult] = {}
    spent: dict[str, float] = dict.fromkeys(by_sector, 0.0)

    def run_pass(sectors: list[Sector], deadline: float, first: bool) -> None:
        lock = threading.Lock()
        waiting = [len(sectors)]

        def run(sector: Sector) -> None:
            with lock:
                rounds = math.ceil(waiting[0] / parallel)
                waiting[0] -= 1
            t0 = time.monotonic()
            budget = max(0.3, (deadline - t0) / max(rounds, 1))
            previous = None if first else results[sector.code]
            got = _solve_sector(
                problem, sector, by_sector[sector.code], t0 + budget, per_sector, seed, previous
            )
            spent[sector.code] += time.monotonic() - t0
            results[sector.code] = got

        if parallel > 1 and len(sectors) > 1:
            with ThreadPoolExecutor(max_workers=parallel) as pool:
                list(pool.map(run, sectors))
        else:
            for sector in sectors:
                run(sector)

    run_pass(pending, started + time_limit_s / 2, first=True)
    todo = sorted(
        (s for s in pending if not results[s.code].good_enough),
        key=lambda s: -results[s.code].objective,
    )
    if todo and time.monotonic() < started + time_limit_s - 0.5:
        run_pass(todo, started + time_limit_s, first=False)

    assignments: list[Assignment] = []
    stats: list[SectorStats] = []
    for sector in pending:
        res = results[sector.code]
        mine = by_sector[sector.code]
        fair = sector_fairness(problem, sector.code, mine, res.assignments)
        assignments.extend(res.assignments)
        stats.append(
            SectorStats(
                sector=sector.code,
                shifts=len(mine),
                doctors=len(problem.doctors_of(sector.code)),
                status=res.status,
                solve_time_s=round(spent[sector.code], 3),
                load_spread=round(fair.load_spread, 3),
                weekend_spread=fair.weekend_spread,
            )
        )
    return Rota(shifts=shifts, assignments=tuple(assignments), stats=tuple(stats))


@dataclass(frozen=True)
class _SectorResult:
    assignments: list[Assignment]
    status: str
    objective: int
    good_enough: bool


def _solve_sector(
    problem: RotaProblem,
    sector: Sector,
    shifts: Sequence[Shift],
    deadline: float,
    workers: int,
    seed: int,
    previous: _SectorResult | None = None,
) -> _SectorResult:
    doctors = list(problem.doctors_of(sector.code))
    model, x, per_doctor = _build_model(problem, doctors, shifts)
    terms = _add_fairness(model, problem, doctors, shifts, per_doctor)

    def value_of(assignments: Sequence[Assignment]) -> tuple[int, bool]:
        chosen = {(a.doctor_id, a.shift_id) for a in assignments}
        values = {k: int((doctors[k[0]].id, shifts[k[1]].id) in chosen) for k in x}
        bounds = _hint_terms(terms, problem, doctors, shifts, per_doctor, values)
        if not terms:
            return 0, True
        return _objective(problem, bounds, terms), _good_enough(bounds, terms)

    if previous is not None:
        hint: list[Assignment] | None = previous.assignments
        hint_status = previous.status
    else:
        hint = greedy_sector(doctors, shifts, problem.rules)
        if hint is not None:
            hint = improve_sector(doctors, shifts, hint, problem.rules)
        hint_status = "recherche locale"
    hint_value = 0
    if hint is not None:
        chosen = {(a.doctor_id, a.shift_id) for a in hint}
        values = {}
        for (di, si), var in x.items():
            values[di, si] = int((doctors[di].id, shifts[si].id) in chosen)
            model.add_hint(var, values[di, si])
        bounds = _hint_terms(terms, problem, doctors, shifts, per_doctor, values)
        for var, value in bounds.items():
            model.add_hint(var, value)
        hint_value, fine = value_of(hint)
        if fine:
            label = hint_status.removesuffix(" (objectif atteint)") + " (objectif atteint)"
            return _SectorResult(hint, label, hint_value, True)

    solver = cp_model.CpSolver()
    time_limit_s = max(0.1, deadline - time.monotonic())
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model, _StopWhenGoodEnough(terms))
    if status == cp_model.MODEL_INVALID:  # a bug in the model we built, not the user's input
        raise InternalError(
            _("modèle CP-SAT invalide pour le secteur {code}").format(code=sector.code)
        )
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        out = [
            Assignment(shifts[si].id, doctors[di].id)
            for (di, si), var in x.items()
            if solver.boolean_value(var)
        ]
        out.sort(key=lambda a: a.shift_id)
        value, fine = value_of(out)
        if hint is not None and hint_value < value:  # CP-SAT stopped before matching the hint
            return _SectorResult(hint, hint_status, hint_value, False)
        name = "optimal" if status == cp_model.OPTIMAL else "faisable"
        return _SectorResult(out, name, value, status == cp_model.OPTIMAL or fine)
    if status == cp_model.INFEASIBLE:
        raise _infeasible(problem, sector, doctors, shifts)
    if hint is not None:  # no proof either way in the time given: keep the hinted rota
        return _SectorResult(sorted(hint, key=lambda a: a.shift_id), hint_status, hint_value, False)
    raise NoSolutionInTimeError(sector.code, time_limit_s)


def _build_model(
    problem: RotaProblem, doctors: Sequence[Doctor], shifts: Sequence[Shift]
) -> tuple[
    cp_model.CpModel,
    dict[tuple[int, int], cp_model.IntVar],
    list[list[tuple[int, cp_model.IntVar]]],
]:
    """The CP-SAT model of one sector's hard rules: one doctor per shift, each doctor's cap,
    no two conflicting shifts; returns the model, its variables and each doctor's."""
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    for si, s in enumerate(shifts):
        for di, d in enumerate(doctors):
            if eligible(d, s):
                x[di, si] = model.new_bool_var(f"x_{di}_{si}")
    per_shift: list[list[cp_model.IntVar]] = [[] for _ in shifts]
    per_doctor: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in doctors]
    for (di, si), var in x.items():
        per_shift[si].append(var)
        per_doctor[di].append((si, var))
    for vars_ in per_shift:
        model.add_exactly_one(vars_)
    for di, d in enumerate(doctors):
        if d.max_shifts is not None and per_doctor[di]:
            model.add(sum(v for _, v in per_doctor[di]) <= d.max_shifts)
    for i, j in conflict_pairs(shifts, problem.rules):
        for di in range(len(doctors)):
            a, b = x.get((di, i)), x.get((di, j))
            if a is not None and b is not None:
                model.add_at_most_one([a, b])
    return model, x, per_doctor


def _infeasible(
    problem: RotaProblem, sector: Sector, doctors: Sequence[Doctor], shifts: Sequence[Shift]
) -> InfeasibleRotaError:
    """The error that says why a sector has no rota under the rest rules."""
    able = [d for d in doctors if any(eligible(d, s) for s in shifts)]
    caps = [d.max_shifts for d in able if d.max_shifts is not None]
    cap = ", " + _("au plus {n} chacun").format(n=max(caps)) if caps else ""
    why = _(
        "secteur {sector} : {shifts} gardes, {who}{cap} ; impossible avec un repos de {gap} h"
        " entre deux gardes et de {night} h après une nuit"
    )
    return InfeasibleRotaError(
        [
            why.format(
                sector=sector.code,
                shifts=len(shifts),
                who=_doctors_fr(len(able)),
                cap=cap,
                gap=f"{problem.rules.min_gap_hours:g}",
                night=f"{problem.rules.rest_after_night_hours:g}",
            )
        ]
    )


def _doctors_fr(n: int) -> str:
    return ngettext("{n} médecin disponible", "{n} médecins disponibles", n).format(n=n)


def _add_fairness(
    model: cp_model.CpModel,
    problem: RotaProblem,
    doctors: Sequence[Doctor],
    shifts: Sequence[Shift],
    per_doctor: Sequence[Sequence[tuple[int, cp_model.IntVar]]],
) -> tuple[cp_model.IntVar, ...]:
    counted = {d.id for d in participants(doctors, shifts)}
    takers = [di for di, d in enumerate(doctors) if per_doctor[di]]
    if not takers:
        return ()
    total = sum(math.ceil(s.weight * _SCALE) for s in shifts)
    top = (
        int(
            (total + max(round(d.previous_load * _SCALE) for d in doctors))
            / min(d.share for d in doctors)
        )
        + 1
    )
    hi, lo = model.new_int_var(0, top, "load_hi"), model.new_int_var(0, top, "load_lo")
    n_we = sum(1 for s in shifts if s.weekend) + max(d.previous_weekends for d in doctors)
    hi_we, lo_we = model.new_int_var(0, n_we, "we_hi"), model.new_int_var(0, n_we, "we_lo")
    lo_exempt = model.new_int_var(0, top, "load_lo_exempt")
    model.add(lo_exempt <= hi)
    for di in takers:
        d = doctors[di]
        load = cp_model.LinearExpr.weighted_sum(
            [v for _, v in per_doctor[di]],
            [round(shifts[si].weight * _SCALE) for si, _ in per_doctor[di]],
        ) + round(d.previous_load * _SCALE)
        share_pct = round(d.share * 100)
        weekends = sum(v for si, v in per_doctor[di] if shifts[si].weekend) + d.previous_weekends
        if d.id in counted:
            model.add(100 * load <= share_pct * hi)
            model.add(100 * load >= share_pct * lo)
            model.add(weekends <= hi_we)
            model.add(weekends >= lo_we)
        elif d.volunteer:  # may take more than the others, not less
            model.add(100 * load >= share_pct * lo)
        else:  # exempt from some shift types: never more than the others, as close as it can
            model.add(100 * load <= share_pct * hi)
            model.add(100 * load >= share_pct * lo_exempt)
    f = problem.fairness
    model.minimize(
        f.load_weight * (hi - lo) + f.weekend_weight * _SCALE * (hi_we - lo_we) + (hi - lo_exempt)
    )
    return hi, lo, hi_we, lo_we, lo_exempt


def _objective(
    problem: RotaProblem, values: dict[cp_model.IntVar, int], terms: tuple[cp_model.IntVar, ...]
) -> int:
    hi, lo, hi_we, lo_we, lo_exempt = (values[t] for t in terms)
    f = problem.fairness
    return (
        f.load_weight * (hi - lo) + f.weekend_weight * _SCALE * (hi_we - lo_we) + (hi - lo_exempt)
    )


def _hint_terms(
    terms: tuple[cp_model.IntVar, ...],
    problem: RotaProblem,
    doctors: Sequence[Doctor],
    shifts: Sequence[Shift],
    per_doctor: Sequence[Sequence[tuple[int, cp_model.IntVar]]],
    values: dict[tuple[int, int], int],
) -> dict[cp_model.IntVar, int]:
    """Values of the fairness bounds for the hinted assignment (so the hint is complete)."""
    if not terms:
        return {}
    counted = {d.id for d in participants(doctors, shifts)}
    loads, weekends, low, low_we, low_exempt = [], [], [], [], []
    for di, d in enumerate(doctors):
        if not per_doctor[di]:
            continue
        load = sum(round(shifts[si].weight * _SCALE) * values[di, si] for si, _ in per_doctor[di])
        load += round(d.previous_load * _SCALE)
        scaled = load * 100 / round(d.share * 100)
        we = sum(values[di, si] for si, _ in per_doctor[di] if shifts[si].weekend)
        we += d.previous_weekends
        if d.id in counted:
            loads.append(scaled)
            low.append(scaled)
            weekends.append(we)
            low_we.append(we)
        elif d.volunteer:
            low.append(scaled)
        else:
            loads.append(scaled)
            low_exempt.append(scaled)
    hi, lo, hi_we, lo_we, lo_exempt = terms
    return {
        hi: math.ceil(max(loads, default=0)),
        lo: math.floor(min(low, default=0)),
        hi_we: max(weekends, default=0),
        lo_we: min(low_we, default=0),
        lo_exempt: math.floor(min(low_exempt)) if low_exempt else math.ceil(max(loads, default=0)),
    }
