from __future__ import annotations

import pytest

from proxisante.i18n import use_lang
from proxisante.registry._errors import InvalidPolicyError
from proxisante.registry.entities import LostDoctorReason, Precarity, PriorityCriteria
from proxisante.registry.priority import (
    DEFAULT_POLICY,
    assess_priority,
    policy_from_mapping,
    reason_text,
    reasons_text,
)


@pytest.mark.parametrize(
    ("criteria", "level"),
    [
        (PriorityCriteria(age_years=30), "E"),
        (PriorityCriteria(age_years=30, pregnant=True), "A"),
        (PriorityCriteria(age_years=1), "A"),
        (PriorityCriteria(age_years=50, ald=True), "B"),
        (PriorityCriteria(age_years=70), "C"),
        (PriorityCriteria(age_years=69), "E"),
        (PriorityCriteria(age_years=40, disability=True), "C"),
        (PriorityCriteria(age_years=40, reduced_mobility=True), "C"),
        (PriorityCriteria(age_years=40, precarity=Precarity.AME), "D"),
        (PriorityCriteria(age_years=15), "D"),
        (PriorityCriteria(age_years=40, lost_doctor=LostDoctorReason.RETIREMENT), "D"),
        (PriorityCriteria(age_years=40, lost_doctor=LostDoctorReason.PATIENT_MOVED), "E"),
        (PriorityCriteria(age_years=80, ald=True, pregnant=False, disability=True), "B"),
    ],
)
def test_default_levels(criteria: PriorityCriteria, level: str) -> None:
    assert assess_priority(criteria).level == level


def test_most_urgent_rule_wins_and_every_reason_is_kept() -> None:
    result = assess_priority(
        PriorityCriteria(age_years=75, ald=True, precarity=Precarity.C2S), DEFAULT_POLICY
    )
    assert result.level == "B"
    assert result.reasons == ("ald", "age_at_least:70", "precarity")  # stable codes
    assert [reason_text(r) for r in result.reasons] == [
        "Affection de longue durée (ALD)",
        "70 ans ou plus",
        "Précarité (C2S ou AME)",
    ]


def test_no_criterion_gives_e_with_a_reason() -> None:
    assert assess_priority(PriorityCriteria(age_years=30)).reasons == ("none",)
    assert reason_text("none") == "Aucun critère de priorité déclaré"


@pytest.mark.parametrize(
    ("lang", "stored", "shown"),
    [
        ("fr", "age_under:2\nald", "Enfant de moins de 2 ans ; Affection de longue durée (ALD)"),
        ("de", "age_under:2\nald", "Kind unter 2 Jahren ; Langzeiterkrankung (ALD)"),
        ("en", "age_at_least:70\nnone", "70 years or older ; No priority criterion declared"),
        # rows stored in French by earlier versions are translated too
        (
            "de",
            "Enfant de moins de 16 ans\nMobilité réduite",
            "Kind unter 16 Jahren ; Eingeschränkte Mobilität",
        ),
        ("en", "Grossesse en cours", "Pregnancy"),
        # a territory's own reason text is shown as written
        ("de", "ALD prioritaire ici\nurgent", "ALD prioritaire ici ; urgent"),
    ],
)
def test_reasons_are_shown_in_the_language(lang: str, stored: str, shown: str) -> None:
    with use_lang(lang):
        assert reasons_text(stored) == shown


def test_policy_is_configurable() -> None:
    policy = policy_from_mapping(
        {
            "rules": [
                {"criterion": "ald", "level": "A", "reason": "ALD prioritaire ici"},
                {"criterion": "age_at_least", "value": 80, "level": "B"},
            ]
        }
    )
    assert assess_priority(PriorityCriteria(age_years=40, ald=True), policy).reasons == (
        "ALD prioritaire ici",
    )
    assert assess_priority(PriorityCriteria(age_years=85), policy).level == "B"
    assert assess_priority(PriorityCriteria(age_years=75), policy).level == "E"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "liste non vide sous 'rules'"),
        ({"rules": [{"criterion": "alcohol", "level": "A"}]}, "Critère de priorité inconnu"),
        ({"rules": [{"criterion": "ald", "level": "Z"}]}, "Niveau de priorité inconnu : 'Z'"),
        ({"rules": [{"criterion": "age_under", "level": "A"}]}, "demande un âge en années"),
        ({"rules": ["ald"]}, "demande 'criterion' et 'level'"),
    ],
)
def test_bad_policies_say_what_to_fix(data: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidPolicyError, match=message):
        policy_from_mapping(data)
