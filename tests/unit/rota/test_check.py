from dataclasses import replace

from proxisante.rota import Rota, RotaProblem, check_rota
from proxisante.rota.model import Assignment


def _rules(problem: RotaProblem, rota: Rota, assignments: list[Assignment]) -> set[str]:
    return {v.rule for v in check_rota(problem, rota.shifts, assignments)}


def test_detects_each_kind_of_violation(small_problem: RotaProblem, small_rota: Rota) -> None:
    base = list(small_rota.assignments)
    assert _rules(small_problem, small_rota, base) == set()
    assert _rules(small_problem, small_rota, base[1:]) == {"couverture"}
    assert "couverture" in _rules(small_problem, small_rota, [*base, base[0]])
    first_vic = next(a for a in base if a.shift_id.startswith("VIC/"))
    moved = [replace(a, doctor_id="M1") if a == first_vic else a for a in base]
    assert "éligibilité" in _rules(small_problem, small_rota, moved)
    nights = [a for a in base if a.shift_id.startswith("MOU/") and a.shift_id.endswith("/nuit")]
    all_to_m1 = [replace(a, doctor_id="M1") if a in nights else a for a in base]
    got = _rules(small_problem, small_rota, all_to_m1)
    assert {"repos", "maximum"} <= got
    unknown = [*base, Assignment("MOU/2030-01-01/nuit", "M1")]
    assert "garde-inconnue" in _rules(small_problem, small_rota, unknown)


def test_messages_are_french_and_precise(small_problem: RotaProblem, small_rota: Rota) -> None:
    first = min(small_rota.assignments, key=lambda a: a.shift_id)
    violations = check_rota(
        small_problem, small_rota.shifts, [a for a in small_rota.assignments if a != first]
    )
    shift = small_rota.shift(first.shift_id)
    assert [str(v) for v in violations] == [
        f"[couverture] secteur {shift.sector} : {shift.type_code} du "
        f"{shift.start:%Y-%m-%d %H:%M} non couverte"
    ]
