"""Persistence of patients' rights: the controller's settings, corrections, withdrawal, the
export document and the patients past their retention period (see
:mod:`proxisante.registry.rights`, which decides and audits)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.registry.entities import PatientStatus, ProposalStatus
from proxisante.registry.privacy import (
    AccessEntry,
    Controller,
    ExportedProposal,
    PatientExport,
    PurgeCandidate,
)
from proxisante.store.registry.models import (
    AuditRow,
    PatientRow,
    PrivacyRow,
    ProfessionalRow,
    ProposalRow,
)
from proxisante.store.registry.notes import patient_notes

# Columns of a patient kept out of the export: the hash of the tracking code is no data about
# the person (the code itself is never stored).
NOT_EXPORTED = frozenset({"tracking_hash"})
# Columns a correction may set (the service checks the values).
CORRECTABLE = frozenset(
    {
        "last_name", "first_name", "birth_date", "phone", "email", "commune_code", "language",
        "ald", "pregnant", "precarity", "lost_doctor", "disability", "reduced_mobility",
        "priority_level", "priority_reasons",
    }
)  # fmt: skip


def get_controller(session: Session, territory_id: str) -> Controller | None:
    row = session.get(PrivacyRow, territory_id)
    if row is None:
        return None
    return Controller(
        territory_id=row.territory_id,
        structure=row.structure,
        address=row.address,
        email=row.email,
        phone=row.phone,
        dpo=row.dpo,
        retention_months=row.retention_months,
        updated_at=row.updated_at,
    )


def save_controller(session: Session, controller: Controller, user_id: int | None) -> None:
    row = session.get(PrivacyRow, controller.territory_id)
    if row is None:
        row = PrivacyRow(territory_id=controller.territory_id)
        session.add(row)
    row.structure = controller.structure
    row.address = controller.address
    row.email = controller.email
    row.phone = controller.phone
    row.dpo = controller.dpo
    row.retention_months = controller.retention_months
    row.updated_at = controller.updated_at or datetime(1970, 1, 1)
    row.updated_by = user_id
    session.flush()


def update_patient(session: Session, patient_id: int, changes: Mapping[str, object]) -> PatientRow:
    unknown = set(changes) - CORRECTABLE
    if unknown:
        raise InternalError(
            _("colonnes non corrigeables : {names}").format(names=", ".join(sorted(unknown)))
        )
    row = session.get(PatientRow, patient_id)
    if row is None:
        raise InternalError(_("patient {id} disparu pendant sa correction").format(id=patient_id))
    for name, value in changes.items():
        setattr(row, name, value)
    session.flush()
    return row


def withdraw_patient(session: Session, patient_id: int, now: datetime) -> bool:
    open_ = (PatientStatus.WAITING.value, PatientStatus.PROPOSED.value)
    changed = session.execute(
        update(PatientRow)
        .where(PatientRow.id == patient_id, PatientRow.status.in_(open_))
        .values(status=PatientStatus.WITHDRAWN.value, left_at=now)
        .execution_options(synchronize_session="fetch")
    )
    session.execute(
        update(ProposalRow)
        .where(
            ProposalRow.patient_id == patient_id,
            ProposalRow.status == ProposalStatus.PROPOSED.value,
        )
        .values(status=ProposalStatus.CANCELLED.value, decided_at=now)
    )
    session.flush()
    return bool(getattr(changed, "rowcount", 0))


def export_patient(
    session: Session, patient_id: int, controller: Controller, country: str
) -> PatientExport | None:
    row = session.get(PatientRow, patient_id)
    if row is None:
        return None
    proposals = session.execute(
        select(ProposalRow, ProfessionalRow.display_name, ProfessionalRow.profession)
        .join(ProfessionalRow, ProfessionalRow.id == ProposalRow.professional_id)
        .where(ProposalRow.patient_id == patient_id)
        .order_by(ProposalRow.id)
    )
    audit = session.scalars(
        select(AuditRow).where(AuditRow.patient_id == patient_id).order_by(AuditRow.id)
    )
    return PatientExport(
        controller=controller,
        country=country,
        patient={
            c.name: getattr(row, c.name)
            for c in PatientRow.__table__.columns
            if c.name not in NOT_EXPORTED
        },
        proposals=tuple(
            ExportedProposal(
                id=p.id,
                status=p.status,
                created_at=p.created_at,
                deadline=p.deadline,
                decided_at=p.decided_at,
                travel_time_min=p.travel_time_min,
                professional=name,
                profession=profession,
            )
            for p, name, profession in proposals
        ),
        access_log=tuple(AccessEntry(a.at, a.user_id, a.role, a.action) for a in audit),
        notes=tuple(patient_notes(session, patient_id=patient_id, newest_first=False)),
    )


def purge_candidates(session: Session, territory_id: str, cutoff: datetime) -> list[PurgeCandidate]:
    rows = session.execute(
        select(PatientRow.id, PatientRow.status, PatientRow.attached_at, PatientRow.left_at)
        .where(
            PatientRow.territory_id == territory_id,
            or_(
                (PatientRow.status == PatientStatus.ATTACHED.value)
                & (PatientRow.attached_at < cutoff),
                (PatientRow.status == PatientStatus.WITHDRAWN.value)
                & (PatientRow.left_at < cutoff),
            ),
        )
        .order_by(PatientRow.id)
    )
    out = []
    for pid, status, attached, left in rows:
        closed = attached if status == PatientStatus.ATTACHED.value else left
        if closed is not None:  # always: the filter compared it with the cutoff
            out.append(PurgeCandidate(int(pid), territory_id, str(status), closed))
    return out
