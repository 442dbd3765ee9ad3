"""A mixed-integer linear program built from sparse arrays and solved by OR-Tools (HiGHS).

Models are assembled as one sparse constraint matrix (no Python loop per pair), then handed to
the MIP solver that ships with ``ortools`` through its model builder.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from proxisante.types import BoolArray, FloatArray

SOLVER = "highs"
"""Solver of the ``ortools`` model builder (HiGHS, shipped with OR-Tools)."""


@dataclass(frozen=True, eq=False)
class Mip:
    """max/min c·x subject to row_lb ≤ A·x ≤ row_ub, var_lb ≤ x ≤ var_ub, some x integer."""

    c: FloatArray
    a: sp.csr_array
    row_lb: FloatArray
    row_ub: FloatArray
    var_lb: FloatArray
    var_ub: FloatArray
    integer: BoolArray
    maximize: bool


@dataclass(frozen=True, eq=False)
class MipSolution:
    """Values, objective, best bound and whether optimality was proven."""

    x: FloatArray
    objective: float
    bound: float
    optimal: bool
    status: str


def solve(mip: Mip, time_limit_s: float, *, relax: bool = False) -> MipSolution:
    """Solve ``mip`` (or its linear relaxation) within ``time_limit_s`` seconds."""
    from ortools.linear_solver.python import model_builder as mb

    model = mb.Model()
    helper = model.helper
    fill: Any = helper.fill_model_from_sparse_data
    fill(
        *(
            np.asarray(v, dtype=np.float64)
            for v in (mip.var_lb, mip.var_ub, mip.c, mip.row_lb, mip.row_ub)
        ),
        sp.csr_matrix(mip.a, dtype=np.float64),
    )
    if not relax:
        for j in np.flatnonzero(mip.integer):
            helper.set_var_integrality(int(j), True)
    helper.set_maximize(mip.maximize)
    solver = mb.Solver(SOLVER)
    solver.enable_output(False)
    # HiGHS prints a banner on standard output unless told not to (it would spoil --json).
    if SOLVER == "highs":
        solver.set_solver_specific_parameters("output_flag=false\nlog_to_console=false")
    solver.set_time_limit_in_seconds(float(time_limit_s))
    status = solver.solve(model)
    name = status.name
    if status not in (mb.SolveStatus.OPTIMAL, mb.SolveStatus.FEASIBLE):
        return MipSolution(np.zeros(mip.c.size), float("nan"), float("nan"), False, name)
    x = solver.values(model.get_variables()).to_numpy(dtype=np.float64)
    objective = float(solver.objective_value)
    bound = float(solver.best_objective_bound) if not relax else objective
    optimal = status == mb.SolveStatus.OPTIMAL
    if optimal and not relax:
        bound = objective if not np.isfinite(bound) else bound
    return MipSolution(x, objective, bound, optimal, name)


def relative_gap(objective: float, bound: float, maximize: bool) -> float:
    """(bound − objective) / |bound| for a maximisation (the reverse for a minimisation), ≥ 0.

    Examples
    --------
    >>> relative_gap(99.0, 100.0, True)
    0.01
    >>> relative_gap(5.0, 5.0, False)
    0.0
    """
    diff = bound - objective if maximize else objective - bound
    scale = max(abs(bound), abs(objective), 1e-12)
    return max(0.0, float(diff) / scale) if scale > 1e-12 else 0.0
