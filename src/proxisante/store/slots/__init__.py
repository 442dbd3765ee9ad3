"""Persistence of the unscheduled-care slots: the tables (:mod:`.models`) and the repository
and audit log the slot service works with (:mod:`.repository`)."""

from proxisante.store.slots.models import SlotRow, SlotScheduleRow
from proxisante.store.slots.repository import SqlSlotAudit, SqlSlotRepository

__all__ = ["SlotRow", "SlotScheduleRow", "SqlSlotAudit", "SqlSlotRepository"]
