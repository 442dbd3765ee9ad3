"""The threshold, the published mark of a hidden count, who sees exact counts, closed months."""

from __future__ import annotations

import enum
from datetime import datetime

THRESHOLD = 11  # a count from 1 to THRESHOLD − 1 is never published
SUPPRESSED = "< 11"  # what a hidden count reads in JSON and CSV (pages translate it)

Cell = int | str  # a published count: the number, or SUPPRESSED


class Audience(enum.StrEnum):
    """Who reads a figure.

    ``EXACT``: the coordination of the territory the figure belongs to, an administrator, the
    operator's command line: they have the list itself, so its counts hide nothing from them.
    ``PUBLISHED``: everyone else, logged in or not (analysts, elected officials, other
    territories, the public pages, exports): the small-count rule applies.
    """

    EXACT = "exact"
    PUBLISHED = "published"


EXACT_EVERYWHERE = frozenset({"admin", "cli", "system"})


def audience_of(role: str | None, *, own_territory: bool) -> Audience:
    """The audience of a reader with ``role`` (``None``: not logged in); ``own_territory``: the
    figure belongs to the reader's territory."""
    if role in EXACT_EVERYWHERE or (role == "coordinator" and own_territory):
        return Audience.EXACT
    return Audience.PUBLISHED


def is_small(count: int) -> bool:
    """A count that is never published as such: 1 to 10 (0 is published: no one to protect)."""
    return 0 < count < THRESHOLD


def shown(count: int) -> Cell:
    """A count on its own (primary suppression only): the number, or ``SUPPRESSED``."""
    return SUPPRESSED if is_small(count) else count


def closed_month_end(now: datetime) -> datetime:
    """The end of the last closed month (the first instant of ``now``'s month): published
    figures stop there, so that a registration never shows at once."""
    return datetime(now.year, now.month, 1)
