"""How a rota's shifts and doctors are named for people, in the reader's language.

A shift is named by its local date and what it is (``samedi 6 mars 2027, nuit 20:00 – 08:00``),
never by its code (``S1/2027-03-06/nuit``); a doctor by the name of the description, with the
identifier added only where two doctors of the rota share a name. The kind of a shift type
(night, evening, day, afternoon…) is derived from its hours, so that a page in German does not
show the French label the coordination wrote in the YAML (that label stays in the exports).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import time

from proxisante.i18n import N_, _, format_date, format_decimal, format_time
from proxisante.rota.model import RotaProblem, Shift, ShiftType

_NIGHT = N_("nuit")
_EVENING = N_("soirée")
_MORNING = N_("matinée")
_AFTERNOON = N_("après-midi")
_DAY = N_("journée")


def kind_label(t: ShiftType) -> str:
    """What a shift type is, from its hours: nuit, soirée, matinée, après-midi or journée."""
    if t.night:
        return _(_NIGHT)
    if t.start >= time(18, 0):
        return _(_EVENING)
    if time(0, 0) < t.end <= time(13, 0):
        return _(_MORNING)
    if t.start >= time(12, 0):
        return _(_AFTERNOON)
    return _(_DAY)


def hours_label(t: ShiftType) -> str:
    """``20:00 – 08:00`` in the reader's locale."""
    return f"{format_time(t.start)} – {format_time(t.end)}"


def type_label(t: ShiftType) -> str:
    """``nuit 20:00 – 08:00``."""
    return f"{kind_label(t)} {hours_label(t)}"


def shift_label(problem: RotaProblem, shift: Shift, fmt: str = "full") -> str:
    """``samedi 6 mars 2027, nuit 20:00 – 08:00`` (the date the shift starts, local time)."""
    day = format_date(shift.start.date(), fmt)
    return _("{day}, {kind}").format(day=day, kind=type_label(problem.shift_type(shift.type_code)))


def doctor_names(problem: RotaProblem) -> Mapping[str, str]:
    """Each doctor's name; ``name (id)`` for names that two doctors of the rota share."""
    counts = Counter(d.name.strip() for d in problem.doctors)
    return {
        d.id: d.name.strip() if counts[d.name.strip()] == 1 else f"{d.name.strip()} ({d.id})"
        for d in problem.doctors
    }


def sector_names(problem: RotaProblem) -> Mapping[str, str]:
    return {s.code: s.name for s in problem.sectors}


def format_load(value: float) -> str:
    """A weighted load or spread: ``4,5`` (fr), ``4.5`` (de_CH), ``4`` for a whole number,
    at most two decimals (a half-time doctor's load may be 3.25)."""
    rounded = round(value, 2)
    if float(rounded).is_integer():
        return format_decimal(rounded, 0)
    return format_decimal(rounded, 1 if round(rounded, 1) == rounded else 2)
