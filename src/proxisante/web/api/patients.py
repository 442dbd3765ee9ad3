"""One patient's record: read, export (right of access) and erase (right to erasure). Audited."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response

from proxisante.i18n import _
from proxisante.store.registry import crud
from proxisante.store.registry.models import PatientRow
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._convert import patient_public
from proxisante.web.api._service import Rights, Service, actor
from proxisante.web.api.schemas import PatientPublic
from proxisante.web.deps import Db, Principal, User, require
from proxisante.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["patients"], route_class=TransactionRoute)
Pid = Annotated[int, Path(ge=1, le=2**31 - 1)]


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
