"""Proposals in the database: the atomic steps of the lifecycle (which lives in
:mod:`proxisante.registry.service`) and the queries the matching reads.

Guarantees, whatever the concurrency:

- a place is never given twice: accepting decrements ``places_remaining`` with a conditional
  ``UPDATE … WHERE places_remaining > 0`` (after ``SELECT … FOR UPDATE`` on PostgreSQL; SQLite
  transactions are ``BEGIN IMMEDIATE``), and a check constraint keeps it ≥ 0;
- a patient never holds two live proposals: a partial unique index on live proposals;
- a matching run writes all its proposals in one transaction, or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from proxisante.registry.entities import (
    Assignment,
    Capacity,
    PatientStatus,
    ProposalStatus,
    WaitingPatient,
    serves,
)
from proxisante.registry.priority import age_on
from proxisante.registry.travel import CommunePoints
from proxisante.store.registry.crud import list_communes
from proxisante.store.registry.models import (
    CapacityRow,
    MatchingRunRow,
    PatientRow,
    ProfessionalRow,
    ProposalRow,
    TerritoryRow,
)


def _rowcount(session: Session, stmt: Any) -> int:
    """Execute an UPDATE and return how many rows it changed."""
    result = cast(CursorResult[Any], session.execute(stmt))
    return int(result.rowcount)


LIVE = ProposalStatus.PROPOSED.value


def points(session: Session, territory_id: str) -> CommunePoints:
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


def waiting(
    session: Session, territory_id: str, today: date, only: int | None = None
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
            age_years=age_on(r.birth_date, today) if r.birth_date else 40,
            registered_at=r.registered_at,
            needs_home_visits=r.reduced_mobility,
            language=r.language if r.language and r.language != "fr" else None,
            excluded_professionals=frozenset(excl.get(r.id, ())),
            care=r.care,
            ald=r.ald,
        )
        for r in rows
    ]


def free_capacities(session: Session, territory_id: str, today: date) -> list[Capacity]:
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
        if cap.valid_until is not None and cap.valid_until < today:
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
                    kind=cap.kind,
                    serves=serves(pro.profession, cap.kind),
                    area=frozenset(cap.area.split(",")) if cap.area else frozenset(),
                )
            )
    return out


def lock_territory(
    session: Session, territory_id: str, *, skip_locked: bool = False
) -> TerritoryRow | None:
    """Serialise matching runs, cascades and ticks of one territory (row lock on PostgreSQL;
    SQLite transactions are ``BEGIN IMMEDIATE``). With ``skip_locked``, None at once when
    another transaction holds the lock."""
    row = session.scalar(
        select(TerritoryRow)
        .where(TerritoryRow.id == territory_id)
        .with_for_update(skip_locked=skip_locked)
    )
    return row


def close(session: Session, proposal_id: int, status: str, now: datetime) -> ProposalRow | None:
    """Close a live proposal (its patient waits again); None when it was no longer live."""
    closed = _rowcount(
        session,
        update(ProposalRow)
        .where(ProposalRow.id == proposal_id, ProposalRow.status == LIVE)
        .values(status=status, decided_at=now)
        .execution_options(synchronize_session=False),
    )
    if closed != 1:
        return None
    session.expire_all()
    row = session.get(ProposalRow, proposal_id)
    if row is None:
        return None
    session.execute(
        update(PatientRow)
        .where(PatientRow.id == row.patient_id, PatientRow.status == PatientStatus.PROPOSED.value)
        .values(status=PatientStatus.WAITING.value)
        .execution_options(synchronize_session=False)
    )
    return row


def take(session: Session, proposal_id: int, professional_id: int, now: datetime) -> bool:
    """A live, not overdue proposal of this professional → accepted (capacity row locked)."""
    # Lock the capacity row first so concurrent accepts queue up (PostgreSQL).
    session.execute(
        select(CapacityRow.id)
        .where(CapacityRow.professional_id == professional_id)
        .with_for_update()
    )
    return (
        _rowcount(
            session,
            update(ProposalRow)
            .where(
                ProposalRow.id == proposal_id,
                ProposalRow.professional_id == professional_id,
                ProposalRow.status == LIVE,
                ProposalRow.deadline > now,
            )
            .values(status=ProposalStatus.ACCEPTED.value, decided_at=now)
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def use_place(session: Session, professional_id: int) -> bool:
    """One place fewer, only if one is left."""
    return (
        _rowcount(
            session,
            update(CapacityRow)
            .where(CapacityRow.professional_id == professional_id, CapacityRow.places_remaining > 0)
            .values(places_remaining=CapacityRow.places_remaining - 1)
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def attach(session: Session, patient_id: int, professional_id: int, now: datetime) -> bool:
    return (
        _rowcount(
            session,
            update(PatientRow)
            .where(PatientRow.id == patient_id, PatientRow.status == PatientStatus.PROPOSED.value)
            .values(
                status=PatientStatus.ATTACHED.value,
                attached_professional_id=professional_id,
                attached_at=now,
            )
            .execution_options(synchronize_session=False),
        )
        == 1
    )


def mark_proposed(session: Session, patient_ids: Sequence[int]) -> int:
    return _rowcount(
        session,
        update(PatientRow)
        .where(
            PatientRow.id.in_(list(patient_ids)), PatientRow.status == PatientStatus.WAITING.value
        )
        .values(status=PatientStatus.PROPOSED.value)
        .execution_options(synchronize_session=False),
    )


def add(
    session: Session,
    assignments: Sequence[Assignment],
    now: datetime,
    deadline: datetime,
    run_id: int | None,
) -> list[ProposalRow]:
    rows = [
        ProposalRow(
            patient_id=a.patient_id,
            professional_id=a.professional_id,
            run_id=run_id,
            status=LIVE,
            level=a.level,
            travel_time_min=a.travel_time_min,
            created_at=now,
            deadline=deadline,
        )
        for a in assignments
    ]
    session.add_all(rows)
    session.flush()
    return rows


def start_run(
    session: Session, territory_id: str, now: datetime, n_waiting: int, user_id: int | None
) -> int:
    run = MatchingRunRow(
        territory_id=territory_id, started_at=now, n_waiting=n_waiting, user_id=user_id
    )
    session.add(run)
    session.flush()
    return run.id


def finish_run(session: Session, run_id: int, n_proposals: int, now: datetime) -> None:
    run = session.get(MatchingRunRow, run_id)
    if run is not None:
        run.n_proposals = n_proposals
        run.finished_at = now
        session.flush()


def overdue(session: Session, territory_id: str, now: datetime) -> list[int]:
    return list(
        session.scalars(
            select(ProposalRow.id)
            .join(PatientRow, PatientRow.id == ProposalRow.patient_id)
            .where(
                PatientRow.territory_id == territory_id,
                ProposalRow.status == LIVE,
                ProposalRow.deadline <= now,
            )
            .order_by(ProposalRow.id)
        )
    )


def live_newest_first(session: Session, professional_id: int) -> list[ProposalRow]:
    return list(
        session.scalars(
            select(ProposalRow)
            .where(ProposalRow.professional_id == professional_id, ProposalRow.status == LIVE)
            .order_by(ProposalRow.created_at.desc(), ProposalRow.id.desc())
        )
    )


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
