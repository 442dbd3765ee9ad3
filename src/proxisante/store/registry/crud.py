"""Database access of the registry: territories, professionals, capacities, patients.

Small keyword-only functions that the web routes and the CLI call; each takes an open session
and leaves the transaction to the caller (see :func:`proxisante.store.db.transaction`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.orm import Session

from proxisante.registry.entities import PatientStatus, PriorityAssessment, ProposalStatus
from proxisante.registry.outcome import Outcome, attachment_outcome
from proxisante.registry.ports import AGE_BANDS, PatientQuery, RecentAttachment
from proxisante.registry.privacy import PERSONAL_FIELDS, RESET_CRITERIA
from proxisante.registry.reporting import PatientHistory, counted_registration
from proxisante.store.registry.models import (
    CapacityRow,
    PatientRow,
    ProfessionalRow,
    ProposalRow,
    TerritoryCommuneRow,
    TerritoryRow,
)
from proxisante.store.registry.notes import delete_notes


@dataclass(frozen=True)
class CommuneRecord:
    code: str
    name: str
    lon: float
    lat: float


# ---------------------------------------------------------------- territories


def create_territory(
    session: Session,
    *,
    territory_id: str,
    name: str,
    communes: Iterable[CommuneRecord],
    now: datetime,
    fictitious: bool = False,
    max_travel_min: float = 30.0,
    proposal_days: int = 7,
) -> TerritoryRow:
    row = TerritoryRow(
        id=territory_id,
        name=name,
        fictitious=fictitious,
        max_travel_min=max_travel_min,
        proposal_days=proposal_days,
        created_at=now,
    )
    session.add(row)
    session.flush()
    session.add_all(
        TerritoryCommuneRow(
            territory_id=territory_id, code=c.code, name=c.name, lon=c.lon, lat=c.lat
        )
        for c in communes
    )
    session.flush()
    return row


def get_territory(session: Session, *, territory_id: str) -> TerritoryRow | None:
    return session.get(TerritoryRow, territory_id)


def list_territories(session: Session, *, only: str | None = None) -> list[TerritoryRow]:
    stmt = select(TerritoryRow).order_by(TerritoryRow.id)
    if only is not None:
        stmt = stmt.where(TerritoryRow.id == only)
    return list(session.scalars(stmt))


def commune_names(session: Session, *, territory_id: str) -> dict[str, str]:
    """{INSEE code: name} of a territory's communes, by name (two columns, no ORM objects:
    the coordination's page asks for them on every view)."""
    rows = session.execute(
        select(TerritoryCommuneRow.code, TerritoryCommuneRow.name)
        .where(TerritoryCommuneRow.territory_id == territory_id)
        .order_by(TerritoryCommuneRow.name)
    )
    return {str(code): str(name) for code, name in rows}


def list_communes(session: Session, *, territory_id: str) -> list[TerritoryCommuneRow]:
    return list(
        session.scalars(
            select(TerritoryCommuneRow)
            .where(TerritoryCommuneRow.territory_id == territory_id)
            .order_by(TerritoryCommuneRow.name)
        )
    )


# ---------------------------------------------------------------- professionals and capacity


def create_professional(
    session: Session,
    *,
    territory_id: str,
    display_name: str,
    commune_code: str,
    profession: str = "generalist",
    languages: Sequence[str] = ("fr",),
    home_visits: bool = False,
    fictitious: bool = False,
) -> ProfessionalRow:
    row = ProfessionalRow(
        territory_id=territory_id,
        display_name=display_name,
        commune_code=commune_code,
        profession=profession,
        languages=",".join(languages),
        home_visits=home_visits,
        fictitious=fictitious,
    )
    session.add(row)
    session.flush()
    return row


def get_professional(session: Session, *, professional_id: int) -> ProfessionalRow | None:
    return session.get(ProfessionalRow, professional_id)


def find_professional(
    session: Session, *, territory_id: str, display_name: str, commune_code: str
) -> ProfessionalRow | None:
    return session.scalars(
        select(ProfessionalRow)
        .where(
            ProfessionalRow.territory_id == territory_id,
            func.lower(ProfessionalRow.display_name) == display_name.lower(),
            ProfessionalRow.commune_code == commune_code,
        )
        .order_by(ProfessionalRow.id)
        .limit(1)
    ).first()


