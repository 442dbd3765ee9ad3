"""A rota description written from a form (or the demo) rather than a YAML file.

The coordination fills in a period, the sectors with their communes, the doctors and the
kinds of shift they staff; :func:`description_yaml` writes the YAML description that
``proxisante rota solve`` reads, so that a rota published from the form is stored, checked and
solved exactly as one published from a file (one path). The standard shift kinds are those of
the PDSA in France (``examples/rota-allier.yaml``): nights 20:00–08:00 (weight 2), Saturday
afternoons 12:00–20:00 (weight 1), Sundays, holidays and bridge days 08:00–20:00 (weight 1.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import yaml

from proxisante.i18n import _
from proxisante.rota._errors import RotaInputError

#: The shift kinds a form offers: code → the YAML entry (labels stay French in the file:
#: the pages name a shift from its hours, see :mod:`proxisante.rota.labels`).
STANDARD_SHIFT_TYPES: dict[str, dict[str, object]] = {
    "nuit": {
        "code": "nuit",
        "label": "Nuit (20 h – 8 h)",
        "start": "20:00",
        "end": "08:00",
        "weight": 2,
        "night": True,
        "days": ["weekday", "saturday", "sunday", "holiday", "bridge"],
    },
    "samedi": {
        "code": "samedi",
        "label": "Samedi après-midi (12 h – 20 h)",
        "start": "12:00",
        "end": "20:00",
        "weight": 1,
        "days": ["saturday"],
    },
    "jour": {
        "code": "jour",
        "label": "Dimanche, férié ou pont (8 h – 20 h)",
        "start": "08:00",
        "end": "20:00",
        "weight": 1.5,
        "days": ["sunday", "holiday", "bridge"],
    },
}


@dataclass(frozen=True)
class SectorDraft:
    code: str
    name: str
    communes: tuple[str, ...]


@dataclass(frozen=True)
class DoctorDraft:
    id: str
    name: str
    sector: str
    email: str | None = None


@dataclass(frozen=True)
class RotaDraft:
    """What the form gives: a period, the sectors, the doctors and the shift kinds."""

    start: date
    end: date
    sectors: tuple[SectorDraft, ...]
    doctors: tuple[DoctorDraft, ...]
    shift_types: tuple[str, ...] = ("nuit", "samedi", "jour")
    country: str = "FR"
    min_gap_hours: float = 12
    rest_after_night_hours: float = 24
    comment: str = field(default="")


def description_yaml(draft: RotaDraft) -> str:
    """The YAML description of ``draft`` (validated again when it is published)."""
    unknown = [c for c in draft.shift_types if c not in STANDARD_SHIFT_TYPES]
    if unknown or not draft.shift_types:
        raise RotaInputError(
            _("types de garde"),
            [
                _("choisissez au moins un type parmi {known} (reçu : {got})").format(
                    known=", ".join(STANDARD_SHIFT_TYPES), got=", ".join(unknown) or "—"
                )
            ],
        )
    data = {
        "period": {"start": draft.start, "end": draft.end},
        "country": draft.country,
        "rules": {
            "min_gap_hours": draft.min_gap_hours,
            "rest_after_night_hours": draft.rest_after_night_hours,
        },
        "shift_types": [STANDARD_SHIFT_TYPES[c] for c in draft.shift_types],
        "sectors": [
            # A rota file writes a Swiss commune by its OFS number (6297), not the code of the
            # territory model (ch:6297).
            {
                "code": s.code,
                "name": s.name,
                "communes": [c.removeprefix("ch:") for c in s.communes],
            }
            for s in draft.sectors
        ],
        "doctors": [_doctor(d) for d in draft.doctors],
    }
    head = "".join(f"# {line}\n" for line in draft.comment.splitlines())
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return head + text


class _Dumper(yaml.SafeDumper):
    """Quotes every text that starts with a digit (times "20:00", commune codes "03008"), as
    the description's reader asks."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "'" if value[:1].isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def _doctor(d: DoctorDraft) -> dict[str, object]:
    out: dict[str, object] = {"id": d.id, "name": d.name, "sector": d.sector}
    if d.email:
        out["email"] = d.email
    return out


def doctor_ids(names: Sequence[str], prefix: str = "D") -> list[str]:
    """Identifiers for doctors picked in a form: ``D1``, ``D2``…"""
    return [f"{prefix}{i}" for i in range(1, len(names) + 1)]
