"""On-call rota (permanence des soins / garde): sectors, shifts, constraints, solver, exports.

The core takes values and returns values: :func:`parse_rota_yaml` (text → problem),
:func:`solve_rota` (problem → rota), :func:`check_rota` (rota → violations), the swaps and the
exports (rota → text). Reading and writing files is left to the shells (``cli/rota.py``).
"""

from proxisante.rota.calendar import generate_shifts
from proxisante.rota.check import Violation, check_rota
from proxisante.rota.input import parse_rota_yaml
from proxisante.rota.model import Assignment, Doctor, Rota, RotaProblem, Sector, Shift, ShiftType
from proxisante.rota.solver import solve_rota

__all__ = [
    "Assignment",
    "Doctor",
    "Rota",
    "RotaProblem",
    "Sector",
    "Shift",
    "ShiftType",
    "Violation",
    "check_rota",
    "generate_shifts",
    "parse_rota_yaml",
    "solve_rota",
]