def list_professionals(session: Session, *, territory_id: str) -> list[ProfessionalRow]:
    return list(
        session.scalars(
            select(ProfessionalRow)
            .where(ProfessionalRow.territory_id == territory_id)
            .order_by(ProfessionalRow.id)
        )
    )


def professional_names(session: Session, *, territory_id: str) -> dict[int, str]:
    """{id: display name} of a territory's professionals (two columns, no ORM objects)."""
    rows = session.execute(
        select(ProfessionalRow.id, ProfessionalRow.display_name)
        .where(ProfessionalRow.territory_id == territory_id)
        .order_by(ProfessionalRow.id)
    )
    return {int(pid): str(name) for pid, name in rows}


def live_proposals_by_professional(session: Session, *, territory_id: str) -> dict[int, int]:
    rows = session.execute(
        select(ProposalRow.professional_id, func.count())
        .join(ProfessionalRow, ProfessionalRow.id == ProposalRow.professional_id)
        .where(
            ProfessionalRow.territory_id == territory_id,
            ProposalRow.status == ProposalStatus.PROPOSED.value,
        )
        .group_by(ProposalRow.professional_id)
    )
    return {int(pid): int(n) for pid, n in rows}


def declare_capacity(
    session: Session,
    *,
    professional_id: int,
    places: int,
    now: datetime,
    valid_until: date | None = None,
    min_age: int = 0,
    max_age: int = 150,
    home_visits: bool = False,
    kind: str = "standard",
    days_per_month: int | None = None,
    lender_finess: str | None = None,
    area: Sequence[str] = (),
) -> CapacityRow:
    """Replace the professional's declaration: ``places`` new patients from now on."""
    row = session.scalar(
        select(CapacityRow).where(CapacityRow.professional_id == professional_id).with_for_update()
    )
    if row is None:
        row = CapacityRow(professional_id=professional_id)
        session.add(row)
    row.places_declared = places
    row.places_remaining = places
    row.valid_until = valid_until
    row.min_age = min_age
    row.max_age = max_age
    row.home_visits = home_visits
    row.declared_at = now
    row.kind = kind
    row.days_per_month = days_per_month
    row.lender_finess = lender_finess
    row.area = ",".join(area) or None
    session.flush()
    return row


def get_capacity(session: Session, *, professional_id: int) -> CapacityRow | None:
    return session.scalar(select(CapacityRow).where(CapacityRow.professional_id == professional_id))


def capacities_in(
    session: Session, *, territory_id: str
) -> list[tuple[ProfessionalRow, CapacityRow]]:
    rows = session.execute(
        select(ProfessionalRow, CapacityRow)
        .join(CapacityRow, CapacityRow.professional_id == ProfessionalRow.id)
        .where(ProfessionalRow.territory_id == territory_id)
        .order_by(ProfessionalRow.id)
    )
    return [(p, c) for p, c in rows]


# ---------------------------------------------------------------- patients


def register_patient(
    session: Session,
    *,
    territory_id: str,
    commune_code: str,
    last_name: str,
    first_name: str,
    birth_date: date,
    now: datetime,
    priority: PriorityAssessment,
    phone: str | None = None,
    email: str | None = None,
    ald: bool = False,
    pregnant: bool = False,
    precarity: str = "none",
    lost_doctor: str = "none",
    disability: bool = False,
    reduced_mobility: bool = False,
    language: str | None = None,
    consent: bool = True,
    channel: str = "coordinator",
    care: str = "generalist",
    registered_by: int | None = None,
    fictitious: bool = False,
    tracking_hash: str | None = None,
) -> PatientRow:
    """Store a request with the priority level and reasons its service computed
    (:func:`proxisante.registry.priority.assess_request`)."""
    assessment = priority
    row = PatientRow(
        territory_id=territory_id,
        tracking_hash=tracking_hash,
        commune_code=commune_code,
        last_name=last_name,
        first_name=first_name,
        birth_date=birth_date,
        phone=phone,
        email=email,
        ald=ald,
        pregnant=pregnant,
        precarity=precarity,
        lost_doctor=lost_doctor,
        disability=disability,
        reduced_mobility=reduced_mobility,
        language=language,
        consent=consent,
        channel=channel,
        care=care,
        registered_by=registered_by,
        registered_at=now,
        priority_level=assessment.level,
        priority_reasons="\n".join(assessment.reasons),
        status=PatientStatus.WAITING.value,
        fictitious=fictitious,
    )
    session.add(row)
    session.flush()
    return row


