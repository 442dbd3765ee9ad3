"""The application's clock (naive UTC), and the demonstration's clock that can be moved on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path


def utc_now() -> datetime:
    """Naive UTC (stored as such in both databases)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def demo_clock(path: str | Path | None) -> Callable[[], datetime] | None:
    """The demo's clock: real time plus the number of seconds written in ``path``
    (``PROXISANTE_DEMO_CLOCK_FILE``, honoured with ``--demo`` only), so that a test or a
    demonstration can make days pass. None without a file: the real clock."""
    if path is None:
        return None
    file = Path(path)

    def now() -> datetime:
        try:
            offset = float(file.read_text(encoding="utf-8").strip() or 0)
        except (OSError, ValueError):
            offset = 0.0
        return utc_now() + timedelta(seconds=offset)

    return now
