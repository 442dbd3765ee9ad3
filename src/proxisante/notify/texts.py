"""Texts of the registry's notifications to a patient (French source, translated by ``_()``).

A text names no diagnosis and no criterion: only that a proposal exists, was accepted or has
expired, and where to follow the request.
"""

from __future__ import annotations

from datetime import datetime

from proxisante.i18n import _, format_date
from proxisante.notify.model import Channel, Notification

FOLLOW = "/inscription/suivi"


def _contact(email: str | None, phone: str | None) -> tuple[Channel, str] | None:
    if email:
        return Channel.EMAIL, email
    if phone:
        return Channel.SMS, phone
    return None


def proposal_made(
    patient_id: int, email: str | None, phone: str | None, deadline: datetime
) -> Notification | None:
    to = _contact(email, phone)
    if to is None:
        return None
    body = _(
        "Bonjour,\n\nVotre demande de médecin traitant a été proposée à un professionnel de "
        "santé de votre territoire. Il a jusqu'au {deadline} pour répondre ; sans réponse, elle "
        "passera d'elle-même à un autre professionnel.\n\nSuivre votre demande (code de suivi et "
        "date de naissance) : {url}\n\n— ProxiSanté"
    ).format(deadline=format_date(deadline.date()), url=FOLLOW)
    return Notification(
        to[0], to[1], _("Une proposition de médecin traitant est en cours"), body,
        "proposal.made", patient_id,
    )  # fmt: skip


def proposal_accepted(
    patient_id: int, email: str | None, phone: str | None, professional: str
) -> Notification | None:
    to = _contact(email, phone)
    if to is None:
        return None
    body = _(
        "Bonjour,\n\nBonne nouvelle : {professional} accepte de devenir votre médecin traitant. "
        "Son cabinet vous contactera pour un premier rendez-vous ; vous pourrez alors le déclarer "
        "comme médecin traitant auprès de l'Assurance maladie.\n\n— ProxiSanté"
    ).format(professional=professional)
    return Notification(
        to[0], to[1], _("Médecin traitant trouvé"), body, "proposal.accepted", patient_id
    )


def proposal_expired(
    patient_id: int, email: str | None, phone: str | None, passed_on: bool
) -> Notification | None:
    to = _contact(email, phone)
    if to is None:
        return None
    if passed_on:
        text = _(
            "Bonjour,\n\nLe professionnel à qui votre demande avait été proposée n'a pas répondu "
            "à temps : elle a été proposée à un autre professionnel de votre territoire.\n\n"
            "— ProxiSanté"
        )
    else:
        text = _(
            "Bonjour,\n\nLe professionnel à qui votre demande avait été proposée n'a pas répondu "
            "à temps : votre demande reste en attente, à son rang de priorité, jusqu'à ce qu'une "
            "place se libère.\n\n— ProxiSanté"
        )
    return Notification(
        to[0], to[1], _("Votre demande de médecin traitant continue"), text,
        "proposal.expired", patient_id,
    )  # fmt: skip
