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
    patient_id: int,
    email: str | None,
    phone: str | None,
    professional: str,
    outcome: str = "doctor_found",
) -> Notification | None:
    """The patient's message when ``professional`` accepts; ``outcome`` (registry.outcome):
    ``doctor_found`` (a médecin traitant), ``team_follow_up`` (an IPA / Asalée nurse with the
    CPTS's doctors: not a médecin traitant) or ``professional_found`` (another list)."""
    to = _contact(email, phone)
    if to is None:
        return None
    if outcome == "team_follow_up":
        body = _(
            "Bonjour,\n\n{professional} accepte de vous suivre, en lien avec les médecins de "
            "votre territoire (infirmier ou infirmière en pratique avancée ou Asalée). Ce suivi "
            "par une équipe n'est pas celui d'un médecin traitant.\n\n— ProxiSanté"
        ).format(professional=professional)
        return Notification(
            to[0], to[1], _("Suivi par une équipe de soins"), body, "proposal.accepted",
            patient_id,
        )  # fmt: skip
    if outcome == "professional_found":
        body = _(
            "Bonjour,\n\nBonne nouvelle : {professional} accepte de vous prendre en charge. Son "
            "cabinet vous contactera pour un premier rendez-vous.\n\n— ProxiSanté"
        ).format(professional=professional)
        return Notification(
            to[0], to[1], _("Professionnel de santé trouvé"), body, "proposal.accepted",
            patient_id,
        )  # fmt: skip
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


def tracking_code(
    patient_id: int, channel: Channel, recipient: str, code: str, *, recovered: bool
) -> Notification:
    """The tracking code of a self-registered request, sent to the contact the request gives
    (at registration, and again, a new code, when someone asks for it on the recovery page)."""
    if recovered:
        what = _(
            "Un nouveau code de suivi a été demandé pour votre demande de médecin traitant ; "
            "l'ancien ne fonctionne plus. Si vous n'êtes pas à l'origine de cette demande, "
            "ignorez ce message : seul ce contact reçoit le code."
        )
    else:
        what = _("Votre demande de médecin traitant est enregistrée.")
    if channel is Channel.SMS:
        body = _(
            "ProxiSanté : code de suivi {code}. Suivre la demande (code et date de naissance) : "
            "{url}"
        ).format(code=code, url=FOLLOW)
    else:
        body = _(
            "Bonjour,\n\n{what}\n\nVotre code de suivi : {code}\n\nAvec votre date de "
            "naissance, il permet de suivre votre demande : {url}\n\nGardez ce message.\n\n"
            "— ProxiSanté"
        ).format(what=what, code=code, url=FOLLOW)
    event = "registration.code_resent" if recovered else "registration.code_sent"
    return Notification(
        channel, recipient, _("Votre code de suivi ProxiSanté"), body, event, patient_id
    )
