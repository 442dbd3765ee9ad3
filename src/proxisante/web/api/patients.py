"""One patient's record: read, export (right of access), erase (right to erasure) and the
coordination's notes on it (list, add). Audited."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from proxisante.i18n import _
from proxisante.registry.notes import PatientNote
from proxisante.store.registry import crud
from proxisante.store.registry.models import PatientRow
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._convert import patient_public
from proxisante.web.api._service import Rights, Service, actor
from proxisante.web.api.schemas import PatientPublic, RequestModel
from proxisante.web.deps import Db, Principal, User, require
from proxisante.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["patients"], route_class=TransactionRoute)
Pid = Annotated[int, Path(ge=1, le=2**31 - 1)]


class NoteIn(RequestModel):
    """A note on the record (1 to 2000 characters, checked by the service: 400 naming ``text``
    otherwise; the bound here only caps the body)."""

    model_config = ConfigDict(extra="forbid")
    text: Annotated[str, Field(max_length=20_000, examples=["Rappelée, préfère le matin."])]


class NoteOut(BaseModel):
    id: int
    patient_id: int
    created_at: datetime
    author_id: int | None
    author_role: str | None
    author: str | None  # the author's username (None: the command line, or a deleted account)
    text: str


def _note_out(note: PatientNote) -> NoteOut:
    return NoteOut(
        id=note.id,
        patient_id=note.patient_id,
        created_at=note.created_at,
        author_id=note.author_id,
        author_role=note.author_role,
        author=note.author,
        text=note.text,
    )


def patient_in_scope(db: Db, user: Principal, pid: int) -> PatientRow:
    """The patient, or 404 when it does not exist or lies outside the caller's scope."""
    row = crud.get_patient(db, patient_id=pid)
    visible = (
        row is not None
        and row.status != "erased"
        and (
            user.role == "admin"
            or (user.role == "coordinator" and row.territory_id == user.territory_id)
            or (user.role == "helper" and row.registered_by == user.user_id)
        )
    )
    if not visible or row is None:
        raise ApiError(404, _("Patient {pid} introuvable.").format(pid=pid))
    return row


@router.get("/patients/{pid}", response_model=PatientPublic)
def read_patient(pid: Pid, db: Db, user: User, service: Service) -> PatientPublic:
    require(user, "coordinator", "helper", "admin")
    row = patient_in_scope(db, user, pid)
    service.read_patient(actor(user), row, "patient.read")
    db.commit()
    return patient_public(row)


@router.get("/patients/{pid}/export")
def export_patient(pid: Pid, db: Db, user: User, rights: Rights) -> dict[str, object]:
    """Everything held about the patient, including who accessed the record, and the
    controller of the processing (right of access, portability)."""
    require(user, "coordinator", "admin")
    data = rights.export(actor(user), pid).to_json()
    db.commit()
    return data


@router.delete("/patients/{pid}", status_code=204)
def erase_patient(pid: Pid, db: Db, user: User, rights: Rights) -> Response:
    """Blank the patient's personal data and criteria, close live proposals, drop the patient's
    messages; the audit keeps an erasure event with identifiers only."""
    require(user, "coordinator", "admin")
    rights.erase(actor(user), pid)
    db.commit()
    return Response(status_code=204)


@router.get("/patients/{pid}/notes", response_model=list[NoteOut])
def patient_notes(pid: Pid, db: Db, user: User, rights: Rights) -> list[NoteOut]:
    """The coordination's notes on the record, newest first (audited, without their text)."""
    require(user, "coordinator", "admin")
    notes = rights.notes(actor(user), pid)
    db.commit()
    return [_note_out(n) for n in notes]


@router.post("/patients/{pid}/notes", response_model=NoteOut, status_code=201)
def add_patient_note(pid: Pid, body: NoteIn, db: Db, user: User, rights: Rights) -> NoteOut:
    """Write a dated note on the record (audited with the note's id, never its text)."""
    require(user, "coordinator", "admin")
    note = rights.add_note(actor(user), pid, body.text)
    db.commit()
    return _note_out(note)
