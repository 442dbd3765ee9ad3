"""Tables of the territorial registry (on the shared :class:`proxisante.store.base.Base`).

Personal data lives in ``registry_patients`` (names, birth date, phone, e-mail; erasure blanks
those columns) and in ``registry_patient_notes`` (the coordination's notes; erasure deletes
them). ``registry_audit`` holds identifiers, never personal data.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from proxisante.store.base import Base


class TerritoryRow(Base):
    __tablename__ = "registry_territories"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    fictitious: Mapped[bool] = mapped_column(Boolean, default=False)
    max_travel_min: Mapped[float] = mapped_column(Float, default=30.0)
    proposal_days: Mapped[int] = mapped_column(Integer, default=7)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class TerritoryCommuneRow(Base):
    __tablename__ = "registry_territory_communes"
    territory_id: Mapped[str] = mapped_column(
        ForeignKey("registry_territories.id", ondelete="CASCADE"), primary_key=True
    )
    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)


class ProfessionalRow(Base):
    __tablename__ = "registry_professionals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_id: Mapped[str] = mapped_column(ForeignKey("registry_territories.id"), index=True)
    display_name: Mapped[str] = mapped_column(String(200))
    profession: Mapped[str] = mapped_column(String(40), default="generalist")
    commune_code: Mapped[str] = mapped_column(String(10))
    languages: Mapped[str] = mapped_column(String(100), default="fr")
    home_visits: Mapped[bool] = mapped_column(Boolean, default=False)
    fictitious: Mapped[bool] = mapped_column(Boolean, default=False)


class CapacityRow(Base):
    __tablename__ = "registry_capacities"
    __table_args__ = (
        CheckConstraint("places_remaining >= 0", name="remaining_not_negative"),
        CheckConstraint("places_remaining <= places_declared", name="remaining_le_declared"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("registry_professionals.id"), unique=True
    )
    places_declared: Mapped[int] = mapped_column(Integer)
    places_remaining: Mapped[int] = mapped_column(Integer)
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    min_age: Mapped[int] = mapped_column(Integer, default=0)
    max_age: Mapped[int] = mapped_column(Integer, default=150)
    home_visits: Mapped[bool] = mapped_column(Boolean, default=False)
    declared_at: Mapped[datetime] = mapped_column(DateTime)
    # Capacity kinds (0013_capacity_kinds; entities.CapacityKind has the rules).
    kind: Mapped[str] = mapped_column(String(20), default="standard", server_default="standard")
    days_per_month: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lender_finess: Mapped[str | None] = mapped_column(String(9), nullable=True)
    area: Mapped[str | None] = mapped_column(Text, nullable=True)  # commune codes, comma-separated


class PatientRow(Base):
    __tablename__ = "registry_patients"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_id: Mapped[str] = mapped_column(ForeignKey("registry_territories.id"), index=True)
    commune_code: Mapped[str] = mapped_column(String(10))
    # personal data (blanked on erasure)
    last_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    first_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # criteria
    ald: Mapped[bool] = mapped_column(Boolean, default=False)
    pregnant: Mapped[bool] = mapped_column(Boolean, default=False)
    precarity: Mapped[str] = mapped_column(String(10), default="none")
    lost_doctor: Mapped[str] = mapped_column(String(20), default="none")
    disability: Mapped[bool] = mapped_column(Boolean, default=False)
    reduced_mobility: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(String(10), nullable=True)
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    channel: Mapped[str] = mapped_column(String(20), default="coordinator")
    registered_by: Mapped[int | None] = mapped_column(
        ForeignKey("registry_users.id"), nullable=True
    )
    registered_at: Mapped[datetime] = mapped_column(DateTime)
    priority_level: Mapped[str] = mapped_column(String(2))
    priority_reasons: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="waiting", index=True)
    attached_professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_professionals.id"), nullable=True
    )
    attached_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    left_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    fictitious: Mapped[bool] = mapped_column(Boolean, default=False)
    # The waiting list (0013_capacity_kinds): generalist (a médecin traitant), nursing,
    # physiotherapy, speech_therapy, dentistry.
    care: Mapped[str] = mapped_column(String(20), default="generalist", server_default="generalist")
    # SHA-256 of the tracking code given once at self-registration (the code is never stored)
    tracking_hash: Mapped[str | None] = mapped_column(
        String(64), nullable=True, unique=True, index=True
    )


class MatchingRunRow(Base):
    __tablename__ = "registry_matching_runs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_id: Mapped[str] = mapped_column(ForeignKey("registry_territories.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    n_proposals: Mapped[int] = mapped_column(Integer, default=0)
    n_waiting: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("registry_users.id"), nullable=True)


class ProposalRow(Base):
    __tablename__ = "registry_proposals"
    __table_args__ = (
        # A patient never holds two live proposals, whatever the code above does.
        Index(
            "uq_registry_proposals_live_patient",
            "patient_id",
            unique=True,
            sqlite_where=text("status = 'proposed'"),
            postgresql_where=text("status = 'proposed'"),
        ),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("registry_patients.id"), index=True)
    professional_id: Mapped[int] = mapped_column(
        ForeignKey("registry_professionals.id"), index=True
    )
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_matching_runs.id"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    level: Mapped[str] = mapped_column(String(2))
    travel_time_min: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deadline: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class UserRow(Base):
    __tablename__ = "registry_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    territory_id: Mapped[str | None] = mapped_column(
        ForeignKey("registry_territories.id"), nullable=True
    )
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_professionals.id"), nullable=True
    )
    totp_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AuditRow(Base):
    __tablename__ = "registry_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    patient_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    territory_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str] = mapped_column(String(200), default="")


class PrivacyRow(Base):
    """The controller of a territory's processing, as its coordinator set it (the privacy
    notice shows the defaults until then): no patient data."""

    __tablename__ = "registry_privacy"
    territory_id: Mapped[str] = mapped_column(
        ForeignKey("registry_territories.id", ondelete="CASCADE"), primary_key=True
    )
    structure: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    dpo: Mapped[str] = mapped_column(String(200), default="")
    retention_months: Mapped[int] = mapped_column(Integer, default=12)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class PatientNoteRow(Base):
    """A coordination's note on a patient's record: personal data (free text), deleted by the
    patient's erasure and by the retention purge (and with the patient's row)."""

    __tablename__ = "registry_patient_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("registry_patients.id", ondelete="CASCADE"), index=True
    )
    territory_id: Mapped[str] = mapped_column(
        ForeignKey("registry_territories.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_users.id", ondelete="SET NULL"), nullable=True
    )
    author_role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    text: Mapped[str] = mapped_column(String(2000))
