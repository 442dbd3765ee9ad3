"""Tables of the projects (on the shared :class:`proxisante.store.base.Base`).

No personal data of patients here: a project names its lead, partners and owners of milestones
(organisations or people acting in a public role), never a patient.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from proxisante.store.base import Base


class ProjectRow(Base):
    __tablename__ = "projects_projects"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    territory_id: Mapped[str] = mapped_column(ForeignKey("registry_territories.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    area_name: Mapped[str] = mapped_column(String(200))
    communes: Mapped[str] = mapped_column(Text)  # INSEE codes, comma-separated
    lead: Mapped[str] = mapped_column(String(200), default="")
    stage: Mapped[str] = mapped_column(String(20))
    nature: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    partners: Mapped[list[Any]] = mapped_column(JSON, default=list)
    budget_eur: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    funders: Mapped[list[Any]] = mapped_column(JSON, default=list)
    documents: Mapped[list[Any]] = mapped_column(JSON, default=list)
    comparables: Mapped[list[Any]] = mapped_column(JSON, default=list)
    public: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class MilestoneRow(Base):
    __tablename__ = "projects_milestones"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects_projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    due: Mapped[date] = mapped_column(Date)
    owner: Mapped[str] = mapped_column(String(200), default="")
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class StatusChangeRow(Base):
    __tablename__ = "projects_status_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects_projects.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime)
    stage: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")


class SnapshotRow(Base):
    __tablename__ = "projects_snapshots"
    __table_args__ = (UniqueConstraint("project_id", "month"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects_projects.id", ondelete="CASCADE"), index=True
    )
    month: Mapped[str] = mapped_column(String(7))
    taken_at: Mapped[datetime] = mapped_column(DateTime)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)
