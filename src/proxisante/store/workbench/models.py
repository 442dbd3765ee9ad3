"""The workbench's table: one saved scenario per row, owned by one user, on one area.

No personal data: the changes name communes and amounts (GPs, FTE, half-days), the result holds
the area's figures; the owner is an account id.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from proxisante.store.base import Base


class WorkbenchScenarioRow(Base):
    __tablename__ = "workbench_scenarios"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("registry_users.id", ondelete="CASCADE"), index=True
    )
    territory: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(200))
    changes: Mapped[str] = mapped_column(Text)  # JSON list of changes
    result: Mapped[str] = mapped_column(Text)  # JSON of the area's figures
    created_at: Mapped[datetime] = mapped_column(DateTime)
