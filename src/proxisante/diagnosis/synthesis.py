"""The synthesis a diagnosis opens with: the class, key figures against the neighbours and the
reference area, access times, the GP trend of the département and the main leads."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from proxisante.diagnosis.departement import level_phrase
from proxisante.diagnosis.model import (
    ComparisonRow,
    DepartementFigures,
    Figure,
    KeyFigure,
    Number,
    Synthesis,
)
from proxisante.i18n import _

# Figures compared with the neighbours and the reference area (fields of AreaValues).
COMPARED = ("population", "gp_per_10k", "apl_2023", "share_sous_dense")
# Figures of the territory alone (times: estimates and proxies, labelled as such).
OWN = ("density", "share_65_plus", "minutes_gp_mean", "pop_far_gp", "share_beyond_30_hospital")
MAIN_LEADS = 3


def _neighbour_range(rows: Sequence[ComparisonRow], key: str) -> str:
    """``lowest – highest`` display of ``key`` among the neighbours (— when none is known)."""

    def value(r: ComparisonRow) -> Number:
        v: Number = getattr(r.values, key)
        return v

    known = [r for r in rows if value(r) is not None]
    if not known:
        return "—"
    by: Callable[[ComparisonRow], float] = lambda r: float(value(r) or 0.0)  # noqa: E731
    low, high = min(known, key=by), max(known, key=by)
    low_text: str = getattr(low.display, key)
    high_text: str = getattr(high.display, key)
    return low_text if low_text == high_text else f"{low_text} – {high_text}"


def synthesis(
    figures: Mapping[str, Figure],
    comparison: Sequence[ComparisonRow],
    leads: Sequence[str],
    departement: DepartementFigures | None,
    reference_level: Callable[[str], str],
) -> Synthesis:
    """The synthesis in the current language; ``reference_level`` gives the level label of a
    reference area code (``dep:03`` → ``département``). Figures the territory has no value
    for (no official APL in Valais…) are left out."""
    own = next(r for r in comparison if r.role == "territory")
    neighbours = [r for r in comparison if r.role == "neighbour"]
    reference = next((r for r in comparison if r.role == "reference"), None)
    rows = []
    for key in COMPARED:
        if getattr(own.values, key) is None:  # no data for the territory: nothing to compare
            continue
        label = figures[key].label if key in figures else key
        rows.append(
            KeyFigure(
                key=key,
                label=label,
                territory=getattr(own.display, key),
                neighbours=_neighbour_range(neighbours, key),
                reference=getattr(reference.display, key) if reference else "—",
            )
        )
    ref_label = f"{reference.name} ({reference_level(reference.code)})" if reference else "—"
    return Synthesis(
        neighbours_label=_("Voisins ({n}) : du plus bas au plus haut").format(n=len(neighbours)),
        reference_label=ref_label,
        key_figures=tuple(rows),
        own_figures=tuple(k for k in OWN if k in figures and figures[k].value is not None),
        trend=_trend(figures, departement),
        leads=tuple(leads[:MAIN_LEADS]),
    )


def _trend(figures: Mapping[str, Figure], departement: DepartementFigures | None) -> str:
    g20, g24, change = (figures.get(k) for k in ("dep_gp_2020", "dep_gp_2024", "dep_gp_change"))
    if departement is None or g20 is None or g24 is None or change is None:
        return ""
    return _(
        "Généralistes libéraux ({level}) : {a} en 2020, {b} en 2024 ({c}) — INSEE BPE, même "
        "équipement."
    ).format(
        level=level_phrase(departement.level, departement.name),
        a=g20.display,
        b=g24.display,
        c=change.display,
    )
