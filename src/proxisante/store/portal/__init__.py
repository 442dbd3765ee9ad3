"""Persistence of the installation portal's managed content."""

from proxisante.store.portal.models import PortalItemRow
from proxisante.store.portal.repository import SqlPortalAudit, SqlPortalRepository

__all__ = ["PortalItemRow", "SqlPortalAudit", "SqlPortalRepository"]
