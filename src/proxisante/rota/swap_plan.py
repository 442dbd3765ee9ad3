"""A swap checked before it is sent: whose shift, which colleague, which rules, what fairness.

:func:`plan_swap` names what is wrong in words a doctor recognises (the shift by its date, the
colleague by name, the sectors by name) before the hard rules of :mod:`proxisante.rota.swap`
are checked, and measures the load spread of the sector before and after.

**The fairness threshold.** The solver aims at a load spread of at most half a weight-1 shift in
each sector. A give-away moves a whole shift's weight from one doctor to another, so the spread
may jump (from 0.5 to 4.5 when a night of weight 2 goes from the least to the most loaded). A
swap that *raises* the spread above ``fairness.swap_warning_spread`` of the description (default
2, the weight of one night: one doctor would carry a night more than another) is shown with a
warning and must be confirmed; one that raises it above ``fairness.swap_max_spread`` (default
none) is refused. A swap that leaves the spread as it was or lowers it never asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from proxisante.i18n import _
from proxisante.rota._errors import RotaError, RotaNotFoundError, SwapRefusedError
from proxisante.rota.check import Words
from proxisante.rota.fairness import SectorFairness, sector_fairness
from proxisante.rota.labels import doctor_names, format_load, sector_names, shift_label
from proxisante.rota.model import Rota, RotaProblem, Shift
from proxisante.rota.swap import accept_swap, propose_swap

EPS = 1e-9


@dataclass(frozen=True)
class SwapPlan:
    """A swap that holds the hard rules, and the fairness of its sector before and after."""

    shift: Shift
    from_doctor: str
    to_doctor: str
    in_return: Shift | None
    before: SectorFairness
    after: SectorFairness
    warning_spread: float
    max_spread: float | None

    @property
    def raises_spread(self) -> bool:
        return self.after.load_spread > self.before.load_spread + EPS

    @property
    def needs_confirmation(self) -> bool:
        """The spread rises above the warning threshold: the proposer must confirm."""
        return self.raises_spread and self.after.load_spread > self.warning_spread + EPS


def people_words(problem: RotaProblem) -> Words:
    """Rule messages for people: shifts by date, doctors and sectors by name."""
    names, sectors = doctor_names(problem), sector_names(problem)
    return Words(
        shift=lambda s: shift_label(problem, s, "long"),
        doctor=lambda d: names.get(d, d),
        sector=lambda c: sectors.get(c),
    )


def _shift(rota: Rota, shift_id: str) -> Shift:
    found = next((s for s in rota.shifts if s.id == shift_id), None)
    if found is None:
        raise RotaNotFoundError(_("garde {id}").format(id=shift_id))
    return found


def _who_problems(
    problem: RotaProblem, rota: Rota, shift: Shift, me: str, to: str, back: Shift | None
) -> list[str]:
    names, sectors = doctor_names(problem), sector_names(problem)
    out = []
    holder = rota.doctor_of(shift.id)
    if holder != me:
        out.append(
            _("la garde du {shift} n'est pas la vôtre : elle est tenue par {holder}").format(
                shift=shift_label(problem, shift), holder=names.get(holder or "", "—")
            )
        )
    colleague = problem.doctor(to)
    if to == me:
        out.append(_("choisissez un collègue : cette garde est déjà la vôtre"))
    elif colleague.sector != shift.sector:
        out.append(
            _(
                "{name} est du secteur {other}, pas du secteur {sector} de la garde du {shift} : "
                "choisissez un collègue du secteur {sector}"
            ).format(
                name=names[to],
                other=sectors.get(colleague.sector, colleague.sector),
                sector=sectors.get(shift.sector, shift.sector),
                shift=shift_label(problem, shift),
            )
        )
    if back is not None and rota.doctor_of(back.id) != to:
        out.append(
            _("la garde du {shift} que vous prendriez en retour n'est pas tenue par {name}").format(
                shift=shift_label(problem, back), name=names[to]
            )
        )
    return out


def plan_swap(
    problem: RotaProblem,
    rota: Rota,
    *,
    shift_id: str,
    from_doctor: str,
    to_doctor: str,
    in_return: str | None = None,
) -> tuple[SwapPlan, Rota]:
    """The swap checked on ``rota`` (refused with every reason named) and the rota after it."""
    shift = _shift(rota, shift_id)
    back = _shift(rota, in_return) if in_return is not None else None
    if to_doctor not in {d.id for d in problem.doctors}:
        raise RotaNotFoundError(_("médecin {id}").format(id=to_doctor))
    reasons = _who_problems(problem, rota, shift, from_doctor, to_doctor, back)
    if reasons:
        raise SwapRefusedError(reasons)
    words = people_words(problem)
    proposal = propose_swap(
        problem,
        rota,
        shift_id=shift_id,
        from_doctor=from_doctor,
        to_doctor=to_doctor,
        in_return=in_return,
        words=words,
    )
    after = accept_swap(problem, rota, proposal, by=to_doctor, words=words)
    plan = SwapPlan(
        shift,
        from_doctor,
        to_doctor,
        back,
        sector_fairness(problem, shift.sector, rota.shifts, rota.assignments),
        sector_fairness(problem, shift.sector, after.shifts, after.assignments),
        problem.fairness.swap_warning_spread,
        problem.fairness.swap_max_spread,
    )
    check_fairness(problem, plan)
    return plan, after


def check_fairness(problem: RotaProblem, plan: SwapPlan) -> None:
    """Refuse a swap that raises the spread above the coordination's limit, if it set one."""
    limit = plan.max_spread
    if limit is None or not plan.raises_spread or plan.after.load_spread <= limit + EPS:
        return
    raise SwapRefusedError(
        [
            _(
                "[équité] l'écart de charge du secteur {sector} passerait de {before} à "
                "{after}, au-delà de la limite de {limit} fixée par la coordination"
            ).format(
                sector=sector_names(problem).get(plan.shift.sector, plan.shift.sector),
                before=format_load(plan.before.load_spread),
                after=format_load(plan.after.load_spread),
                limit=format_load(limit),
            )
        ]
    )


class FairnessWarningError(RotaError):
    """A swap that raises its sector's load spread above the warning threshold, sent without
    confirmation (HTTP 409): the message gives the spread before and after."""

    http_status = 409

    def __init__(self, problem: RotaProblem, plan: SwapPlan) -> None:
        self.plan = plan
        super().__init__(
            _(
                "Échange non envoyé : il ferait passer l'écart de charge du secteur {sector} de "
                "{before} à {after} (seuil d'alerte : {threshold}). Confirmez-le (case "
                "« Je confirme », ou « confirm »: true dans l'API) ou choisissez un échange "
                "plus équilibré."
            ).format(
                sector=sector_names(problem).get(plan.shift.sector, plan.shift.sector),
                before=format_load(plan.before.load_spread),
                after=format_load(plan.after.load_spread),
                threshold=format_load(plan.warning_spread),
            )
        )
