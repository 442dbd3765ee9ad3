"""The coordination's notes on a patient's record: dated free text written by the coordinators
of the patient's territory (a call made, a preference said on the phone).

Values and the check of a note's text only; the use cases (add, list: scope, audit) are in
:class:`proxisante.registry.rights.RightsService`. A note is personal data: it is never logged,
never written in an audit row (``patient.note`` says which note, by id), it is part of the
person's export, and erasure and the retention purge delete it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from proxisante.i18n import _
from proxisante.registry._errors import RegistryError

MAX_NOTE_LENGTH = 2000
# Control characters refused in a note (line breaks and tabs are kept).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Roles that may write and read the notes, beside the unscoped ones (admin, command line).
NOTE_ROLES = frozenset({"coordinator"})


class NoteError(RegistryError):
    """A note that cannot be stored (empty, too long, control characters): nothing stored."""

    def __init__(self, message: str, field: str = "text") -> None:
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class PatientNote:
    """One note as stored; ``author`` is the account's username when it still exists."""

    id: int
    patient_id: int
    territory_id: str
    created_at: datetime
    text: str
    author_id: int | None = None
    author_role: str | None = None
    author: str | None = None


def check_note_text(text: str) -> str:
    """The note's text, with its outer blanks and ``\\r`` removed, or :class:`NoteError`
    naming the field ``text`` (never quoting the text: it is personal data).

    >>> check_note_text("  Rappelée le matin.\\r\\nPréfère un cabinet à Cusset.  ")
    'Rappelée le matin.\\nPréfère un cabinet à Cusset.'
    """
    clean = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in clean:
        problem = _("text : la note contient un caractère nul (octet 0) ; retirez-le")
    elif _CONTROL.search(clean):
        problem = _(
            "text : la note contient un caractère de contrôle ; attendu du texte, "
            "retours à la ligne permis"
        )
    elif not clean:
        problem = _(
            "text : la note est vide ; attendu 1 à {max} caractères, p. ex. « Rappelée, "
            "préfère un rendez-vous le matin »"
        ).format(max=MAX_NOTE_LENGTH)
    elif len(clean) > MAX_NOTE_LENGTH:
        problem = _("text : {n} caractères ; attendu au plus {max}").format(
            n=len(clean), max=MAX_NOTE_LENGTH
        )
    else:
        return clean
    raise NoteError(_("Note refusée, rien n'a été enregistré : {problem}.").format(problem=problem))
