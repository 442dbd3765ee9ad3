"""The rota repository and audit log on SQLAlchemy (implementing :mod:`proxisante.rota.ports`).

Nothing here commits; the caller owns the transaction. ``rota(…, for_update=True)`` locks the
rota's row (PostgreSQL ``SELECT … FOR UPDATE``; SQLite serialises writers), so that two swaps
accepted at once are checked one after the other. Times are naive UTC in the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from proxisante.rota.model import Assignment
from proxisante.rota.ports import (
    DeclaredUnavailability,
    PublishedRota,
    RotaDoctorLink,
    RotaEvent,
    StoredSwap,
    TerritoryProfessional,
)
from proxisante.store.audit import record_audit
from proxisante.store.registry.models import (
    ProfessionalRow,
    TerritoryCommuneRow,
    TerritoryRow,
    UserRow,
)
from proxisante.store.rota.models import (
    RotaAssignmentRow,
    RotaDoctorRow,
    RotaRow,
    RotaSwapRow,
    RotaUnavailabilityRow,
)


def _naive(t: datetime) -> datetime:
    return t if t.tzinfo is None else t.astimezone(UTC).replace(tzinfo=None)


def _aware(t: datetime | None) -> datetime | None:
    return None if t is None else t.replace(tzinfo=UTC)


def _swap(r: RotaSwapRow) -> StoredSwap:
    return StoredSwap(
        r.id,
        r.rota_id,
        r.shift_id,
        r.from_doctor,
        r.to_doctor,
        r.in_return,
        r.status,
        r.proposed_at.replace(tzinfo=UTC),
        _aware(r.decided_at),
    )


class SqlRotaRepository:
    """Published rotas in the database of ``session``."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def territory_exists(self, territory_id: str) -> bool:
        return self.session.get(TerritoryRow, territory_id) is not None

    def add_rota(
        self,
        *,
        territory_id: str,
        label: str,
        description: str,
        assignments: Sequence[Assignment],
        doctors: Sequence[tuple[str, int | None]],
        now: datetime,
        by: int | None,
    ) -> int:
        row = RotaRow(
            territory_id=territory_id,
            label=label,
            description=description,
            published_at=_naive(now),
            published_by=by,
        )
        self.session.add(row)
        self.session.flush()
        self.session.add_all(
            RotaAssignmentRow(rota_id=row.id, shift_id=a.shift_id, doctor_id=a.doctor_id)
            for a in assignments
        )
        self.session.add_all(
            RotaDoctorRow(rota_id=row.id, doctor_id=d, professional_id=p) for d, p in doctors
        )
        self.session.flush()
        return row.id

    def _published(self, row: RotaRow) -> PublishedRota:
        q = select(RotaAssignmentRow).where(RotaAssignmentRow.rota_id == row.id)
        assignments = tuple(Assignment(a.shift_id, a.doctor_id) for a in self.session.scalars(q))
        return PublishedRota(
            row.id,
            row.territory_id,
            row.label,
            row.description,
            row.published_at.replace(tzinfo=UTC),
            assignments,
        )

    def rota(self, rota_id: int, *, for_update: bool = False) -> PublishedRota | None:
        q = select(RotaRow).where(RotaRow.id == rota_id)
        if for_update:
            q = q.with_for_update()
        row = self.session.scalars(q).first()
        return None if row is None else self._published(row)

    def rotas(self, territory_id: str | None) -> list[PublishedRota]:
        q = select(RotaRow).order_by(RotaRow.id)
        if territory_id is not None:
            q = q.where(RotaRow.territory_id == territory_id)
        return [
            PublishedRota(r.id, r.territory_id, r.label, "", r.published_at.replace(tzinfo=UTC), ())
            for r in self.session.scalars(q)
        ]

    def set_assignments(self, rota_id: int, changes: Sequence[Assignment]) -> None:
        for a in changes:
            self.session.execute(
                update(RotaAssignmentRow)
                .where(
                    RotaAssignmentRow.rota_id == rota_id, RotaAssignmentRow.shift_id == a.shift_id
                )
                .values(doctor_id=a.doctor_id)
            )
        self.session.flush()

    def doctors(self, rota_id: int) -> list[RotaDoctorLink]:
        q = select(RotaDoctorRow).where(RotaDoctorRow.rota_id == rota_id)
        return [
            RotaDoctorLink(r.rota_id, r.doctor_id, r.professional_id)
            for r in self.session.scalars(q)
        ]

    def unavailabilities(self, rota_id: int) -> list[DeclaredUnavailability]:
        q = select(RotaUnavailabilityRow).where(RotaUnavailabilityRow.rota_id == rota_id)
        return [
            DeclaredUnavailability(r.rota_id, r.doctor_id, r.start_date, r.end_date)
            for r in self.session.scalars(q.order_by(RotaUnavailabilityRow.id))
        ]

    def add_unavailability(self, u: DeclaredUnavailability, *, now: datetime) -> None:
        self.session.add(
            RotaUnavailabilityRow(
                rota_id=u.rota_id,
                doctor_id=u.doctor_id,
                start_date=u.start,
                end_date=u.end,
                declared_at=_naive(now),
            )
        )
        self.session.flush()

    def add_swap(self, swap: StoredSwap) -> int:
        row = RotaSwapRow(
            rota_id=swap.rota_id,
            shift_id=swap.shift_id,
            from_doctor=swap.from_doctor,
            to_doctor=swap.to_doctor,
            in_return=swap.in_return,
            status=swap.status,
            proposed_at=_naive(swap.proposed_at),
        )
        self.session.add(row)
        self.session.flush()
        return row.id

    def swap(self, rota_id: int, swap_id: int) -> StoredSwap | None:
        row = self.session.get(RotaSwapRow, swap_id)
        return None if row is None or row.rota_id != rota_id else _swap(row)

    def swaps(self, rota_id: int) -> list[StoredSwap]:
        q = select(RotaSwapRow).where(RotaSwapRow.rota_id == rota_id).order_by(RotaSwapRow.id)
        return [_swap(r) for r in self.session.scalars(q)]

    def decide_swap(self, swap_id: int, status: str, now: datetime) -> None:
        self.session.execute(
            update(RotaSwapRow)
            .where(RotaSwapRow.id == swap_id)
            .values(status=status, decided_at=_naive(now))
        )
        self.session.flush()

    def set_feed_token(self, rota_id: int, doctor_id: str, token_hash: str | None) -> None:
        self.session.execute(
            update(RotaDoctorRow)
            .where(RotaDoctorRow.rota_id == rota_id, RotaDoctorRow.doctor_id == doctor_id)
            .values(feed_token_hash=token_hash)
        )
        self.session.flush()

    def feed_owner(self, token_hash: str) -> RotaDoctorLink | None:
        q = select(RotaDoctorRow).where(RotaDoctorRow.feed_token_hash == token_hash)
        r = self.session.scalars(q).first()
        return None if r is None else RotaDoctorLink(r.rota_id, r.doctor_id, r.professional_id)

    def professional_deactivated(self, professional_id: int) -> bool:
        q = select(UserRow.active).where(UserRow.professional_id == professional_id)
        states = list(self.session.scalars(q))
        return bool(states) and not any(states)

    def pending_swaps_for(self, professional_id: int) -> list[StoredSwap]:
        q = (
            select(RotaSwapRow)
            .join(
                RotaDoctorRow,
                (RotaDoctorRow.rota_id == RotaSwapRow.rota_id)
                & (RotaDoctorRow.doctor_id == RotaSwapRow.to_doctor),
            )
            .where(RotaDoctorRow.professional_id == professional_id)
            .where(RotaSwapRow.status == "proposee")
            .order_by(RotaSwapRow.id)
        )
        return [_swap(r) for r in self.session.scalars(q)]

    def professionals(self, territory_id: str) -> list[TerritoryProfessional]:
        commune = TerritoryCommuneRow
        q = (
            select(ProfessionalRow.id, ProfessionalRow.display_name, commune.name)
            .join(
                commune,
                (commune.territory_id == ProfessionalRow.territory_id)
                & (commune.code == ProfessionalRow.commune_code),
                isouter=True,
            )
            .where(ProfessionalRow.territory_id == territory_id)
            .order_by(ProfessionalRow.display_name, ProfessionalRow.id)
        )
        return [
            TerritoryProfessional(int(i), str(n), str(c or ""))
            for i, n, c in self.session.execute(q)
        ]

    def communes(self, territory_id: str) -> list[tuple[str, str]]:
        q = (
            select(TerritoryCommuneRow.code, TerritoryCommuneRow.name)
            .where(TerritoryCommuneRow.territory_id == territory_id)
            .order_by(TerritoryCommuneRow.name)
        )
        return [(str(c), str(n)) for c, n in self.session.execute(q)]


class SqlRotaAudit:
    """Audit events of the rota in the shared audit table (identifiers only)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def record(self, event: RotaEvent) -> None:
        record_audit(
            self.session,
            at=_naive(event.at),
            user_id=event.user_id,
            role=event.role,
            action=event.action,
            territory_id=event.territory_id,
            detail=event.detail,
        )
