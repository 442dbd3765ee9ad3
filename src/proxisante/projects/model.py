"""Typed values of a territorial health project: no I/O.

A *project* belongs to the registry territory (CPTS perimeter) of the team that carries it
(``territory_id``: who may manage it) and covers an *area*: any territory code the territory
package resolves (commune, EPCI, département…) or a set of communes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from proxisante.i18n import N_


class Kind(enum.StrEnum):
    MSP = "msp"
    CENTRE_SANTE = "centre-sante"
    CPTS = "cpts"
    MMG = "mmg"
    CONSULTATION_AVANCEE = "consultation-avancee"
    TELEMEDECINE = "telemedecine"
    STAGE_LOGEMENT = "stage-logement"
    PREVENTION = "prevention"
    COMMUNICATION = "communication"
    AUTRE = "autre"


KIND_LABELS = {
    Kind.MSP: N_("Maison de santé pluriprofessionnelle (MSP)"),
    Kind.CENTRE_SANTE: N_("Centre de santé"),
    Kind.CPTS: N_("CPTS"),
    Kind.MMG: N_("Maison médicale de garde"),
    Kind.CONSULTATION_AVANCEE: N_("Consultation avancée"),
    Kind.TELEMEDECINE: N_("Télémédecine"),
    Kind.STAGE_LOGEMENT: N_("Stage / logement des internes"),
    Kind.PREVENTION: N_("Prévention"),
    Kind.COMMUNICATION: N_("Communication"),
    Kind.AUTRE: N_("Autre"),
}


class Stage(enum.StrEnum):
    """Where the project stands, in the sources' words."""

    INITIATIVE = "initiative"
    PROJET = "projet"
    REALISATION = "realisation"


STAGE_LABELS = {
    Stage.INITIATIVE: N_("Initiative"),
    Stage.PROJET: N_("Projet"),
    Stage.REALISATION: N_("Réalisation"),
}


class Nature(enum.StrEnum):
    """The sources' grid: a building, a cooperation, or a cooperation in a network."""

    IMMOBILIER = "immobilier"
    COOPERATIF = "cooperatif"
    COOPERATIF_MAILLE = "cooperatif-maille"


NATURE_LABELS = {
    Nature.IMMOBILIER: N_("Immobilier"),
    Nature.COOPERATIF: N_("Coopératif"),
    Nature.COOPERATIF_MAILLE: N_("Coopératif et maillé"),
}


class Status(enum.StrEnum):
    EN_COURS = "en-cours"
    SUSPENDU = "suspendu"
    ABANDONNE = "abandonne"
    ACHEVE = "acheve"


STATUS_LABELS = {
    Status.EN_COURS: N_("En cours"),
    Status.SUSPENDU: N_("Suspendu"),
    Status.ABANDONNE: N_("Abandonné"),
    Status.ACHEVE: N_("Achevé"),
}


@dataclass(frozen=True)
class Area:
    """What the project covers: an area code of the bundle, or a set of communes."""

    code: str | None
    communes: tuple[str, ...]
    name: str

    @property
    def key(self) -> str:
        return self.code if self.code else "communes:" + ",".join(self.communes)


@dataclass(frozen=True)
class Milestone:
    title: str
    due: date
    owner: str = ""
    done: bool = False
    id: int | None = None


@dataclass(frozen=True)
class Funder:
    name: str
    amount_eur: int | None = None


@dataclass(frozen=True)
class Document:
    title: str
    url: str


@dataclass(frozen=True)
class ProjectDraft:
    """A validated project before it is stored (or the new content of an update)."""

    title: str
    kind: Kind
    area: Area
    lead: str
    stage: Stage
    nature: Nature
    start: date | None = None
    end: date | None = None
    partners: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    budget_eur: int | None = None
    funders: tuple[Funder, ...] = ()
    documents: tuple[Document, ...] = ()
    public: bool = False
    summary: str = ""


@dataclass(frozen=True)
class StatusChange:
    at: datetime
    stage: Stage
    status: Status
    user_id: int | None
    note: str = ""


@dataclass(frozen=True)
class Project:
    """A stored project."""

    id: int
    territory_id: str
    draft: ProjectDraft
    status: Status
    created_at: datetime
    updated_at: datetime
    history: tuple[StatusChange, ...] = ()
    comparables: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return self.draft.title

    @property
    def stage(self) -> Stage:
        return self.draft.stage


@dataclass(frozen=True)
class Figures:
    """Indicators of one area at one time. ``None``: not available for that area.

    ``waiting``: the registry's counted requests waiting at the end of the month before the
    snapshot, in the area's communes; as stored, an exact count; as published to readers other
    than the territory's coordination (:mod:`proxisante.projects.views`), ``"< 11"`` when the
    small-count rule hides it.
    """

    population: int
    apl_official: float | None
    apl_computed: float | None
    gp_liberal: int | None
    population_beyond_30_min: int | None
    waiting: int | str | None = None


@dataclass(frozen=True)
class AreaFigures:
    code: str
    name: str
    figures: Figures


@dataclass(frozen=True)
class Snapshot:
    """The indicators of a project's area (and of its comparable territories) for a month."""

    month: str  # YYYY-MM
    taken_at: datetime
    area: Figures
    comparables: tuple[AreaFigures, ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()
