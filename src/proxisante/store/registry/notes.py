"""Persistence of the coordination's notes on a patient's record (``registry_patient_notes``;
see :mod:`proxisante.registry.notes`). The service checks the text and audits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from proxisante.actor import Actor
from proxisante.registry.notes import PatientNote
from proxisante.store.registry.models import PatientNoteRow, UserRow


def add_note(
    session: Session,
    *,
    patient_id: int,
    territory_id: str,
    text: str,
    now: datetime,
    author: Actor,
) -> PatientNote:
    row = PatientNoteRow(
        patient_id=patient_id,
        territory_id=territory_id,
        author_id=author.user_id,
        author_role=author.role,
        created_at=now,
        text=text,
    )
    session.add(row)
    session.flush()
    user = session.get(UserRow, author.user_id) if author.user_id is not None else None
    return _note(row, user.username if user is not None else None)


def patient_notes(
    session: Session, *, patient_id: int, newest_first: bool = True
) -> list[PatientNote]:
    """The notes of one patient with their author's username (None: the command line, or an
    account deleted since)."""
    order = (
        (PatientNoteRow.created_at.desc(), PatientNoteRow.id.desc())
        if newest_first
        else (PatientNoteRow.created_at, PatientNoteRow.id)
    )
    rows = session.execute(
        select(PatientNoteRow, UserRow.username)
        .outerjoin(UserRow, UserRow.id == PatientNoteRow.author_id)
        .where(PatientNoteRow.patient_id == patient_id)
        .order_by(*order)
    )
    return [_note(row, username) for row, username in rows]


def delete_notes(session: Session, patient_id: int) -> None:
    """Erasure and purge: the patient's notes are deleted, not blanked."""
    session.execute(delete(PatientNoteRow).where(PatientNoteRow.patient_id == patient_id))


def _note(row: PatientNoteRow, username: str | None) -> PatientNote:
    return PatientNote(
        id=row.id,
        patient_id=row.patient_id,
        territory_id=row.territory_id,
        created_at=row.created_at,
        text=row.text,
        author_id=row.author_id,
        author_role=row.author_role,
        author=username,
    )
