"""Proposals in the database: matching runs, acceptance, refusal, expiry and the cascade.

Guarantees, whatever the concurrency:

- a place is never given twice: accepting decrements ``places_remaining`` with a conditional
  ``UPDATE … WHERE places_remaining > 0`` (after ``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
  transactions are ``BEGIN IMMEDIATE``), and a check constraint keeps it ≥ 0;
- a patient never holds two live proposals: a partial unique index on live proposals;
- a matching run writes all its proposals in one transaction, or none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from proxisante.registry._errors import CapacityExhaustedError, ProposalStateError
from proxisante.registry.cascade import next_professional
from proxisante.registry.entities import (
    Assignment,
    Capacity,
    PatientStatus,
    ProposalStatus,
    WaitingPatient,
)
from proxisante.registry.matching import match_patients
from proxisante.registry.travel import CommunePoints
from proxisante.store.registry_crud import age_on, list_communes
from proxisante.store.registry_models import (
    CapacityRow,
    MatchingRunRow,
    PatientRow,
    ProfessionalRow,
    ProposalRow,
    TerritoryRow,
)
from proxisante.store.registry_travel import TravelProvider, straight_line

BATCH = 500


def _rowcount(session: Session, stmt: Any) -> int:
    """Execute an UPDATE and return how many rows it changed."""
    result = cast(CursorResult[Any], session.execute(stmt))
    return int(result.rowcount)


LIVE = ProposalStatus.PROPOSED.value


@dataclass(frozen=True)
class RunSummary:
    run_id: int | None
    territory_id: str
    n_waiting: int
    n_proposals: int
    by_level: dict[str, int]
    dry_run: bool
    assignments: tuple[Assignment, ...]
    travel_note: str = ""


def _points(session: Session, territory_id: str) -> CommunePoints:
    communes = list_communes(session, territory_id=territory_id)
    return CommunePoints.from_mapping({c.code: (c.lon, c.lat) for c in communes})


def _exclusions(
    session: Session, patient_ids: list[int] | None, territory_id: str
) -> dict[int, set[int]]:
    stmt = (
        select(ProposalRow.patient_id, ProposalRow.professional_id)
        .join(PatientRow, PatientRow.id == ProposalRow.patient_id)
        .where(
            PatientRow.territory_id == territory_id,
            ProposalRow.status.in_([ProposalStatus.DECLINED.value, ProposalStatus.EXPIRED.value]),
        )
    )
    if patient_ids is not None:
        stmt = stmt.where(ProposalRow.patient_id.in_(patient_ids))
    out: dict[int, set[int]] = {}
    for pid, pro in session.execute(stmt):
        out.setdefault(int(pid), set()).add(int(pro))
    return out


def _waiting(
    session: Session, territory_id: str, now: datetime, only: int | None = None
) -> list[WaitingPatient]:
    stmt = select(PatientRow).where(
        PatientRow.territory_id == territory_id,
        PatientRow.status == PatientStatus.WAITING.value,
        PatientRow.consent.is_(True),
    )
    if only is not None:
        stmt = stmt.where(PatientRow.id == only)
    rows = list(session.scalars(stmt))
    excl = _exclusions(session, [r.id for r in rows] if only is not None else None, territory_id)
    return [
        WaitingPatient(
            id=r.id,
            commune=r.commune_code,
            level=r.priority_level,
            age_years=age_on(r.birth_date, now.date()) if r.birth_date else 40,
            registered_at=r.registered_at,
            needs_home_visits=r.reduced_mobility,
            language=r.language if r.language and r.language != "fr" else None,
            excluded_professionals=frozenset(excl.get(r.id, ())),
        )
        for r in rows
    ]


def _free_capacities(session: Session, territory_id: str, now: datetime) -> list[Capacity]:
    """Places still free: remaining minus live proposals, for valid declarations."""
    live = dict(
        session.execute(
            select(ProposalRow.professional_id, func.count())
            .where(ProposalRow.status == LIVE)
            .group_by(ProposalRow.professional_id)
        ).all()
    )
    rows = session.execute(
        select(ProfessionalRow, CapacityRow)
        .join(CapacityRow, CapacityRow.professional_id == ProfessionalRow.id)
        .where(ProfessionalRow.territory_id == territory_id)
        .order_by(ProfessionalRow.id)
    )
    out = []
    for pro, cap in rows:
        if cap.valid_until is not None and cap.valid_until < now.date():
            continue
        free = cap.places_remaining - int(live.get(pro.id, 0))
        if free > 0:
            out.append(
                Capacity(
                    professional_id=pro.id,
                    commune=pro.commune_code,
                    places=free,
                    min_age=cap.min_age,
                    max_age=cap.max_age,
                    home_visits=cap.home_visits,
                    languages=frozenset(pro.languages.split(",")),
                    valid_until=cap.valid_until,
                )
            )
    return out


def _lock_territory(session: Session, territory_id: str) -> TerritoryRow:
    """Serialise matching runs and cascades of one territory (row lock on PostgreSQL)."""
    row = session.scalar(
        select(TerritoryRow).where(TerritoryRow.id == territory_id).with_for_update()
    )
    if row is None:
        from proxisante.registry._errors import UnknownTerritoryIdError

        raise UnknownTerritoryIdError(territory_id)
    return row


def run_matching(
    session: Session,
    *,
    territory_id: str,
    now: datetime,
    dry_run: bool = False,
    user_id: int | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    travel: TravelProvider = straight_line,
) -> RunSummary:
    """Expire overdue proposals, match every waiting patient, write the proposals.

    Runs inside the caller's transaction: if anything fails (or the process dies) before the
    commit, no proposal of this run exists. ``on_progress(done, total)`` is called after each
    batch of proposals is written.
    """
    territory = _lock_territory(session, territory_id)
    if not dry_run:
        expire_overdue(session, territory_id=territory_id, now=now, cascade=False)
    patients = _waiting(session, territory_id, now)
    caps = _free_capacities(session, territory_id, now)
    points = _points(session, territory_id)
    matrix, note = travel(points, territory.max_travel_min)
    result = match_patients(
        patients, caps, points, max_travel_min=territory.max_travel_min, matrix=matrix
    )
    if dry_run:
        return RunSummary(
            None,
            territory_id,
            len(patients),
            len(result.assignments),
            result.matched_by_level,
            True,
            result.assignments,
            note,
        )
    run = MatchingRunRow(
        territory_id=territory_id, started_at=now, n_waiting=len(patients), user_id=user_id
    )
    session.add(run)
    session.flush()
    deadline = now + timedelta(days=territory.proposal_days)
    total = len(result.assignments)
    for start in range(0, total, BATCH):
        batch = result.assignments[start : start + BATCH]
        ids = [a.patient_id for a in batch]
        changed = _rowcount(
            session,
            update(PatientRow)
            .where(PatientRow.id.in_(ids), PatientRow.status == PatientStatus.WAITING.value)
            .values(status=PatientStatus.PROPOSED.value),
        )
        if changed != len(ids):
            raise ProposalStateError(
                "Some waiting patients changed while the matching ran; nothing was proposed. "
                "Run the matching again."
            )
        session.add_all(
            ProposalRow(
                patient_id=a.patient_id,
                professional_id=a.professional_id,
                run_id=run.id,
                status=LIVE,
                level=a.level,
                travel_time_min=a.travel_time_min,
                created_at=now,
                deadline=deadline,
            )
            for a in batch
        )
        session.flush()
        if on_progress is not None:
            on_progress(min(start + BATCH, total), total)
    run.n_proposals = total
    run.finished_at = now
    session.flush()
    return RunSummary(
        run.id,
        territory_id,
        len(patients),
        total,
        result.matched_by_level,
        False,
        result.assignments,
        note,
    )


def accept_proposal(
    session: Session, *, proposal_id: int, professional_id: int, now: datetime
) -> ProposalRow:
    """Accept: the patient is attached and one place is used, or nothing changes."""
    proposal = session.get(ProposalRow, proposal_id)
    if proposal is None or proposal.professional_id != professional_id:
        raise ProposalStateError(f"Proposal {proposal_id} is not one of yours.")
    # Lock the capacity row first so concurrent accepts queue up (PostgreSQL).
    session.execute(
        select(CapacityRow.id)
        .where(CapacityRow.professional_id == professional_id)
        .with_for_update()
    )
    taken = _rowcount(
        session,
        update(ProposalRow)
        .where(
            ProposalRow.id == proposal_id,
            ProposalRow.status == LIVE,
            ProposalRow.deadline > now,
        )
        .values(status=ProposalStatus.ACCEPTED.value, decided_at=now)
        .execution_options(synchronize_session=False),
    )
    if taken != 1:
        raise ProposalStateError(
            f"Proposal {proposal_id} is no longer open (already decided or past its deadline)."
        )
    used = _rowcount(
        session,
        update(CapacityRow)
        .where(CapacityRow.professional_id == professional_id, CapacityRow.places_remaining > 0)
        .values(places_remaining=CapacityRow.places_remaining - 1)
        .execution_options(synchronize_session=False),
    )
    if used != 1:
        raise CapacityExhaustedError(professional_id)
    attached = _rowcount(
        session,
        update(PatientRow)
        .where(
            PatientRow.id == proposal.patient_id, PatientRow.status == PatientStatus.PROPOSED.value
        )
        .values(
            status=PatientStatus.ATTACHED.value,
            attached_professional_id=professional_id,
            attached_at=now,
        )
        .execution_options(synchronize_session=False),
    )
    if attached != 1:
        raise ProposalStateError(f"The patient of proposal {proposal_id} is no longer waiting.")
    session.expire_all()
    refreshed = session.get(ProposalRow, proposal_id)
    assert refreshed is not None
    return refreshed


def _close(session: Session, proposal_id: int, status: str, now: datetime) -> ProposalRow:
    closed = _rowcount(
        session,
        update(ProposalRow)
        .where(ProposalRow.id == proposal_id, ProposalRow.status == LIVE)
        .values(status=status, decided_at=now)
        .execution_options(synchronize_session=False),
    )
    if closed != 1:
        raise ProposalStateError(f"Proposal {proposal_id} is no longer open.")
    session.expire_all()
    row = session.get(ProposalRow, proposal_id)
    assert row is not None
    session.execute(
        update(PatientRow)
        .where(PatientRow.id == row.patient_id, PatientRow.status == PatientStatus.PROPOSED.value)
        .values(status=PatientStatus.WAITING.value)
        .execution_options(synchronize_session=False)
    )
    return row


def cascade_patient(
    session: Session,
    *,
    patient_id: int,
    territory_id: str,
    now: datetime,
    travel: TravelProvider = straight_line,
) -> ProposalRow | None:
    """Offer a waiting patient to the next best professional with a free place, if any."""
    territory = _lock_territory(session, territory_id)
    patients = _waiting(session, territory_id, now, only=patient_id)
    if not patients:
        return None
    points = _points(session, territory_id)
    matrix, _ = travel(points, territory.max_travel_min)
    best = next_professional(
        patients[0],
        _free_capacities(session, territory_id, now),
        points,
        max_travel_min=territory.max_travel_min,
        matrix=matrix,
    )
    if best is None:
        return None
    session.execute(
        update(PatientRow)
        .where(PatientRow.id == patient_id, PatientRow.status == PatientStatus.WAITING.value)
        .values(status=PatientStatus.PROPOSED.value)
        .execution_options(synchronize_session=False)
    )
    row = ProposalRow(
        patient_id=patient_id,
        professional_id=best.professional_id,
        status=LIVE,
        level=best.level,
        travel_time_min=best.travel_time_min,
        created_at=now,
        deadline=now + timedelta(days=territory.proposal_days),
    )
    session.add(row)
    session.flush()
    return row


def decline_proposal(
    session: Session,
    *,
    proposal_id: int,
    professional_id: int,
    now: datetime,
    travel: TravelProvider = straight_line,
) -> tuple[ProposalRow, ProposalRow | None]:
    """Decline; the patient passes at once to the next best professional (cascade)."""
    proposal = session.get(ProposalRow, proposal_id)
    if proposal is None or proposal.professional_id != professional_id:
        raise ProposalStateError(f"Proposal {proposal_id} is not one of yours.")
    row = _close(session, proposal_id, ProposalStatus.DECLINED.value, now)
    patient = session.get(PatientRow, row.patient_id)
    assert patient is not None
    nxt = cascade_patient(
        session,
        patient_id=row.patient_id,
        territory_id=patient.territory_id,
        now=now,
        travel=travel,
    )
    return row, nxt


def expire_overdue(
    session: Session,
    *,
    territory_id: str,
    now: datetime,
    cascade: bool = True,
    travel: TravelProvider = straight_line,
) -> int:
    """Close proposals past their deadline; cascade each patient unless told not to."""
    overdue = list(
        session.scalars(
            select(ProposalRow.id)
            .join(PatientRow, PatientRow.id == ProposalRow.patient_id)
            .where(
                PatientRow.territory_id == territory_id,
                ProposalRow.status == LIVE,
                ProposalRow.deadline <= now,
            )
        )
    )
    for pid in overdue:
        row = _close(session, pid, ProposalStatus.EXPIRED.value, now)
        if cascade:
            cascade_patient(
                session,
                patient_id=row.patient_id,
                territory_id=territory_id,
                now=now,
                travel=travel,
            )
    return len(overdue)


def withdraw_surplus(
    session: Session,
    *,
    professional_id: int,
    territory_id: str,
    now: datetime,
    travel: TravelProvider = straight_line,
) -> list[tuple[ProposalRow, ProposalRow | None]]:
    """After a capacity is reduced: cancel the live proposals beyond the places left.

    The newest proposals go first; each of their patients passes at once to the next best
    professional with a free place (cascade). Returns (cancelled, next proposal or None).
    """
    cap = session.scalar(
        select(CapacityRow).where(CapacityRow.professional_id == professional_id).with_for_update()
    )
    places = cap.places_remaining if cap is not None else 0
    live = list(
        session.scalars(
            select(ProposalRow)
            .where(ProposalRow.professional_id == professional_id, ProposalRow.status == LIVE)
            .order_by(ProposalRow.created_at.desc(), ProposalRow.id.desc())
        )
    )
    out = []
    for proposal in live[: max(len(live) - places, 0)]:
        row = _close(session, proposal.id, ProposalStatus.CANCELLED.value, now)
        nxt = cascade_patient(
            session, patient_id=row.patient_id, territory_id=territory_id, now=now, travel=travel
        )
        out.append((row, nxt))
    return out


def list_proposals(
    session: Session,
    *,
    territory_id: str | None = None,
    professional_id: int | None = None,
    status: str | None = None,
    limit: int = 500,
) -> list[ProposalRow]:
    stmt = select(ProposalRow).order_by(ProposalRow.id.desc()).limit(limit)
    if territory_id is not None:
        stmt = stmt.join(PatientRow, PatientRow.id == ProposalRow.patient_id).where(
            PatientRow.territory_id == territory_id
        )
    if professional_id is not None:
        stmt = stmt.where(ProposalRow.professional_id == professional_id)
    if status is not None:
        stmt = stmt.where(ProposalRow.status == status)
    return list(session.scalars(stmt))


def get_proposal(session: Session, *, proposal_id: int) -> ProposalRow | None:
    return session.get(ProposalRow, proposal_id)
