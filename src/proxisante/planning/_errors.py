"""Errors of the planning core, all fixable by the user (exit code 2)."""

from __future__ import annotations

from proxisante.errors import UserError


class PlanningInputError(UserError):
    """An instance, scenario or option that cannot be used as given."""
