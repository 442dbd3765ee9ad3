"""The diagnosis lists the territory's projects by stage, then nature, in its language."""

from __future__ import annotations

from datetime import datetime

from proxisante.projects.initiatives import initiatives
from proxisante.projects.model import (
    Area,
    Kind,
    Nature,
    Project,
    ProjectDraft,
    Stage,
    Status,
)

T0 = datetime(2026, 6, 1)


def project(
    pid: int, title: str, stage: Stage, nature: Nature, communes: tuple[str, ...]
) -> Project:
    draft = ProjectDraft(title, Kind.MSP, Area(None, communes, "x"), "Commune", stage, nature)
    return Project(pid, "t1", draft, Status.EN_COURS, T0, T0)


PROJECTS = [
    project(1, "Réalisée", Stage.REALISATION, Nature.IMMOBILIER, ("03310",)),
    project(2, "Maillage", Stage.INITIATIVE, Nature.COOPERATIF_MAILLE, ("03310", "03095")),
    project(3, "Bâtiment", Stage.INITIATIVE, Nature.IMMOBILIER, ("03095",)),
    project(4, "Ailleurs", Stage.PROJET, Nature.COOPERATIF, ("63113",)),
]


def test_projects_meeting_the_territory_by_stage_then_nature() -> None:
    got = initiatives(PROJECTS, ["03310", "03095", "03014"], "fr")
    assert [i.title for i in got] == ["Bâtiment", "Maillage", "Réalisée"]
    assert [(i.stage_label, i.nature_label) for i in got] == [
        ("Initiative", "Immobilier"),
        ("Initiative", "Coopératif et maillé"),
        ("Réalisation", "Immobilier"),
    ]
    assert got[0].kind_label == "Maison de santé pluriprofessionnelle (MSP)"


def test_labels_follow_the_report_language() -> None:
    got = initiatives(PROJECTS, ["03310"], "en")
    assert [i.stage_label for i in got] == ["Initiative", "Implementation"]
    assert got[1].nature_label == "Building"
    assert initiatives(PROJECTS, ["99999"], "de") == ()
