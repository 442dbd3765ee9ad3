"""Saved scenarios of the analyst workbench."""

from proxisante.store.workbench.models import WorkbenchScenarioRow
from proxisante.store.workbench.repository import SqlScenarioStore, SqlWorkbenchAudit

__all__ = ["SqlScenarioStore", "SqlWorkbenchAudit", "WorkbenchScenarioRow"]
