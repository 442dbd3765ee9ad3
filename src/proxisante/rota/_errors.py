"""Errors of the on-call rota, with messages that say what to fix (user-facing, translated)."""

from __future__ import annotations

from collections.abc import Sequence

from proxisante.errors import UserError, format_problems
from proxisante.i18n import _


class RotaError(UserError):
    """Base class of the rota errors the user can fix."""


class RotaInputError(RotaError):
    """An input file (YAML rota description, CSV rota) that cannot be read; lists every problem."""

    MAX_SHOWN = 50

    def __init__(self, source: str, problems: Sequence[str], example: str = "") -> None:
        self.source = source
        self.problems = list(problems)
        msg = format_problems(source, self.problems, _("rien n'a été calculé"), self.MAX_SHOWN)
        if example:
            msg += "\n" + _("Exemple valide :") + f"\n{example}"
        super().__init__(msg)


class InfeasibleRotaError(RotaError):
    """No rota satisfies the hard constraints; ``reasons`` give the numbers that cause it."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        shown = "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(
            _("Aucun tableau de garde ne respecte toutes les contraintes :")
            + f"\n{shown}\n"
            + _(
                "Ajoutez des médecins au secteur, relevez `max_shifts`, réduisez les "
                "indisponibilités ou les règles de repos (`rules.min_gap_hours`, "
                "`rules.rest_after_night_hours`)."
            )
        )


class NoSolutionInTimeError(RotaError):
    """The solver found no rota within the time limit (not proven infeasible)."""

    def __init__(self, sector: str, time_limit_s: float) -> None:
        self.sector = sector
        super().__init__(
            _(
                "secteur {sector} : aucune solution trouvée en {seconds} s (le problème n'est pas "
                "prouvé impossible). Relancez avec une limite plus longue, par exemple "
                "`--time-limit 300`."
            ).format(sector=sector, seconds=f"{time_limit_s:g}")
        )


class SwapRefusedError(RotaError):
    """A swap that would break a hard constraint or does not match the rota (HTTP 409); each
    reason starts with the rule's name in brackets when a hard rule is broken."""

    http_status = 409

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons)
        shown = "\n".join(f"  - {r}" for r in self.reasons)
        super().__init__(_("Échange refusé :") + f"\n{shown}")


class RotaCheckFailedError(RotaError):
    """A rota made elsewhere breaks hard rules; every violation is listed (HTTP 422)."""

    http_status = 422

    MAX_SHOWN = 200

    def __init__(self, source: str, violations: Sequence[object]) -> None:
        self.violations = [str(v) for v in violations]
        shown = "\n".join(f"  - {v}" for v in self.violations[: self.MAX_SHOWN])
        more = len(self.violations) - self.MAX_SHOWN
        if more > 0:
            shown += "\n  " + _("… et {n} autre(s)").format(n=more)
        head = _("{source} : {n} violation(s) des règles de garde.").format(
            source=source, n=len(self.violations)
        )
        super().__init__(f"{head}\n{shown}")


class RotaNotFoundError(RotaError):
    """A rota, shift, doctor or swap that does not exist, or not for this caller (HTTP 404)."""

    http_status = 404

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(_("{what} introuvable").format(what=what))


class RotaForbiddenError(RotaError):
    """The caller's role may not do this (HTTP 403)."""

    http_status = 403
