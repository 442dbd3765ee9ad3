"""The exception hierarchy.

Two branches under :class:`ProxiSanteError`:

- :class:`UserError` and its subclasses carry a message meant for the person at the keyboard:
  what was received, what was expected, an example. The CLI prints them without a traceback and
  exits with code 2; the web answers with the class's ``http_status`` (a 4xx).
- :class:`InternalError`: a broken invariant, a solver failure, a shape mismatch — a bug or an
  environment fault the user cannot fix by changing the input. Exit code 1, HTTP 500.

Every error class states its CLI exit code (``exit_code``) and its HTTP status
(``http_status``) as class attributes, so the shells map errors without inspecting messages.
Messages are French source texts translated through :mod:`proxisante.i18n`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from proxisante.i18n import _


class ProxiSanteError(Exception):
    """Base class of every error raised on purpose by ProxiSanté."""

    exit_code = 1
    http_status = 500


class UserError(ProxiSanteError):
    """An error the user can fix: bad input, unknown code, unwritable path."""

    exit_code = 2
    http_status = 400


class NotFoundError(UserError):
    """A named thing that does not exist (HTTP 404)."""

    http_status = 404


class ConflictError(UserError):
    """A request that conflicts with the current state (HTTP 409)."""

    http_status = 409


class InternalError(ProxiSanteError):
    """A broken invariant or a failure the user cannot fix (exit 1, HTTP 500): a bug to report."""

    exit_code = 1
    http_status = 500


def require(condition: object, what: str) -> None:
    """Raise :class:`InternalError` naming the broken invariant ``what`` unless ``condition``.

    Used instead of ``assert`` for runtime invariants (asserts vanish under ``python -O``).

    >>> require(1 + 1 == 2, "arithmetic")
    >>> require(None, "a user row after insert")
    Traceback (most recent call last):
    ...
    proxisante.errors.InternalError: invariant broken: a user row after insert
    """
    if not condition:
        raise InternalError(f"invariant broken: {what}")


class UnknownTerritoryError(NotFoundError):
    """A territory code that names no area in the bundle."""

    def __init__(self, code: str, suggestions: Sequence[str] = ()) -> None:
        self.code = code
        self.suggestions = list(suggestions)
        msg = _("Code de territoire inconnu : {code}.").format(code=repr(code))
        if self.suggestions:
            msg += " " + _("Vouliez-vous dire : {choices} ?").format(
                choices=" ; ".join(self.suggestions)
            )
        expected = _(
            "Attendu : un code commune INSEE (03310), un SIREN d'EPCI (200071363), dep:03,"
            " reg:84, fr, ch:6266, ch-district:2306, ch-region:bas-valais ou ch-canton:VS."
        )
        # What a web page says (its suggestions are links beside it; no command to type).
        self.reader_message = _("Code de territoire inconnu : {code}.").format(code=repr(code))
        self.reader_message += " " + expected
        msg += " " + expected + " " + _("Pour chercher un code : proxisante territory search TEXTE")
        super().__init__(msg)


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file: where, what is wrong, what was expected."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("ligne {line} : {message}").format(line=self.line, message=self.message)


def format_problems(
    source: str, problems: Iterable[object], outcome: str, max_shown: int = 50
) -> str:
    """The one way to report a list of problems: ``source``, the count, ``outcome`` (what was
    not done, e.g. "rien n'a été importé"), then one indented line per problem (at most
    ``max_shown``, then a count of the rest).

    >>> print(format_problems("a.csv", ["ligne 2 : x", "ligne 3 : y"], "rien n'a été importé"))
    a.csv : 2 problème(s) ; rien n'a été importé.
      - ligne 2 : x
      - ligne 3 : y
    """
    items = [str(p) for p in problems]
    lines = [
        _("{source} : {n} problème(s) ; {outcome}.").format(
            source=source, n=len(items), outcome=outcome
        )
    ]
    lines += [f"  - {p}" for p in items[:max_shown]]
    more = len(items) - max_shown
    if more > 0:
        lines.append("  " + _("… et {n} autre(s) problème(s)").format(n=more))
    return "\n".join(lines)


class InputFileError(UserError):
    """A file that cannot be imported; lists every problem found, with line numbers."""

    MAX_SHOWN = 50

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.path = path
        self.problems = list(problems)
        super().__init__(
            format_problems(path, self.problems, _("rien n'a été importé"), self.MAX_SHOWN)
        )


class MissingDependencyError(UserError):
    """An optional dependency or system program is missing."""

    def __init__(self, what: str, how: str) -> None:
        super().__init__(_("{what} n'est pas disponible. {how}").format(what=what, how=how))
