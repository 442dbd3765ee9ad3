"""The small-count rule, written once for every figure that counts patients.

A count of patients from 1 to 10 is never published; neither is any cell or set of communes from
which such a count could be recovered by arithmetic on what is published (a total minus the
visible parts, one month's stock minus the last, one perimeter minus an overlapping one). Who sees
exact figures (:class:`Audience`), how linked cells are hidden (:mod:`.tables`) and how
overlapping perimeters are checked (:mod:`.perimeters`) are documented in
``docs/explanation/security.md`` ("Small counts").

This package is a core package of its own, imported by ``registry`` and ``projects`` alike, so
that neither imports the other.
"""

from __future__ import annotations

from proxisante.disclosure.rule import (
    SUPPRESSED,
    THRESHOLD,
    Audience,
    Cell,
    audience_of,
    closed_month_end,
    is_small,
    shown,
)

__all__ = [
    "SUPPRESSED",
    "THRESHOLD",
    "Audience",
    "Cell",
    "audience_of",
    "closed_month_end",
    "is_small",
    "shown",
]
