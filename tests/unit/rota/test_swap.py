import itertools

import pytest

from proxisante.rota import Rota, RotaProblem, check_rota
from proxisante.rota._errors import SwapRefusedError
from proxisante.rota.swap import SwapProposal, accept_swap, propose_swap


def _owner(rota: Rota) -> dict[str, str]:
    return {a.shift_id: a.doctor_id for a in rota.assignments}


def test_valid_swap_is_applied(small_problem: RotaProblem, small_rota: Rota) -> None:
    owner = _owner(small_rota)
    # find a shift of V1 that V2 can take without breaking a rule
    for shift_id, doctor in sorted(owner.items()):
        if doctor != "V1":
            continue
        try:
            proposal = propose_swap(
                small_problem, small_rota, shift_id=shift_id, from_doctor="V1", to_doctor="V2"
            )
        except SwapRefusedError:
            continue
        after = accept_swap(small_problem, small_rota, proposal, by="V2")
        assert _owner(after)[shift_id] == "V2"
        assert check_rota(small_problem, after.shifts, after.assignments) == []
        return
    pytest.fail("no swap possible in the fixture")


def test_swap_breaking_rest_is_refused(small_problem: RotaProblem, small_rota: Rota) -> None:
    owner = _owner(small_rota)
    nights = sorted(k for k, v in owner.items() if k.startswith("VIC/") and k.endswith("/nuit"))
    # give V2 the night right after one of their own nights: 12 h of rest only
    for first, second in itertools.pairwise(nights):
        if owner[first] == "V2" and owner[second] != "V2":
            with pytest.raises(SwapRefusedError) as info:
                propose_swap(
                    small_problem,
                    small_rota,
                    shift_id=second,
                    from_doctor=owner[second],
                    to_doctor="V2",
                )
            assert "repos" in str(info.value)
            return
    pytest.fail("fixture has no consecutive nights")


def test_only_the_receiver_accepts_and_ownership_is_checked(
    small_problem: RotaProblem, small_rota: Rota
) -> None:
    shift_id, doctor = next(iter(sorted(_owner(small_rota).items())))
    with pytest.raises(SwapRefusedError, match="n'est pas tenue"):
        propose_swap(
            small_problem, small_rota, shift_id=shift_id, from_doctor="nobody", to_doctor=doctor
        )
    other = "M1" if doctor != "M1" else "M4"
    with pytest.raises(SwapRefusedError, match="seul"):
        accept_swap(small_problem, small_rota, SwapProposal(shift_id, doctor, other), by=doctor)
