"""Patients' rights on the API: correct a record, withdraw a request, the letter of an export
(PDF), and the controller of a territory's processing (the privacy notice's settings).

Each route parses, calls :class:`~proxisante.registry.rights.RightsService`, commits, shapes
the answer. Coordinators act on their territory, administrators on every one; a patient or a
territory out of scope is 404.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response
from pydantic import ConfigDict, Field

from proxisante.registry.privacy import Controller, Correction
from proxisante.web._routing import TransactionRoute
from proxisante.web.api._convert import patient_public
from proxisante.web.api._service import Rights, actor
from proxisante.web.api.schemas import PatientPublic, RequestModel, TerritoryId
from proxisante.web.deps import Db, User, require, require_territory

router = APIRouter(prefix="/api/v1", tags=["patients"], route_class=TransactionRoute)
Pid = Annotated[int, Path(ge=1, le=2**31 - 1)]
Tid = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Short = Annotated[str, Field(max_length=200)]


class PatientCorrection(RequestModel):
    """The fields to correct; a field left out is unchanged, an empty phone, e-mail or
    language removes it. The priority is assessed again."""

    model_config = ConfigDict(extra="forbid")
    last_name: Annotated[str | None, Field(default=None, max_length=100)] = None
    first_name: Annotated[str | None, Field(default=None, max_length=100)] = None
    birth_date: date | None = None
    phone: Annotated[str | None, Field(default=None, max_length=30)] = None
    email: Annotated[str | None, Field(default=None, max_length=200)] = None
    commune_code: Annotated[str | None, Field(default=None, max_length=10)] = None
    language: Annotated[str | None, Field(default=None, max_length=10)] = None
    ald: bool | None = None
    pregnant: bool | None = None
    precarity: Literal["none", "c2s", "ame"] | None = None
    lost_doctor: (
        Literal["none", "retirement", "death", "doctor_moved", "patient_moved", "other"] | None
    ) = None
    disability: bool | None = None
    reduced_mobility: bool | None = None


class PrivacySettings(RequestModel):
    """The controller of the territory's processing, shown on ``/donnees-personnelles``."""

    model_config = ConfigDict(extra="forbid")
    structure: Annotated[str, Field(min_length=1, max_length=200, examples=["CPTS du Bassin"])]
    address: Short = ""
    email: Short = ""
    phone: Annotated[str, Field(max_length=40)] = ""
    dpo: Short = ""
    retention_months: Annotated[int, Field(ge=1, le=120)] = 12


class PrivacySettingsOut(PrivacySettings):
    territory_id: TerritoryId
    country: str
    is_default: bool


@router.patch("/patients/{pid}", response_model=PatientPublic)
def correct_patient(
    pid: Pid, body: PatientCorrection, db: Db, user: User, rights: Rights
) -> PatientPublic:
    """Correct a record (right to rectification); audited with the names of the fields."""
    require(user, "coordinator", "admin")
    row = rights.correct(actor(user), pid, Correction(**body.model_dump()))
    db.commit()
    return patient_public(row)


@router.post("/patients/{pid}/withdraw", response_model=PatientPublic)
def withdraw_patient(pid: Pid, db: Db, user: User, rights: Rights) -> PatientPublic:
    """Take a waiting or proposed request off the list (objection, limitation): 409 otherwise."""
    require(user, "coordinator", "admin")
    row = rights.withdraw(actor(user), pid)
    db.commit()
    return patient_public(row)


@router.get(
    "/patients/{pid}/letter.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
def patient_letter(pid: Pid, db: Db, user: User, rights: Rights) -> Response:
    """The letter of the export (PDF, in the request's language) to send to the person."""
    from proxisante.reports.patient_letter import letter_pdf

    require(user, "coordinator", "admin")
    export = rights.export(actor(user), pid, "letter")
    today = rights.clock().date()
    db.commit()
    return Response(
        letter_pdf(export, today),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="donnees-patient-{pid}.pdf"'},
    )


def _settings_out(rights: Rights, tid: str) -> PrivacySettingsOut:
    notice = rights.notice(tid)
    c = notice.controller
    return PrivacySettingsOut(
        territory_id=tid,
        country=notice.country,
        is_default=c.is_default,
        structure=c.structure,
        address=c.address,
        email=c.email,
        phone=c.phone,
        dpo=c.dpo,
        retention_months=c.retention_months,
    )


@router.get("/territories/{tid}/privacy", response_model=PrivacySettingsOut)
def privacy_settings(tid: Tid, user: User, rights: Rights) -> PrivacySettingsOut:
    require(user, "coordinator", "admin")
    require_territory(user, tid)
    return _settings_out(rights, tid)


@router.put("/territories/{tid}/privacy", response_model=PrivacySettingsOut)
def set_privacy_settings(
    tid: Tid, body: PrivacySettings, db: Db, user: User, rights: Rights
) -> PrivacySettingsOut:
    """Set the controller and the retention period of the territory (audited)."""
    require(user, "coordinator", "admin")
    require_territory(user, tid)
    rights.set_controller(actor(user), tid, Controller(territory_id=tid, **body.model_dump()))
    db.commit()
    return _settings_out(rights, tid)
