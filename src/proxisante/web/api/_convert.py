"""Rows → API models."""

from __future__ import annotations

from proxisante.registry.ports import PatientRecord, ProposalRecord
from proxisante.registry.priority import reason_text
from proxisante.web.api.schemas import PatientPublic, ProposalPublic


def patient_public(row: PatientRecord) -> PatientPublic:
    return PatientPublic(
        id=row.id,
        territory_id=row.territory_id,
        commune_code=row.commune_code,
        last_name=row.last_name,
        first_name=row.first_name,
        birth_date=row.birth_date,
        phone=row.phone,
        email=row.email,
        priority_level=row.priority_level,
        priority_reasons=[reason_text(r) for r in row.priority_reasons.split("\n") if r],
        status=row.status,
        registered_at=row.registered_at,
        attached_professional_id=row.attached_professional_id,
        fictitious=row.fictitious,
    )


def proposal_public(row: ProposalRecord) -> ProposalPublic:
    return ProposalPublic(
        id=row.id,
        patient_id=row.patient_id,
        professional_id=row.professional_id,
        status=row.status,
        level=row.level,
        travel_time_min=row.travel_time_min,
        created_at=row.created_at,
        deadline=row.deadline,
        decided_at=row.decided_at,
    )