def get_patient(session: Session, *, patient_id: int) -> PatientRow | None:
    return session.get(PatientRow, patient_id)


def find_patient(
    session: Session, *, territory_id: str, last_name: str, first_name: str, birth_date: date
) -> PatientRow | None:
    return session.scalars(
        select(PatientRow)
        .where(
            PatientRow.territory_id == territory_id,
            func.lower(PatientRow.last_name) == last_name.lower(),
            func.lower(PatientRow.first_name) == first_name.lower(),
            PatientRow.birth_date == birth_date,
        )
        .order_by(PatientRow.id)
        .limit(1)
    ).first()


def list_patients(
    session: Session,
    *,
    territory_id: str,
    status: str | None = None,
    registered_by: int | None = None,
    limit: int = 500,
    offset: int = 0,
    query: PatientQuery | None = None,
) -> list[PatientRow]:
    stmt = (
        select(PatientRow)
        .where(*_patient_filter(territory_id, status, registered_by, query))
        .order_by(PatientRow.priority_level, PatientRow.registered_at, PatientRow.id)
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def recent_attachments(
    session: Session, *, territory_id: str, limit: int
) -> list[RecentAttachment]:
    """The attached patients that :func:`list_patients` lists first (same filter, same
    order), as the four columns the dashboard shows."""
    rows = session.execute(
        select(
            PatientRow.id,
            PatientRow.attached_professional_id,
            PatientRow.attached_at,
            PatientRow.priority_level,
        )
        .where(*_patient_filter(territory_id, PatientStatus.ATTACHED.value, None))
        .order_by(PatientRow.priority_level, PatientRow.registered_at, PatientRow.id)
        .limit(limit)
    )
    return [RecentAttachment(pid, pro, at, level) for pid, pro, at, level in rows]


def count_patients(
    session: Session,
    *,
    territory_id: str,
    status: str | None = None,
    registered_by: int | None = None,
    query: PatientQuery | None = None,
) -> int:
    """How many rows :func:`list_patients` would give without a limit."""
    stmt = select(func.count(PatientRow.id)).where(
        *_patient_filter(territory_id, status, registered_by, query)
    )
    return int(session.scalar(stmt) or 0)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _query_filter(q: PatientQuery) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if q.level:
        where.append(PatientRow.priority_level == q.level)
    if q.commune_code:
        where.append(PatientRow.commune_code == q.commune_code)
    if q.age_band in AGE_BANDS:
        today = q.today or date.today()
        youngest, oldest = AGE_BANDS[q.age_band]
        where.append(PatientRow.birth_date <= _years_before(today, youngest))
        if oldest is not None:
            where.append(PatientRow.birth_date > _years_before(today, oldest + 1))
    if q.name:
        escaped = q.name.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        where.append(
            or_(
                func.lower(PatientRow.last_name).like(pattern, escape="\\"),
                func.lower(PatientRow.first_name).like(pattern, escape="\\"),
            )
        )
    return where


def _patient_filter(
    territory_id: str,
    status: str | None,
    registered_by: int | None,
    query: PatientQuery | None = None,
) -> list[ColumnElement[bool]]:
    where = [
        PatientRow.territory_id == territory_id,
        PatientRow.status != PatientStatus.ERASED.value,
    ]
    if status is not None:
        where.append(PatientRow.status == status)
    if registered_by is not None:
        where.append(PatientRow.registered_by == registered_by)
    if query is not None:
        where.extend(_query_filter(query))
    return where


def erase_patient(session: Session, *, patient_id: int, now: datetime) -> bool:
    """Blank every personal field and reset the criteria, close live proposals, forget the
    patient's messages, delete the coordination's notes; keep an anonymous tombstone for counts
    (level, commune, and the *days* of registration, attachment and leaving: the monthly figures
    do not change)."""
    row = session.get(PatientRow, patient_id)
    if row is None or row.status == PatientStatus.ERASED.value:
        return False
    session.execute(
        update(ProposalRow)
        .where(ProposalRow.patient_id == patient_id, ProposalRow.status == "proposed")
        .values(status=ProposalStatus.CANCELLED.value, decided_at=now)
    )
    for name in PERSONAL_FIELDS:
        setattr(row, name, None)
    for name, value in RESET_CRITERIA.items():
        setattr(row, name, value)
    row.tracking_hash = None
    forget_notifications(session, patient_id)
    delete_notes(session, patient_id)
    if row.status != PatientStatus.ATTACHED.value and row.left_at is None:
        row.left_at = now
    row.registered_at = _day(row.registered_at)
    row.attached_at = _day(row.attached_at) if row.attached_at else None
    row.left_at = _day(row.left_at) if row.left_at else None
    row.status = PatientStatus.ERASED.value
    row.priority_reasons = ""
    session.flush()
    return True


def _day(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def forget_notifications(session: Session, patient_id: int) -> None:
    """Erasure: unsent messages to the patient are dropped, sent ones lose their address."""
    from proxisante.store.notify.models import OutboxRow

    session.execute(
        delete(OutboxRow).where(
            OutboxRow.patient_id == patient_id,
            OutboxRow.status.in_(["pending", "sending", "failed"]),
        )
    )
    session.execute(
        update(OutboxRow)
        .where(OutboxRow.patient_id == patient_id)
        .values(recipient="", body="", subject="", last_error="")
    )


# ---------------------------------------------------------------- figures


def status_counts(session: Session, *, territory_id: str) -> dict[str, dict[str, int]]:
    """{status: {level: n}} for a territory (raw counts: suppress before publishing)."""
    rows = session.execute(
        select(PatientRow.status, PatientRow.priority_level, func.count())
        .where(PatientRow.territory_id == territory_id)
        .group_by(PatientRow.status, PatientRow.priority_level)
    )
    out: dict[str, dict[str, int]] = {}
    for status, level, n in rows:
        out.setdefault(str(status), {})[str(level)] = int(n)
    return out


def patient_histories(session: Session, *, territory_id: str) -> list[PatientHistory]:
    """Every request of the territory as dates, level, commune and the outcome of its
    attachment (doctor or team), erased ones included."""
    rows = session.execute(
        select(
            PatientRow.priority_level,
            PatientRow.registered_at,
            PatientRow.attached_at,
            PatientRow.left_at,
            PatientRow.commune_code,
            PatientRow.channel,
            PatientRow.registered_by,
            PatientRow.care,
            ProfessionalRow.profession,
        )
        .outerjoin(ProfessionalRow, ProfessionalRow.id == PatientRow.attached_professional_id)
        .where(PatientRow.territory_id == territory_id)
    )
    return [
        PatientHistory(
            level=lvl,
            registered_at=reg,
            attached_at=att,
            left_at=left,
            commune=commune,
            counted=counted_registration(channel, by),
            outcome=attachment_outcome(care, profession).value if att is not None else None,
        )
        for lvl, reg, att, left, commune, channel, by, care, profession in rows
    ]


def attachment_counts(session: Session, *, territory_id: str) -> dict[str, int]:
    """Attached requests by outcome (``registry.outcome``: doctor_found, team_follow_up,
    professional_found), raw counts: suppress before publishing."""
    rows = session.execute(
        select(PatientRow.care, ProfessionalRow.profession, func.count())
        .outerjoin(ProfessionalRow, ProfessionalRow.id == PatientRow.attached_professional_id)
        .where(
            PatientRow.territory_id == territory_id,
            PatientRow.status == PatientStatus.ATTACHED.value,
        )
        .group_by(PatientRow.care, ProfessionalRow.profession)
    )
    out = {o.value: 0 for o in Outcome}
    for care, profession, n in rows:
        out[attachment_outcome(care, profession).value] += int(n)
    return out
