"""The check of a coordination's note and its place in the patient's export (values only)."""

from __future__ import annotations

from datetime import datetime

import pytest

from proxisante.i18n import use_lang
from proxisante.registry.notes import MAX_NOTE_LENGTH, NoteError, PatientNote, check_note_text
from proxisante.registry.privacy import Controller, PatientExport

AT = datetime(2026, 6, 1, 9, 30)


def test_the_text_is_trimmed_line_breaks_kept() -> None:
    assert check_note_text(" Appel.\r\nRappeler\tjeudi.\r ") == "Appel.\nRappeler\tjeudi."
    assert check_note_text("x" * MAX_NOTE_LENGTH) == "x" * MAX_NOTE_LENGTH


@pytest.mark.parametrize(
    ("text", "fr", "en_word"),
    [
        ("", "la note est vide", "text"),
        ("\n \n", "la note est vide", "text"),
        ("x" * (MAX_NOTE_LENGTH + 1), "2001 caractères ; attendu au plus 2000", "2000"),
        ("a\x00b", "caractère nul", "text"),
        ("a\x1bb", "caractère de contrôle", "text"),
    ],
)
def test_a_refusal_names_the_field_never_the_text(text: str, fr: str, en_word: str) -> None:
    with pytest.raises(NoteError) as err:
        check_note_text(text)
    message = str(err.value)
    assert message.startswith("Note refusée, rien n'a été enregistré : text : ") and fr in message
    assert err.value.field == "text" and err.value.http_status == 400
    with use_lang("en"), pytest.raises(NoteError) as err_en:
        check_note_text(text)
    assert en_word in str(err_en.value)


def test_the_export_carries_the_notes_without_the_author_s_username() -> None:
    note = PatientNote(4, 7, "t", AT, "Préfère le matin.", 3, "coordinator", "coord-marie")
    export = PatientExport(Controller("t", "CPTS"), "fr", {"id": 7}, notes=(note,))
    assert export.to_json()["notes"] == [
        {
            "id": 4,
            "created_at": "2026-06-01T09:30:00",
            "author_id": 3,
            "author_role": "coordinator",
            "text": "Préfère le matin.",
        }
    ]
    assert PatientExport(Controller("t", "CPTS"), "fr", {"id": 7}).to_json()["notes"] == []
