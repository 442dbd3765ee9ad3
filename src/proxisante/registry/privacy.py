"""A patient's data and the rights over it: which fields are personal, the controller of each
territory's processing, the export document (right of access), corrections, retention.

Values only; the use cases are in :mod:`proxisante.registry.rights`.

Erasure blanks :data:`PERSONAL_FIELDS`, resets the health criteria (:data:`RESET_CRITERIA`),
deletes the coordination's notes (:mod:`proxisante.registry.notes`) and keeps an anonymous
tombstone (level, day of registration, attachment and leaving, commune) so that published
monthly counts do not change retroactively.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from proxisante.i18n import N_, _
from proxisante.registry._errors import RegistryError
from proxisante.registry.contact import (
    check_birth_date,
    check_email,
    check_language,
    check_phone,
)
from proxisante.registry.entities import LostDoctorReason, PatientStatus, Precarity
from proxisante.registry.notes import PatientNote

PERSONAL_FIELDS: tuple[str, ...] = ("last_name", "first_name", "birth_date", "phone", "email")
# Health and social criteria, reset to these values by erasure and purge.
RESET_CRITERIA: Mapping[str, object] = {
    "ald": False,
    "pregnant": False,
    "precarity": Precarity.NONE.value,
    "lost_doctor": LostDoctorReason.NONE.value,
    "disability": False,
    "reduced_mobility": False,
    "language": None,
}

EXPORT_FORMAT = "proxisante.patient-export/1"
# What the export says of each note (the author's username is the staff's, not the person's).
NOTE_EXPORTED = ("id", "created_at", "author_id", "author_role", "text")
DEFAULT_RETENTION_MONTHS = 12
MAX_RETENTION_MONTHS = 120
# Statuses whose request is over: kept ``retention_months`` after attachment or withdrawal.
CLOSED_STATUSES = (PatientStatus.ATTACHED.value, PatientStatus.WITHDRAWN.value)

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class PrivacyError(RegistryError):
    """A value of a correction or of the controller's settings that cannot be stored."""


# ---------------------------------------------------------------- the controller


@dataclass(frozen=True)
class Controller:
    """Who is responsible for a territory's processing (the structure: CPTS, association,
    cantonal body), as its coordinator set it; the defaults name the territory."""

    territory_id: str
    structure: str
    address: str = ""
    email: str = ""
    phone: str = ""
    dpo: str = ""  # data protection officer (délégué à la protection des données), if any
    retention_months: int = DEFAULT_RETENTION_MONTHS
    updated_at: datetime | None = None

    @property
    def is_default(self) -> bool:
        return self.updated_at is None


def default_controller(territory_id: str, territory_name: str) -> Controller:
    """The controller shown before the coordinator sets it: the territory's own name."""
    return Controller(territory_id=territory_id, structure=territory_name)


def check_controller(c: Controller) -> Controller:
    """The settings, trimmed, or :class:`PrivacyError` listing every problem."""
    problems = []
    values = {k: str(getattr(c, k)).strip() for k in ("structure", "address", "email", "phone")}
    values["dpo"] = c.dpo.strip()
    if not values["structure"]:
        problems.append(_("structure : attendu le nom du responsable, p. ex. « CPTS du Bassin »"))
    for name in ("structure", "address", "dpo"):
        if len(values[name]) > 200 or _CONTROL.search(values[name]):
            problems.append(
                _("{field} : attendu au plus 200 caractères, sans caractère de contrôle").format(
                    field=name
                )
            )
    if values["email"]:
        try:
            values["email"] = check_email(values["email"])
        except ValueError as exc:
            problems.append(_("email : {e}").format(e=exc))
    if values["phone"]:
        try:
            values["phone"] = check_phone(values["phone"])
        except ValueError as exc:
            problems.append(_("phone : {e}").format(e=exc))
    if not 1 <= c.retention_months <= MAX_RETENTION_MONTHS:
        problems.append(
            _("retention_months : {n} ; attendu un nombre de mois de 1 à {max}, p. ex. 12").format(
                n=c.retention_months, max=MAX_RETENTION_MONTHS
            )
        )
    if problems:
        raise PrivacyError(
            _("Réglages refusés, rien n'a été enregistré : {problems}.").format(
                problems=" ; ".join(problems)
            )
        )
    return replace(
        c,
        structure=values["structure"],
        address=values["address"],
        email=values["email"],
        phone=values["phone"],
        dpo=values["dpo"],
    )


def territory_country(commune_codes: set[str] | frozenset[str]) -> str:
    """``ch`` when every commune is Swiss (``ch:`` codes), else ``fr``: the law that applies
    (the RGPD and the CNIL; the Swiss and Valais laws and the cantonal authority).

    >>> territory_country({"ch:6266", "ch:6002"}), territory_country({"03310"})
    ('ch', 'fr')
    """
    return "ch" if commune_codes and all(c.startswith("ch:") for c in commune_codes) else "fr"


# ---------------------------------------------------------------- corrections


