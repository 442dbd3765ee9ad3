"""The SQL implementation of the registry service's ports, over one SQLAlchemy session.

:func:`proxisante.bootstrap.services.registry_service` composes a
:class:`~proxisante.registry.service.RegistryService` with them for a session.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from proxisante.actor import Actor
from proxisante.errors import InternalError
from proxisante.i18n import _
from proxisante.registry.entities import Assignment, Capacity, PriorityAssessment, WaitingPatient
from proxisante.registry.notes import PatientNote
from proxisante.registry.ports import (
    AuditEvent,
    CapacityDeclaration,
    NewPatient,
    NewProfessional,
    PatientEvent,
    PatientQuery,
    RecentAttachment,
)
from proxisante.registry.privacy import Controller, PatientExport, PurgeCandidate
from proxisante.registry.reporting import PatientHistory
from proxisante.registry.travel import CommunePoints
from proxisante.store.audit import record_audit
from proxisante.store.registry import crud, notes, rights
from proxisante.store.registry import proposals as props
from proxisante.store.registry.models import (
    AuditRow,
    CapacityRow,
    PatientRow,
    ProfessionalRow,
    ProposalRow,
    TerritoryCommuneRow,
    TerritoryRow,
)

_AUDIT_TABLE = cast(Table, AuditRow.__table__)


class SqlAudit:
    """Audit events as rows of ``registry_audit`` (identifiers only)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, actor: Actor, at: datetime, event: AuditEvent) -> None:
        record_audit(
            self.session,
            at=at,
            user_id=actor.user_id,
            role=actor.role,
            action=event.action,
            patient_id=event.patient_id,
            territory_id=event.territory_id,
            detail=event.detail,
        )

    def record_many(self, actor: Actor, at: datetime, events: Sequence[AuditEvent]) -> None:
        """One row per event, written by one multi-row INSERT on the table itself (the ORM's
        bulk insert of ``insert(AuditRow)`` costs more CPU than the write on a page of 50)."""
        if not events:
            return
        self.session.execute(
            insert(_AUDIT_TABLE),
            [
                {
                    "at": at,
                    "user_id": actor.user_id,
                    "role": actor.role,
                    "action": e.action,
                    "patient_id": e.patient_id,
                    "territory_id": e.territory_id,
                    "detail": e.detail[:200],
                }
                for e in events
            ],
        )


