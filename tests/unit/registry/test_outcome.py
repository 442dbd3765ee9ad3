"""Only a doctor's capacity finds a médecin traitant (issue 22): an IPA / Asalée nurse gives a
follow-up by a team, another list another professional."""

from __future__ import annotations

import pytest

from proxisante.i18n import use_lang
from proxisante.registry.entities import PROFESSIONS, CareList
from proxisante.registry.outcome import (
    DOCTOR_PROFESSIONS,
    Outcome,
    attachment_outcome,
    outcome_label,
)


@pytest.mark.parametrize("profession", PROFESSIONS)
def test_the_generalist_list_finds_a_medecin_traitant_only_with_a_doctor(profession):
    outcome = attachment_outcome(CareList.GENERALIST.value, profession)
    doctor = profession in DOCTOR_PROFESSIONS
    assert outcome == (Outcome.DOCTOR_FOUND if doctor else Outcome.TEAM_FOLLOW_UP)


def test_an_unknown_professional_is_never_counted_as_a_doctor():
    assert attachment_outcome("generalist", None) == Outcome.TEAM_FOLLOW_UP


@pytest.mark.parametrize("care", [c.value for c in CareList if c != CareList.GENERALIST])
def test_other_lists_find_a_professional(care):
    assert attachment_outcome(care, "nurse") == Outcome.PROFESSIONAL_FOUND


def test_labels_say_a_team_is_not_a_medecin_traitant():
    assert outcome_label("team_follow_up") == "suivi par une équipe (pas un médecin traitant)"
    assert outcome_label("doctor_found") == "médecin traitant trouvé"
    with use_lang("de"):
        assert "Hausarzt" in outcome_label("doctor_found")
