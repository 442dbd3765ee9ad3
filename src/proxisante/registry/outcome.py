"""What an attachment gives the patient: a médecin traitant, a follow-up by a team, or another
professional.

Only a doctor can be a médecin traitant. A patient of the médecin-traitant list (``generalist``)
taken by a non-doctor capacity — an IPA / Asalée nurse (``ipa_asalee``) following adults with a
chronic condition with the CPTS's doctors — is *followed by a team* ("suivi par une équipe"),
not "médecin traitant trouvé": the registry's key indicator counts doctors only, and reports
show both. A patient of another list (nursing, physiotherapy…) found *a professional*.
"""

from __future__ import annotations

import enum

from proxisante.i18n import N_, _
from proxisante.registry.entities import CareList

DOCTOR_PROFESSIONS: frozenset[str] = frozenset({"generalist", "team"})
"""Professions whose capacity gives a médecin traitant (a GP, or a team of GPs)."""


class Outcome(enum.StrEnum):
    DOCTOR_FOUND = "doctor_found"
    TEAM_FOLLOW_UP = "team_follow_up"
    PROFESSIONAL_FOUND = "professional_found"


LABELS: dict[str, str] = {
    Outcome.DOCTOR_FOUND.value: N_("médecin traitant trouvé"),
    Outcome.TEAM_FOLLOW_UP.value: N_("suivi par une équipe (pas un médecin traitant)"),
    Outcome.PROFESSIONAL_FOUND.value: N_("professionnel trouvé"),
}
"""French source texts (translated where shown, :func:`outcome_label`)."""


def attachment_outcome(care: str, profession: str | None) -> Outcome:
    """The outcome of an attachment of a patient of list ``care`` to a ``profession``.

    >>> attachment_outcome("generalist", "generalist").value
    'doctor_found'
    >>> attachment_outcome("generalist", "nurse").value
    'team_follow_up'
    >>> attachment_outcome("nursing", "nurse").value
    'professional_found'
    """
    if care != CareList.GENERALIST.value:
        return Outcome.PROFESSIONAL_FOUND
    if profession in DOCTOR_PROFESSIONS:
        return Outcome.DOCTOR_FOUND
    return Outcome.TEAM_FOLLOW_UP


def outcome_label(outcome: str) -> str:
    """The outcome in the current language."""
    return _(LABELS[outcome])