@dataclass(frozen=True)
class Correction:
    """What a coordinator corrects in a record: ``None`` leaves a field as it is; an empty
    phone, e-mail or language removes it."""

    last_name: str | None = None
    first_name: str | None = None
    birth_date: date | None = None
    phone: str | None = None
    email: str | None = None
    commune_code: str | None = None
    language: str | None = None
    ald: bool | None = None
    pregnant: bool | None = None
    precarity: str | None = None
    lost_doctor: str | None = None
    disability: bool | None = None
    reduced_mobility: bool | None = None

    def changed(self) -> dict[str, object]:
        """The fields given, with their value."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }


CRITERIA = ("ald", "pregnant", "precarity", "lost_doctor", "disability", "reduced_mobility")


def check_correction(
    c: Correction, communes: set[str] | frozenset[str], today: date
) -> dict[str, object]:
    """The changes to store (normalised), or :class:`PrivacyError` listing every problem."""
    problems: list[str] = []
    out: dict[str, object] = {}
    for name, value in c.changed().items():
        try:
            out[name] = _checked(name, value, communes, today)
        except ValueError as exc:
            problems.append(f"{name} : {exc}")
    if not c.changed():
        problems.append(_("aucun champ à corriger ; attendu p. ex. un nouveau téléphone"))
    if problems:
        raise PrivacyError(
            _("Correction refusée, rien n'a été modifié : {problems}.").format(
                problems=" ; ".join(problems)
            )
        )
    return out


def _checked(name: str, value: object, communes: set[str] | frozenset[str], today: date) -> object:
    if name in ("last_name", "first_name"):
        text = str(value).strip()
        if not text or len(text) > 100 or _CONTROL.search(text):
            raise ValueError(_("attendu 1 à 100 caractères sans caractère de contrôle"))
        return text
    if name == "birth_date" and isinstance(value, date):
        return check_birth_date(value, today)
    if name in ("phone", "email", "language"):
        text = str(value).strip()
        if not text:
            return None
        check = {"phone": check_phone, "email": check_email, "language": check_language}[name]
        return check(text)
    if name == "commune_code":
        if value not in communes:
            raise ValueError(
                _(
                    "{code} n'est pas une commune du territoire ; attendu l'un de ses codes, "
                    "p. ex. {ex}"
                ).format(code=repr(str(value)[:20]), ex=min(communes) if communes else "03310")
            )
        return value
    if name == "precarity":
        return _enum(value, [p.value for p in Precarity])
    if name == "lost_doctor":
        return _enum(value, [r.value for r in LostDoctorReason])
    return bool(value)


def _enum(value: object, allowed: list[str]) -> str:
    if value not in allowed:
        raise ValueError(
            _("{v} ; attendu l'une des valeurs {allowed}").format(
                v=repr(str(value)[:20]), allowed=", ".join(allowed)
            )
        )
    return str(value)


# ---------------------------------------------------------------- retention


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` months earlier (the last day of a shorter month).

    >>> months_before(datetime(2026, 3, 31, 9), 1)
    datetime.datetime(2026, 2, 28, 9, 0)
    >>> months_before(datetime(2026, 6, 1), 12)
    datetime.datetime(2025, 6, 1, 0, 0)
    """
    import calendar

    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class PurgeCandidate:
    """A patient whose closed request is past the retention period (identifiers only)."""

    patient_id: int
    territory_id: str
    status: str
    closed_at: datetime


@dataclass(frozen=True)
class PurgeResult:
    territory_id: str
    retention_months: int
    cutoff: datetime
    patients: tuple[PurgeCandidate, ...]
    dry_run: bool


# ---------------------------------------------------------------- export (right of access)


@dataclass(frozen=True)
class ExportedProposal:
    id: int
    status: str
    created_at: datetime
    deadline: datetime
    decided_at: datetime | None
    travel_time_min: float
    professional: str  # the display name of the professional it was proposed to
    profession: str


@dataclass(frozen=True)
class AccessEntry:
    """One audited access to the record: when, by which user id and role, what."""

    at: datetime
    user_id: int | None
    role: str | None
    action: str


@dataclass(frozen=True)
class PatientExport:
    """Everything held about one patient (right of access, portability)."""

    controller: Controller
    country: str
    patient: Mapping[str, str | int | float | bool | None]
    proposals: tuple[ExportedProposal, ...] = ()
    access_log: tuple[AccessEntry, ...] = field(default_factory=tuple)
    notes: tuple[PatientNote, ...] = ()  # the coordination's notes, oldest first

    def to_json(self) -> dict[str, object]:
        return {
            "format": EXPORT_FORMAT,
            "controller": {
                k: _plain(v) for k, v in vars(self.controller).items() if k != "updated_at"
            },
            "patient": {k: _plain(v) for k, v in self.patient.items()},
            "proposals": [{k: _plain(v) for k, v in vars(p).items()} for p in self.proposals],
            "access_log": [{k: _plain(v) for k, v in vars(a).items()} for a in self.access_log],
            "notes": [{k: _plain(getattr(n, k)) for k in NOTE_EXPORTED} for n in self.notes],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# Labels of the export's fields, for the letter (French sources, translated where shown).
FIELD_LABELS: Mapping[str, str] = {
    "id": N_("numéro de la demande"),
    "territory_id": N_("territoire"),
    "commune_code": N_("commune (code)"),
    "last_name": N_("nom"),
    "first_name": N_("prénom"),
    "birth_date": N_("date de naissance"),
    "phone": N_("téléphone"),
    "email": N_("courriel"),
    "ald": N_("affection de longue durée"),
    "pregnant": N_("grossesse"),
    "precarity": N_("C2S ou AME"),
    "lost_doctor": N_("médecin traitant perdu"),
    "disability": N_("situation de handicap"),
    "reduced_mobility": N_("mobilité réduite"),
    "language": N_("langue de consultation"),
    "consent": N_("consentement"),
    "channel": N_("voie d'inscription"),
    "care": N_("liste d'attente"),
    "registered_at": N_("inscrit le"),
    "priority_level": N_("niveau de priorité"),
    "priority_reasons": N_("motifs de priorité"),
    "status": N_("statut"),
    "attached_at": N_("rattaché le"),
    "left_at": N_("sorti de la liste le"),
    "attached_professional_id": N_("professionnel de rattachement (numéro)"),
    "registered_by": N_("inscrit par l'utilisateur (numéro)"),
    "fictitious": N_("donnée fictive (démonstration)"),
}
