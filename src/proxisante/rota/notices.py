"""E-mails of the rota's swaps (French source, in the language of the request that made them):
a swap proposed to a colleague, and its answer to the proposer.

A message goes to the ``email`` the description gives the doctor (no address: the page badge
only). It names the shifts and the doctors, nothing else; its event label (safe to log) is
``rota.swap.proposed`` / ``rota.swap.accepted`` / ``rota.swap.refused``.
"""

from __future__ import annotations

from proxisante.i18n import _
from proxisante.notify.model import Channel, Notification


def swap_proposed(
    email: str, *, proposer: str, shift: str, in_return: str | None, link: str
) -> Notification:
    if in_return is None:
        what = _("{proposer} vous propose de prendre sa garde du {shift}.").format(
            proposer=proposer, shift=shift
        )
    else:
        what = _(
            "{proposer} vous propose un échange : vous prenez sa garde du {shift}, "
            "il ou elle prend la vôtre du {back}."
        ).format(proposer=proposer, shift=shift, back=in_return)
    body = _(
        "Bonjour,\n\n{what}\n\nVoyez l'effet sur l'équité du secteur, puis acceptez ou refusez "
        "ici : {link}\n\n— ProxiSanté"
    ).format(what=what, link=link)
    subject = _("Échange de garde proposé par {proposer}").format(proposer=proposer)
    return Notification(Channel.EMAIL, email, subject, body, "rota.swap.proposed")


def swap_answered(
    email: str, *, colleague: str, shift: str, accepted: bool, link: str
) -> Notification:
    if accepted:
        subject = _("{colleague} accepte votre échange de garde").format(colleague=colleague)
        text = _(
            "{colleague} a accepté de prendre votre garde du {shift} : le tableau de garde est "
            "à jour."
        )
        event = "rota.swap.accepted"
    else:
        subject = _("{colleague} refuse votre échange de garde").format(colleague=colleague)
        text = _("{colleague} a refusé de prendre votre garde du {shift} : elle reste la vôtre.")
        event = "rota.swap.refused"
    body = _("Bonjour,\n\n{text}\n\nTableau de garde : {link}\n\n— ProxiSanté").format(
        text=text.format(colleague=colleague, shift=shift), link=link
    )
    return Notification(Channel.EMAIL, email, subject, body, event)
