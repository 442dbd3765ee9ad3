"""How project figures read (pages, CLI): labels, numbers, hidden counts, in the current locale."""

from __future__ import annotations

from proxisante.disclosure import SUPPRESSED
from proxisante.i18n import N_, _, format_decimal
from proxisante.projects.model import Figures

FIGURE_LABELS: tuple[tuple[str, str], ...] = (
    ("population", N_("Population (INSEE)")),
    ("apl_official", N_("APL officielle 2023 (DREES)")),
    ("apl_computed", N_("APL calculée (ProxiSanté, temps estimés)")),
    ("gp_liberal", N_("Médecins généralistes libéraux (BPE)")),
    (
        "population_beyond_30_min",
        N_("Population à plus de 30 min d'un service d'urgence (SMUR et MCS non comptés)"),
    ),
    ("waiting", N_("Patients en attente d'un médecin traitant (registre du territoire)")),
)


def number(value: float | int | None, digits: int = 0) -> str:
    """In the current locale: ``24 282``, ``2,516`` in French; ``—`` when unknown."""
    if value is None:
        return "—"
    return format_decimal(value, digits)


def figure_text(figures: Figures, key: str) -> str:
    """A figure as shown; a count hidden by the small-count rule reads ``< 11``."""
    value = getattr(figures, key)
    if isinstance(value, str):
        return _("< 11") if value == SUPPRESSED else value
    if key.startswith("apl"):
        return number(value, 3)
    return number(value)


def change_text(value: float | None, key: str) -> str:
    if value is None:
        return "—"
    text = number(abs(value), 3 if key.startswith("apl") else 0)
    return ("+" if value > 0 else "−" if value < 0 else "") + text


def figure_labels() -> tuple[tuple[str, str], ...]:
    """The figure labels in the current language."""
    return tuple((key, _(label)) for key, label in FIGURE_LABELS)
