"""The letter that goes with a patient's export (right of access): what is held, the proposals,
the coordination's notes, who accessed the record, the rights and where to complain — HTML,
then PDF by WeasyPrint.

Written in the current language (the request's, or ``--lang`` in the CLI); the notice's
sections come from :mod:`proxisante.registry.notice`, as on the public page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from jinja2 import Environment, PackageLoader, select_autoescape

from proxisante import i18n
from proxisante.i18n import N_, _
from proxisante.registry.notice import complaint_lines, retention_lines, rights_lines
from proxisante.registry.priority import reasons_text
from proxisante.registry.privacy import FIELD_LABELS, PatientExport

_ENV = Environment(
    loader=PackageLoader("proxisante.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
_ENV.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
)

# What each audited action means to the person (codes not listed are shown as they are).
ACTION_LABELS: Mapping[str, str] = {
    "patient.create": N_("inscription"),
    "patient.read": N_("consultation de la fiche"),
    "patient.list": N_("affichage dans la liste territoriale"),
    "patient.proposal_read": N_("lecture par le professionnel sollicité"),
    "patient.status_read": N_("consultation du suivi avec le code"),
    "patient.export": N_("copie des données"),
    "patient.correct": N_("correction"),
    "patient.withdraw": N_("retrait de la demande"),
    "patient.note": N_("note ajoutée par la coordination"),
    "patient.notes_read": N_("lecture des notes de la coordination"),
    "proposal.accept": N_("proposition acceptée"),
    "proposal.decline": N_("proposition refusée"),
    "proposal.expire": N_("proposition échue"),
    "proposal.withdraw": N_("proposition retirée"),
}
ROLE_LABELS: Mapping[str, str] = {
    "coordinator": N_("coordination"),
    "professional": N_("professionnel de santé"),
    "helper": N_("aidant"),
    "admin": N_("administrateur"),
    "public": N_("la personne elle-même (formulaire public)"),
    "system": N_("traitement automatique"),
    "cli": N_("ligne de commande (coordination)"),
}


@dataclass(frozen=True)
class Line:
    label: str
    value: str


def _value(name: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, datetime):
        return i18n.format_date(value.date())
    if isinstance(value, date):
        return i18n.format_date(value)
    if name == "priority_reasons":
        return reasons_text(str(value))
    return str(value)


def letter_html(export: PatientExport, today: date) -> str:
    """The letter in the current language, as HTML."""
    patient = export.patient
    lines = [Line(_(FIELD_LABELS.get(k, k)), _value(k, v)) for k, v in patient.items()]
    proposals = [
        {
            "date": i18n.format_date(p.created_at.date()),
            "professional": p.professional,
            "status": p.status,
            "travel": i18n.format_decimal(p.travel_time_min, 0),
        }
        for p in export.proposals
    ]
    access = [
        {
            "date": i18n.format_date(a.at.date()),
            "who": _(ROLE_LABELS[a.role or ""]) if a.role in ROLE_LABELS else (a.role or "—"),
            "what": _(ACTION_LABELS[a.action]) if a.action in ACTION_LABELS else a.action,
        }
        for a in export.access_log
    ]
    notes = [
        {
            "date": i18n.format_date(n.created_at.date()),
            "who": _(ROLE_LABELS[n.author_role or ""])
            if n.author_role in ROLE_LABELS
            else (n.author_role or "—"),
            "text": n.text,
        }
        for n in export.notes
    ]
    c = export.controller
    return _ENV.get_template("patient_letter.html.j2").render(
        lang=i18n.get_lang(),
        controller=c,
        today=i18n.format_date(today),
        patient_id=patient.get("id"),
        lines=lines,
        proposals=proposals,
        access=access,
        notes=notes,
        retention=retention_lines(c),
        rights=rights_lines(c, export.country),
        complaint=complaint_lines(export.country),
    )


def letter_pdf(export: PatientExport, today: date) -> bytes:
    """The letter as a PDF document."""
    from proxisante.reports.pdf import pdf_bytes

    return pdf_bytes(letter_html(export, today))
