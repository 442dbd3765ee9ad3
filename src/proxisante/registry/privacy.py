"""A patient's data: which fields are personal, and the export document (right of access).

Erasure blanks :data:`PERSONAL_FIELDS` and keeps an anonymous tombstone (level, dates, commune)
so that published monthly counts do not change retroactively.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

PERSONAL_FIELDS: tuple[str, ...] = ("last_name", "first_name", "birth_date", "phone", "email")

EXPORT_FORMAT = "proxisante.patient-export/1"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def build_export(
    *,
    patient: Mapping[str, Any],
    proposals: Sequence[Mapping[str, Any]],
    audit: Sequence[Mapping[str, Any]],
) -> dict[str, object]:
    """One JSON-ready document with the request, its proposals and who accessed it."""
    return {
        "format": EXPORT_FORMAT,
        "patient": {k: _plain(v) for k, v in patient.items()},
        "proposals": [{k: _plain(v) for k, v in p.items()} for p in proposals],
        "access_log": [{k: _plain(v) for k, v in a.items()} for a in audit],
    }
