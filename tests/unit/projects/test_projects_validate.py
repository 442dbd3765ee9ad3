"""Validation of a project's input: every problem named in French, nothing half-accepted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from proxisante.errors import UnknownTerritoryError
from proxisante.projects.model import Area, Kind, Nature, Stage
from proxisante.projects.validate import (
    DocumentInput,
    FunderInput,
    MilestoneInput,
    ProjectInput,
    ProjectInputError,
    check_milestone,
    validate,
)


class Areas:
    """Two known codes, the rest unknown (the real resolver is tested in integration)."""

    def resolve(self, code: str, communes: Sequence[str]) -> Area:
        if code == "200071470":
            return Area(code, ("03014", "03019"), "CC Entr'Allier Besbre et Loire")
        if not code and communes:
            return Area(None, tuple(communes), f"{len(communes)} communes")
        raise UnknownTerritoryError(code)


GOOD = ProjectInput(
    title="  Maison de santé   de Dompierre ",
    kind="msp",
    territory="200071470",
    nature="immobilier",
    stage="projet",
    start="2027-01-01",
    end="2028-12-31",
    partners=("Commune de Dompierre", " "),
    milestones=(
        MilestoneInput("Étude de besoins", "2027-03-31", "CPTS"),
        MilestoneInput(),  # an empty form row is ignored
        MilestoneInput("Ouverture", "2028-12-31", "Commune"),
    ),
    budget_eur="1 200 000",
    funders=(FunderInput("ARS", "300000"), FunderInput()),
    documents=(DocumentInput("Étude", "https://example.org/etude.pdf"),),
    public=True,
)


def test_a_good_project_is_typed() -> None:
    d = validate(GOOD, Areas())
    assert d.title == "Maison de santé de Dompierre"
    assert d.kind is Kind.MSP and d.stage is Stage.PROJET and d.nature is Nature.IMMOBILIER
    assert d.area.communes == ("03014", "03019")
    assert [m.due for m in d.milestones] == [date(2027, 3, 31), date(2028, 12, 31)]
    assert d.budget_eur == 1_200_000 and d.funders[0].amount_eur == 300_000
    assert d.partners == ("Commune de Dompierre",) and d.public


def _problems(data: ProjectInput) -> str:
    with pytest.raises(ProjectInputError) as info:
        validate(data, Areas())
    return str(info.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"title": "   "}, "titre vide"),
        ({"territory": "99999999"}, "Code de territoire inconnu : '99999999'"),
        ({"territory": ""}, "territoire vide"),
        ({"kind": "hopital"}, "type de projet 'hopital' inconnu"),
        ({"nature": ""}, "nature '' inconnu"),
        ({"stage": "fini"}, "stade 'fini' inconnu"),
        ({"end": "31/12/2028"}, "fin '31/12/2028' n'est pas une date"),
        ({"end": "2026-01-01"}, "avant le début"),
        ({"budget_eur": "-5"}, "budget '-5' invalide"),
        ({"documents": (DocumentInput("x", "javascript:alert(1)"),)}, "lien de document"),
        (
            {"milestones": (MilestoneInput("Ouverture", "2029-06-30"),)},
            "échéance 2029-06-30 après la fin du projet (2028-12-31)",
        ),
        ({"milestones": (MilestoneInput("Ouverture", ""),)}, "échéance vide"),
    ],
)
def test_bad_input_is_refused_in_french(change: dict[str, object], expected: str) -> None:
    from dataclasses import replace

    message = _problems(replace(GOOD, **change))  # type: ignore[arg-type]
    assert message.startswith("Projet refusé : ")
    assert expected in message


def test_every_problem_is_listed_at_once() -> None:
    from dataclasses import replace

    bad = replace(
        GOOD,
        title="",
        territory="nowhere",
        milestones=(MilestoneInput("Tard", "2030-01-01"),),
    )
    with pytest.raises(ProjectInputError) as info:
        validate(bad, Areas())
    assert len(info.value.problems) == 3


def test_a_milestone_added_later_is_checked_against_the_end() -> None:
    assert check_milestone(MilestoneInput("Permis", "2027-06-01"), date(2027, 12, 31)).title
    with pytest.raises(ProjectInputError, match="après la fin du projet"):
        check_milestone(MilestoneInput("Permis", "2028-06-01"), date(2027, 12, 31))
    with pytest.raises(ProjectInputError, match="jalon vide"):
        check_milestone(MilestoneInput(), None)


def test_a_set_of_communes_is_an_area() -> None:
    from dataclasses import replace

    d = validate(replace(GOOD, territory="", communes=("03014", "03019")), Areas())
    assert d.area.code is None and d.area.key == "communes:03014,03019"
