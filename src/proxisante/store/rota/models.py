"""Tables of the published rotas (on the shared :class:`proxisante.store.base.Base`).

A rota keeps its YAML description (the problem: sectors, shift types, doctors, rules) and its
assignments; the shifts are generated again from the description. Doctors are identifiers of the
description, linked to a professional account when the coordination says so. No names are
stored outside the description the coordination published. Times are naive UTC.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from proxisante.store.base import Base


class RotaRow(Base):
    __tablename__ = "rota_rotas"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    territory_id: Mapped[str] = mapped_column(ForeignKey("registry_territories.id"), index=True)
    label: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(DateTime)
    published_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RotaAssignmentRow(Base):
    __tablename__ = "rota_assignments"
    rota_id: Mapped[int] = mapped_column(
        ForeignKey("rota_rotas.id", ondelete="CASCADE"), primary_key=True
    )
    shift_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    doctor_id: Mapped[str] = mapped_column(String(64), index=True)


class RotaDoctorRow(Base):
    __tablename__ = "rota_doctors"
    rota_id: Mapped[int] = mapped_column(
        ForeignKey("rota_rotas.id", ondelete="CASCADE"), primary_key=True
    )
    doctor_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    professional_id: Mapped[int | None] = mapped_column(
        ForeignKey("registry_professionals.id"), nullable=True, index=True
    )
    # SHA-256 of the secret calendar-feed token (the token itself is never stored)
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)


class RotaUnavailabilityRow(Base):
    __tablename__ = "rota_unavailabilities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rota_id: Mapped[int] = mapped_column(
        ForeignKey("rota_rotas.id", ondelete="CASCADE"), index=True
    )
    doctor_id: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    declared_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (CheckConstraint("end_date >= start_date", name="ordered"),)


class RotaSwapRow(Base):
    __tablename__ = "rota_swaps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    rota_id: Mapped[int] = mapped_column(
        ForeignKey("rota_rotas.id", ondelete="CASCADE"), index=True
    )
    shift_id: Mapped[str] = mapped_column(String(120))
    from_doctor: Mapped[str] = mapped_column(String(64))
    to_doctor: Mapped[str] = mapped_column(String(64))
    in_return: Mapped[str | None] = mapped_column(String(120), nullable=True)
    status: Mapped[str] = mapped_column(String(10))
    proposed_at: Mapped[datetime] = mapped_column(DateTime)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    __table_args__ = (
        CheckConstraint("status IN ('proposee', 'acceptee', 'refusee')", name="status"),
    )
