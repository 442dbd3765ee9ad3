"""The typed, immutable model of a *Diagnostic Santé Flash* (what every report reads).

:func:`to_jsonable` turns a :class:`Diagnostic` into the JSON document written as
``diagnostic-<code>.json`` (format ``proxisante-diagnostic/1``): the field names below are the
JSON keys, in the same order, except where a field says otherwise (``json`` metadata).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

Number = float | int | None
JsonValue = None | bool | int | float | str | list["JsonValue"] | dict[str, "JsonValue"]

FIGURE_NATURES = ("official", "computed", "estimate", "proxy")

K = TypeVar("K")
V = TypeVar("V")


def frozen_map(items: Mapping[K, V] | None = None) -> Mapping[K, V]:
    """A read-only copy of ``items`` (insertion order kept)."""
    return MappingProxyType(dict(items or {}))


@dataclass(frozen=True)
class Figure:
    """One figure: its value, its display string in the report's language, unit, source and
    nature (``official``, ``computed``, ``estimate``, ``proxy``)."""

    label: str
    value: Number
    display: str
    unit: str
    source: str
    nature: str
    nature_label: str


@dataclass(frozen=True)
class Meta:
    format: str
    lang: str
    title: str
    generated_on: str
    code: str
    name: str
    level: str
    country: str
    level_label: str
    code_label: str


@dataclass(frozen=True)
class Parameters:
    sous_dense_apl: float
    gp_far_minutes: float
    emergency_minutes: float
    retirement_age: int
    travel: str


@dataclass(frozen=True)
class Classification:
    klass: str = field(metadata={"json": "class"})
    label: str
    reasons: tuple[str, ...]
    rule: str
    # Why this territory has its class, in plain words: the deciding figures and thresholds.
    explanation: str = ""
    # The one-sentence verdict the document opens with (the territory page's words).
    verdict: str = ""


@dataclass(frozen=True)
class AreaValues:
    """The figures of an area in the comparison table."""

    population: Number
    gp: Number
    gp_per_10k: Number
    apl_2023: Number
    share_sous_dense: Number


@dataclass(frozen=True)
class AreaDisplay:
    population: str
    gp: str
    gp_per_10k: str
    apl_2023: str
    share_sous_dense: str


@dataclass(frozen=True)
class ComparisonRow:
    """The territory (``role`` territory), a neighbour or a reference area (département…)."""

    code: str
    name: str
    role: str
    values: AreaValues
    display: AreaDisplay


@dataclass(frozen=True)
class CommuneValues:
    population: Number
    gp: Number
    apl_2023: Number
    apl_computed: Number
    minutes_gp: Number
    minutes_hospital: Number


@dataclass(frozen=True)
class CommuneDisplay:
    population: str
    gp: str
    apl_2023: str
    apl_computed: str
    minutes_gp: str
    minutes_hospital: str


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    values: CommuneValues
    display: CommuneDisplay


@dataclass(frozen=True)
class Hospital:
    id: str
    name: str
    commune: str
    type: str | None


@dataclass(frozen=True)
class Structure:
    id: str
    type: str
    name: str
    commune: str


@dataclass(frozen=True)
class Imported:
    """Counts of the imported professionals by profession, and the imported structures."""

    professionals: Mapping[str, int] = field(default_factory=frozen_map)
    structures: tuple[Structure, ...] = ()


@dataclass(frozen=True)
class Contact:
    territory: str
    role: str
    name: str
    organisation: str
    email: str
    phone: str


@dataclass(frozen=True)
class Source:
    """One source of the bundle (its provenance entry); optional fields are left out of JSON."""

    id: str
    content: str
    publisher: str
    vintage: str
    licence: str
    packaged_by: str | None = None
    note: str | None = None

    @classmethod
    def from_provenance(cls, entry: Mapping[str, object]) -> Source:
        def text(key: str) -> str | None:
            v = entry.get(key)
            return None if v is None else str(v)

        return cls(
            id=text("id") or "",
            content=text("content") or "",
            publisher=text("publisher") or "",
            vintage=text("vintage") or "",
            licence=text("licence") or "",
            packaged_by=text("packaged_by"),
            note=text("note"),
        )


@dataclass(frozen=True)
class MapClass:
    """A class of a map legend: ``min <= value < max`` (None: unbounded)."""

    min: float | None
    max: float | None
    label: str


@dataclass(frozen=True)
class MapData:
    territory: tuple[str, ...]
    neighbours: tuple[str, ...]
    apl_classes: tuple[MapClass, ...]
    time_classes: tuple[MapClass, ...]


@dataclass(frozen=True)
class Texts:
    purpose: str
    needs: str
    footer: str
    # Official vs computed APL: which to read for what (empty where neither exists).
    apl_reading: str = ""


@dataclass(frozen=True)
class Initiative:
    """A real project of the territory (ProxiSanté's projects), with labels in the report's
    language; ``stage`` and ``nature`` are the codes the report groups by."""

    title: str
    kind: str
    stage: str
    nature: str
    lead: str
    kind_label: str
    stage_label: str
    nature_label: str


@dataclass(frozen=True)
class DepartementFigures:
    """Counts that exist per département only, shown with their level (``level``: département,
    région or country; ``codes``, ``name``): liberal GPs 2020 → 2024 (INSEE BPE) and professions
    per 10 000 inhabitants (BPE 2024, population estimate 2025); ``source_ids`` name entries of
    ``sources``."""

    level: str
    codes: tuple[str, ...]
    name: str
    gp_2020: int
    gp_2024: int
    gp_change_pct: float
    per_10000: Mapping[str, float]
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class KeyFigure:
    """A row of the synthesis: the territory, its neighbours (lowest – highest) and its first
    reference area (département, or district / region in Valais), as display strings."""

    key: str
    label: str
    territory: str
    neighbours: str
    reference: str


@dataclass(frozen=True)
class Synthesis:
    """What the first page shows: key figures against neighbours and the reference area, the GP
    trend of the département (empty outside France) and the main leads."""

    neighbours_label: str
    reference_label: str
    key_figures: tuple[KeyFigure, ...]
    own_figures: tuple[str, ...]  # keys of ``figures`` the territory alone has
    trend: str
    leads: tuple[str, ...]


@dataclass(frozen=True)
class ValaisValues:
    """Estimated figures of a Valais area or commune (see :mod:`proxisante.territory.valais`):
    primary-care FTE and FTE per 1,000 inhabitants, the accessibility indicator and the
    minutes to the nearest emergency department (communes only)."""

    population: Number
    fte: Number
    fte_per_1000: Number
    access: Number
    minutes_emergency: Number


@dataclass(frozen=True)
class ValaisDisplay:
    population: str
    fte: str
    fte_per_1000: str
    access: str
    minutes_emergency: str


@dataclass(frozen=True)
class ValaisRow:
    """An area of the comparison (``role`` territory, neighbour, reference) or a commune."""

    code: str
    name: str
    role: str
    values: ValaisValues
    display: ValaisDisplay


@dataclass(frozen=True)
class ValaisFigures:
    """What a Valais diagnosis shows in place of the French GP counts and APL."""

    comparison: tuple[ValaisRow, ...]
    communes: tuple[ValaisRow, ...]
    access_classes: tuple[MapClass, ...]


@dataclass(frozen=True)
class Diagnostic:
    """Everything a report of one territory shows (the single source of every number)."""

    meta: Meta
    parameters: Parameters
    section_titles: Mapping[str, str]
    figures: Mapping[str, Figure]
    sections: Mapping[str, tuple[str, ...]]
    classification: Classification
    comparison: tuple[ComparisonRow, ...]
    communes: tuple[CommuneRow, ...]
    hospitals: tuple[Hospital, ...]
    imported: Imported
    contacts: tuple[Contact, ...]
    notes: tuple[str, ...]
    sources: tuple[Source, ...]
    map: MapData
    leads: tuple[str, ...]
    texts: Texts
    synthesis: Synthesis
    # The territory's real projects; None (left out of the JSON) when no project database is read.
    initiatives: tuple[Initiative, ...] | None = field(default=None, metadata={"omit_none": True})
    # Département-level trend and densities (France only; None, left out, elsewhere).
    departement: DepartementFigures | None = field(default=None, metadata={"omit_none": True})
    # Valais: estimated supply and accessibility by area and commune (None, left out, in France).
    valais: ValaisFigures | None = field(default=None, metadata={"omit_none": True})

    def figure(self, key: str) -> Figure:
        return self.figures[key]

    def to_json(self) -> dict[str, JsonValue]:
        """The JSON document of the diagnosis (``proxisante-diagnostic/1``)."""
        out = to_jsonable(self)
        if not isinstance(out, dict):  # pragma: no cover - a dataclass gives a dict
            raise TypeError("a diagnosis serialises to a JSON object")
        return out


_OPTIONAL_OMITTED = (Source,)


def to_jsonable(obj: object) -> JsonValue:
    """Dataclasses → objects (keys from field names or ``json`` metadata), mappings → objects,
    tuples → arrays; ``None`` optional fields of :class:`Source` are left out."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, JsonValue] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            omitted = isinstance(obj, _OPTIONAL_OMITTED) or f.metadata.get("omit_none")
            if value is None and omitted:
                continue
            out[f.metadata.get("json", f.name)] = to_jsonable(value)
        return out
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, tuple | list):
        return [to_jsonable(v) for v in obj]
    if obj is None or isinstance(obj, bool | int | float | str):
        return obj
    raise TypeError(f"not serialisable in a diagnosis: {type(obj).__name__}")
