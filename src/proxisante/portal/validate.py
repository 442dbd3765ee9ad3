"""Checks of the managed content (required fields, dates, URLs), with French messages."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from urllib.parse import urlparse

from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.portal.model import ItemDraft, ItemKind

MAX_TITLE = 200
MAX_BODY = 4000
NEEDS_URL = (ItemKind.AID, ItemKind.PROCEDURE)
NEEDS_DATE = (ItemKind.AID, ItemKind.PROCEDURE, ItemKind.HOUSING)


class PortalInputError(UserError):
    """Managed content that does not pass the checks (HTTP 400): every problem listed."""


def _url_ok(url: str) -> bool:
    parts = urlparse(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def problems(draft: ItemDraft, communes: Collection[str], today: date) -> list[str]:
    """Every problem of ``draft`` (empty when it can be stored)."""
    out: list[str] = []
    if not draft.title.strip():
        out.append(_("titre : obligatoire"))
    elif len(draft.title) > MAX_TITLE:
        out.append(_("titre : {n} caractères au plus").format(n=MAX_TITLE))
    if len(draft.body) > MAX_BODY:
        out.append(_("texte : {n} caractères au plus").format(n=MAX_BODY))
    if draft.commune not in communes:
        out.append(
            _("commune {code} : inconnue (attendu un code INSEE, p. ex. 03190, ou ch:6266)").format(
                code=repr(draft.commune[:20])
            )
        )
    if draft.url and not _url_ok(draft.url):
        out.append(
            _("lien {url} : attendu une adresse http:// ou https://").format(
                url=repr(draft.url[:80])
            )
        )
    if draft.kind in NEEDS_URL and not draft.url:
        out.append(_("lien : obligatoire pour une aide ou une démarche (la source officielle)"))
    if draft.kind in NEEDS_DATE:
        if draft.valid_until is None:
            out.append(_("date de validité : obligatoire (AAAA-MM-JJ)"))
        elif draft.valid_until < today:
            out.append(
                _("date de validité {d} : déjà passée (attendu aujourd'hui ou plus tard)").format(
                    d=draft.valid_until.isoformat()
                )
            )
    if draft.kind is ItemKind.CONTACT and not draft.contact.strip():
        out.append(_("contact : obligatoire (nom, fonction, téléphone ou courriel professionnels)"))
    if draft.kind is ItemKind.INTERNSHIP:
        if draft.places is None or draft.places < 1:
            out.append(_("places : attendu un nombre entier d'au moins 1"))
        if not draft.supervisor.strip():
            out.append(_("maître de stage : obligatoire"))
    return out


def check(draft: ItemDraft, communes: Collection[str], today: date) -> None:
    """Raise :class:`PortalInputError` listing every problem of ``draft``."""
    found = problems(draft, communes, today)
    if found:
        raise PortalInputError(_("Contenu refusé : {problems}.").format(problems=" ; ".join(found)))
