"""Swaps between doctors: one proposes, the other accepts; the hard rules are checked again.

A swap gives ``shift_id`` from ``from_doctor`` to ``to_doctor``, and optionally ``in_return``
(a shift of ``to_doctor``) back to ``from_doctor``. Pure functions on values.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from proxisante.i18n import _
from proxisante.rota._errors import SwapRefusedError
from proxisante.rota.check import CODES, Words, check_rota
from proxisante.rota.model import Assignment, Rota, RotaProblem


@dataclass(frozen=True)
class SwapProposal:
    shift_id: str
    from_doctor: str
    to_doctor: str
    in_return: str | None = None


def propose_swap(
    problem: RotaProblem,
    rota: Rota,
    *,
    shift_id: str,
    from_doctor: str,
    to_doctor: str,
    in_return: str | None = None,
    words: Words = CODES,
) -> SwapProposal:
    """A swap proposal, refused at once if it does not match the rota or breaks a rule."""
    proposal = SwapProposal(shift_id, from_doctor, to_doctor, in_return)
    _swapped(problem, rota, proposal, words)
    return proposal


def accept_swap(
    problem: RotaProblem, rota: Rota, proposal: SwapProposal, *, by: str, words: Words = CODES
) -> Rota:
    """The rota after ``by`` (the receiving doctor) accepts; rules checked on the rota of now."""
    if by != proposal.to_doctor:
        raise SwapRefusedError(
            [
                _("seul {doctor} peut accepter cet échange (reçu : {by})").format(
                    doctor=proposal.to_doctor, by=by
                )
            ]
        )
    return _swapped(problem, rota, proposal, words)


def _swapped(problem: RotaProblem, rota: Rota, p: SwapProposal, words: Words = CODES) -> Rota:
    owner = {a.shift_id: a.doctor_id for a in rota.assignments}
    reasons = []
    not_held = _("la garde {shift} n'est pas tenue par {doctor}")
    if owner.get(p.shift_id) != p.from_doctor:
        reasons.append(not_held.format(shift=p.shift_id, doctor=p.from_doctor))
    if p.in_return is not None and owner.get(p.in_return) != p.to_doctor:
        reasons.append(not_held.format(shift=p.in_return, doctor=p.to_doctor))
    if p.from_doctor == p.to_doctor:
        reasons.append(_("un échange se fait entre deux médecins différents"))
    if reasons:
        raise SwapRefusedError(reasons)
    owner[p.shift_id] = p.to_doctor
    if p.in_return is not None:
        owner[p.in_return] = p.from_doctor
    assignments = tuple(Assignment(k, v) for k, v in owner.items())
    involved = {p.from_doctor, p.to_doctor}
    sectors = {rota.shift(p.shift_id).sector}
    violations = [
        v
        for v in check_rota(problem, rota.shifts, assignments, sectors=sectors, words=words)
        if v.doctor in involved or v.rule == "couverture"
    ]
    if violations:
        raise SwapRefusedError([str(v) for v in violations])
    return replace(rota, assignments=assignments)
