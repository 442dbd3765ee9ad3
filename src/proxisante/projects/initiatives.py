"""The projects of a territory as the diagnosis lists them ("Initiatives et pistes")."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from proxisante.diagnosis.model import Initiative
from proxisante.i18n import translate
from proxisante.projects.model import (
    KIND_LABELS,
    NATURE_LABELS,
    STAGE_LABELS,
    Nature,
    Project,
    Stage,
)

_STAGE_ORDER = {s: i for i, s in enumerate(Stage)}
_NATURE_ORDER = {n: i for i, n in enumerate(Nature)}


def initiatives(
    projects: Iterable[Project], communes: Sequence[str], lang: str
) -> tuple[Initiative, ...]:
    """Projects whose area meets ``communes``, by stage then nature, labels in ``lang``."""
    inside = set(communes)
    chosen = [p for p in projects if inside.intersection(p.draft.area.communes)]
    chosen.sort(key=lambda p: (_STAGE_ORDER[p.draft.stage], _NATURE_ORDER[p.draft.nature], p.title))
    return tuple(
        Initiative(
            title=p.title,
            kind=p.draft.kind.value,
            stage=p.draft.stage.value,
            nature=p.draft.nature.value,
            lead=p.draft.lead,
            kind_label=translate(KIND_LABELS[p.draft.kind], lang),
            stage_label=translate(STAGE_LABELS[p.draft.stage], lang),
            nature_label=translate(NATURE_LABELS[p.draft.nature], lang),
        )
        for p in chosen
    )
