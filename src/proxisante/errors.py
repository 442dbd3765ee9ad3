"""The exception hierarchy.

User errors (:class:`UserError` and subclasses) carry a message meant for the person at the
keyboard: what was received, what was expected, an example. The CLI prints them without a
traceback and exits with code 2; anything else is an internal error (exit code 1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class ProxiSanteError(Exception):
    """Base class of every error raised on purpose by ProxiSanté."""


class UserError(ProxiSanteError):
    """An error the user can fix: bad input, unknown code, unwritable path."""

    exit_code = 2


class UnknownTerritoryError(UserError):
    """A territory code that names no area in the bundle."""

    def __init__(self, code: str, suggestions: Sequence[str] = ()) -> None:
        self.code = code
        self.suggestions = list(suggestions)
        msg = f"Code de territoire inconnu : {code!r}."
        if self.suggestions:
            msg += " Vouliez-vous dire : " + " ; ".join(self.suggestions) + " ?"
        msg += (
            " Attendu : un code commune INSEE (03310), un SIREN d'EPCI (200071363), dep:03,"
            " reg:84, fr, ch:6266, ch-district:2306, ch-region:bas-valais ou ch-canton:VS"
            " (voir `proxisante territory search TEXTE`)."
        )
        super().__init__(msg)


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where, what is wrong, what was expected."""

    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"ligne {self.line} : " if self.line is not None else ""
        return where + self.message


class InputFileError(UserError):
    """A file that cannot be imported; lists every problem found, with line numbers."""

    MAX_SHOWN = 50

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[: self.MAX_SHOWN])
        more = len(self.problems) - self.MAX_SHOWN
        if more > 0:
            shown += f"\n  … et {more} autre(s) problème(s)"
        super().__init__(
            f"{path} : {len(self.problems)} problème(s) ; rien n'a été importé.\n{shown}"
        )


class MissingDependencyError(UserError):
    """An optional dependency or system program is missing."""

    def __init__(self, what: str, how: str) -> None:
        super().__init__(f"{what} is not available. {how}")
