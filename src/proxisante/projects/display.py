"""How project figures read in French (pages, CLI): labels, numbers, small counts."""

from __future__ import annotations

from proxisante.projects.model import Figures

SMALL = 11  # the registry's disclosure threshold (registry.reporting.THRESHOLD)

FIGURE_LABELS: tuple[tuple[str, str], ...] = (
    ("population", "Population (INSEE)"),
    ("apl_official", "APL officielle 2023 (DREES)"),
    ("apl_computed", "APL calculée (ProxiSanté, temps estimés)"),
    ("gp_liberal", "Médecins généralistes libéraux (BPE)"),
    (
        "population_beyond_30_min",
        "Population à plus de 30 min d'un site hospitalier (indicateur approché des urgences)",
    ),
    ("waiting", "Patients en attente d'un médecin traitant (registre du territoire)"),
)


def fr_number(value: float | int | None, digits: int = 0) -> str:
    """``24 282``, ``2,516``; ``—`` when unknown."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}" if digits else f"{round(value):,d}"
    return text.replace(",", "\u202f").replace(".", ",")


def small_count(value: int | None) -> str:
    """A published count: 0 is printed, 1 to 10 is hidden as ``< 11``."""
    if value is None:
        return "—"
    return "< 11" if 0 < value < SMALL else fr_number(value)


def figure_text(figures: Figures, key: str, *, public: bool = False) -> str:
    value = getattr(figures, key)
    if key == "waiting" and public:
        return small_count(value)
    if key.startswith("apl"):
        return fr_number(value, 3)
    return fr_number(value)


def change_text(value: float | None, key: str) -> str:
    if value is None:
        return "—"
    text = fr_number(abs(value), 3 if key.startswith("apl") else 0)
    return ("+" if value > 0 else "−" if value < 0 else "") + text