class SqlRegistry:
    """:class:`~proxisante.registry.ports.RegistryRepository` on one session."""

    def __init__(self, session: Session) -> None:
        self.s = session

    # territories
    def get_territory(self, territory_id: str) -> TerritoryRow | None:
        return crud.get_territory(self.s, territory_id=territory_id)

    def lock_territory(self, territory_id: str) -> TerritoryRow | None:
        return props.lock_territory(self.s, territory_id)

    def try_lock_territory(self, territory_id: str) -> TerritoryRow | None:
        return props.lock_territory(self.s, territory_id, skip_locked=True)

    def territory_ids(self) -> list[str]:
        return list(self.s.scalars(select(TerritoryRow.id).order_by(TerritoryRow.id)))

    def all_communes(self) -> list[tuple[str, str, str]]:
        rows = self.s.execute(
            select(
                TerritoryCommuneRow.territory_id, TerritoryCommuneRow.code, TerritoryCommuneRow.name
            ).order_by(TerritoryCommuneRow.territory_id, TerritoryCommuneRow.code)
        )
        return [(str(t), str(c), str(n)) for t, c, n in rows]

    def commune_codes(self, territory_id: str) -> set[str]:
        return {c.code for c in crud.list_communes(self.s, territory_id=territory_id)}

    def commune_points(self, territory_id: str) -> CommunePoints:
        return props.points(self.s, territory_id)

    # patients
    def add_patient(
        self,
        territory_id: str,
        patient: NewPatient,
        now: datetime,
        registered_by: int | None,
        priority: PriorityAssessment,
    ) -> PatientRow:
        return crud.register_patient(
            self.s,
            territory_id=territory_id,
            now=now,
            registered_by=registered_by,
            priority=priority,
            **vars(patient),
        )

    def get_patient(self, patient_id: int) -> PatientRow | None:
        return crud.get_patient(self.s, patient_id=patient_id)

    def patient_by_tracking(self, tracking_hash: str) -> PatientRow | None:
        return self.s.scalar(select(PatientRow).where(PatientRow.tracking_hash == tracking_hash))

    def patients_born_on(
        self, birth_date: date, territory_id: str | None = None
    ) -> list[PatientRow]:
        stmt = select(PatientRow).where(PatientRow.birth_date == birth_date)
        if territory_id is not None:
            stmt = stmt.where(PatientRow.territory_id == territory_id)
        return list(self.s.scalars(stmt.order_by(PatientRow.id).limit(1000)))

    def set_tracking_hash(self, patient_id: int, tracking_hash: str) -> None:
        self.s.execute(
            update(PatientRow)
            .where(PatientRow.id == patient_id)
            .values(tracking_hash=tracking_hash)
            .execution_options(synchronize_session="fetch")
        )

    def attachment_waits(self, territory_id: str, since: datetime) -> list[timedelta]:
        rows = self.s.execute(
            select(PatientRow.registered_at, PatientRow.attached_at).where(
                PatientRow.territory_id == territory_id,
                PatientRow.attached_at.is_not(None),
                PatientRow.attached_at >= since,
            )
        )
        return [
            attached - registered
            for registered, attached in rows
            if attached is not None and attached >= registered
        ]

    def find_patient(
        self, territory_id: str, last_name: str, first_name: str, birth_date: date
    ) -> PatientRow | None:
        return crud.find_patient(
            self.s,
            territory_id=territory_id,
            last_name=last_name,
            first_name=first_name,
            birth_date=birth_date,
        )

    def list_patients(
        self,
        territory_id: str,
        status: str | None,
        registered_by: int | None,
        limit: int,
        offset: int = 0,
        query: PatientQuery | None = None,
    ) -> list[PatientRow]:
        return crud.list_patients(
            self.s,
            territory_id=territory_id,
            status=status,
            registered_by=registered_by,
            limit=limit,
            offset=offset,
            query=query,
        )

    def count_patients(
        self,
        territory_id: str,
        status: str | None,
        registered_by: int | None,
        query: PatientQuery | None = None,
    ) -> int:
        return crud.count_patients(
            self.s,
            territory_id=territory_id,
            status=status,
            registered_by=registered_by,
            query=query,
        )

    def erase_patient(self, patient_id: int, now: datetime) -> bool:
        return crud.erase_patient(self.s, patient_id=patient_id, now=now)

    # patients' rights (store/registry/rights.py)
    def get_controller(self, territory_id: str) -> Controller | None:
        return rights.get_controller(self.s, territory_id)

    def save_controller(self, controller: Controller, user_id: int | None) -> None:
        rights.save_controller(self.s, controller, user_id)

    def update_patient(self, patient_id: int, changes: Mapping[str, object]) -> PatientRow:
        return rights.update_patient(self.s, patient_id, changes)

    def withdraw_patient(self, patient_id: int, now: datetime) -> bool:
        return rights.withdraw_patient(self.s, patient_id, now)

    def export_patient(
        self, patient_id: int, controller: Controller, country: str
    ) -> PatientExport | None:
        return rights.export_patient(self.s, patient_id, controller, country)

    def purge_candidates(self, territory_id: str, cutoff: datetime) -> list[PurgeCandidate]:
        return rights.purge_candidates(self.s, territory_id, cutoff)

    # the coordination's notes (store/registry/notes.py)
    def add_note(
        self, patient_id: int, territory_id: str, text: str, now: datetime, author: Actor
    ) -> PatientNote:
        return notes.add_note(
            self.s,
            patient_id=patient_id,
            territory_id=territory_id,
            text=text,
            now=now,
            author=author,
        )

    def patient_notes(self, patient_id: int) -> list[PatientNote]:
        return notes.patient_notes(self.s, patient_id=patient_id)

    def waiting_patients(
        self, territory_id: str, today: date, only: int | None = None
    ) -> list[WaitingPatient]:
        return props.waiting(self.s, territory_id, today, only)

    # professionals and capacities
    def add_professional(self, territory_id: str, professional: NewProfessional) -> ProfessionalRow:
        return crud.create_professional(
            self.s,
            territory_id=territory_id,
            display_name=professional.display_name,
            commune_code=professional.commune_code,
            profession=professional.profession,
            languages=professional.languages,
            home_visits=professional.home_visits,
        )

    def get_professional(self, professional_id: int) -> ProfessionalRow | None:
        return crud.get_professional(self.s, professional_id=professional_id)

    def find_professional(
        self, territory_id: str, display_name: str, commune_code: str
    ) -> ProfessionalRow | None:
        return crud.find_professional(
            self.s, territory_id=territory_id, display_name=display_name, commune_code=commune_code
        )

    def save_capacity(
        self, professional_id: int, declaration: CapacityDeclaration, now: datetime
    ) -> CapacityRow:
        return crud.declare_capacity(
            self.s, professional_id=professional_id, now=now, **vars(declaration)
        )

    def places_remaining(self, professional_id: int) -> int:
        cap = crud.get_capacity(self.s, professional_id=professional_id)
        return cap.places_remaining if cap is not None else 0

    def free_capacities(self, territory_id: str, today: date) -> list[Capacity]:
        return props.free_capacities(self.s, territory_id, today)

    # proposals
    def get_proposal(self, proposal_id: int) -> ProposalRow | None:
        return props.get_proposal(self.s, proposal_id=proposal_id)

    def list_proposals(
        self,
        territory_id: str | None = None,
        professional_id: int | None = None,
        status: str | None = None,
        limit: int = 500,
    ) -> list[ProposalRow]:
        return props.list_proposals(
            self.s,
            territory_id=territory_id,
            professional_id=professional_id,
            status=status,
            limit=limit,
        )

    def live_proposals_newest_first(self, professional_id: int) -> list[ProposalRow]:
        return props.live_newest_first(self.s, professional_id)

    def patient_proposals(self, patient_id: int) -> list[ProposalRow]:
        stmt = (
            select(ProposalRow)
            .where(ProposalRow.patient_id == patient_id)
            .order_by(ProposalRow.id.desc())
            .limit(100)
        )
        return list(self.s.scalars(stmt))

    def patient_events(
        self, patient_id: int, actions: Sequence[str], limit: int = 100
    ) -> list[PatientEvent]:
        stmt = (
            select(AuditRow)
            .where(AuditRow.patient_id == patient_id, AuditRow.action.in_(list(actions)))
            .order_by(AuditRow.id)
            .limit(limit)
        )
        return [PatientEvent(r.at, r.action, r.role, r.detail) for r in self.s.scalars(stmt)]

    def overdue_proposals(self, territory_id: str, now: datetime) -> list[int]:
        return props.overdue(self.s, territory_id, now)

    def start_run(
        self, territory_id: str, now: datetime, n_waiting: int, user_id: int | None
    ) -> int:
        return props.start_run(self.s, territory_id, now, n_waiting, user_id)

    def finish_run(self, run_id: int, n_proposals: int, now: datetime) -> None:
        props.finish_run(self.s, run_id, n_proposals, now)

    def mark_proposed(self, patient_ids: Sequence[int]) -> int:
        return props.mark_proposed(self.s, patient_ids)

    def propose(
        self,
        assignments: Sequence[Assignment],
        now: datetime,
        deadline: datetime,
        run_id: int | None,
    ) -> list[ProposalRow]:
        return props.add(self.s, assignments, now, deadline, run_id)

    def take_proposal(self, proposal_id: int, professional_id: int, now: datetime) -> bool:
        return props.take(self.s, proposal_id, professional_id, now)

    def use_place(self, professional_id: int) -> bool:
        return props.use_place(self.s, professional_id)

    def attach_patient(self, patient_id: int, professional_id: int, now: datetime) -> bool:
        return props.attach(self.s, patient_id, professional_id, now)

    def close_proposal(self, proposal_id: int, status: str, now: datetime) -> ProposalRow | None:
        return props.close(self.s, proposal_id, status, now)

    def refresh_proposal(self, proposal_id: int) -> ProposalRow:
        self.s.expire_all()
        row = self.s.get(ProposalRow, proposal_id)
        if row is None:  # the caller just changed it in this transaction
            raise InternalError(
                _("proposition {id} disparue pendant sa propre transaction").format(id=proposal_id)
            )
        return row


class SqlRegistryReader:
    """The registry's read side over one session (:class:`~proxisante.registry.ports.
    RegistryReader`)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def patient_histories(self, territory_id: str) -> list[PatientHistory]:
        return crud.patient_histories(self.s, territory_id=territory_id)

    def status_counts(self, territory_id: str) -> dict[str, dict[str, int]]:
        return crud.status_counts(self.s, territory_id=territory_id)

    def recent_attachments(self, territory_id: str, limit: int) -> list[RecentAttachment]:
        return crud.recent_attachments(self.s, territory_id=territory_id, limit=limit)

    def attachment_counts(self, territory_id: str) -> dict[str, int]:
        return crud.attachment_counts(self.s, territory_id=territory_id)
