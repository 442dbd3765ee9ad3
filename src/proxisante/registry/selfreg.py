"""Self-registration: what a patient (or a helper, *aidant*) types on the public form, checked
whole, the tracking code given once, and the status shown to whoever holds code and birth date.

The code is 12 characters of an unambiguous 31-letter alphabet (about 59 bits), written
``XXXX-XXXX-XXXX``; only its SHA-256 is stored. Looking a request up needs the code *and* the
birth date, and the web shell limits lookups per client address.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from proxisante.errors import ConflictError
from proxisante.i18n import N_, _
from proxisante.notify.model import Channel
from proxisante.registry._errors import RegistryError
from proxisante.registry.contact import check_email, check_language, normalise_phone
from proxisante.registry.entities import LostDoctorReason, PatientStatus, Precarity
from proxisante.territory.search import fold, rank_matches

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no I, L, O, 0, 1
CODE_LENGTH = 12
_CODE = re.compile(r"[^A-Z0-9]")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")

STATUS_LABELS = {
    PatientStatus.WAITING.value: N_("en attente"),
    PatientStatus.PROPOSED.value: N_("proposition en cours"),
    # An attachment is worded by its outcome (registry/outcome.py): a médecin traitant, a
    # follow-up by a team, or another professional; this is the word when it is unknown.
    PatientStatus.ATTACHED.value: N_("rattaché"),
    PatientStatus.WITHDRAWN.value: N_("demande retirée"),
}


OPEN_STATUSES = (PatientStatus.WAITING.value, PatientStatus.PROPOSED.value)
# The typical wait is given from this many attachments (the small-count threshold).
MIN_FOR_WAIT = 11


class AlreadyRegisteredError(RegistryError, ConflictError):
    """A request is already open for this person: nothing stored, nothing of it shown."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Une demande est déjà enregistrée pour cette personne dans cette commune : rien "
                "de nouveau n'a été enregistré. Suivez-la avec son code de suivi ; code perdu ? "
                "Demandez-en un nouveau : il sera envoyé au courriel ou au téléphone donné lors "
                "de l'inscription."
            )
        )


class SelfRegistrationError(RegistryError):
    """Every problem of the form at once (French messages, each naming its field);
    ``fields``: (form field, message) pairs, for a page that marks each field."""

    def __init__(self, problems: Sequence[str], fields: Sequence[tuple[str, str]] = ()) -> None:
        self.problems = tuple(problems)
        self.fields = tuple(fields)
        super().__init__(
            _("Inscription refusée, rien n'a été enregistré : {problems}.").format(
                problems=" ; ".join(self.problems)
            )
        )


@dataclass(frozen=True)
class SelfRegistration:
    """The public form, as typed (strings are checked by :func:`check_form`)."""

    commune: str
    last_name: str
    first_name: str
    birth_date: str
    consent: bool
    phone: str = ""
    email: str = ""
    ald: bool = False
    pregnant: bool = False
    precarity: str = "none"
    lost_doctor: str = "none"
    disability: bool = False
    reduced_mobility: bool = False
    language: str = ""
    on_behalf: bool = False  # filled in by a helper (aidant) for someone else


@dataclass(frozen=True)
class CheckedForm:
    territory_id: str
    commune_code: str
    birth_date: date
    phone: str | None
    email: str | None
    language: str | None


@dataclass(frozen=True)
class Registered:
    """The answer to a self-registration: the code is shown once and never again."""

    code: str
    patient_id: int
    territory_id: str
    level: str
    sent: bool = False  # the code was also sent to the e-mail address or phone given


@dataclass(frozen=True)
class TypicalWait:
    """Median days from registration to attachment (calculé), over ``n`` attachments."""

    days: int
    n: int


@dataclass(frozen=True)
class CodeRecovery:
    """What a person types to get a new tracking code: names, birth date, and the e-mail
    address or phone number given at registration."""

    last_name: str
    first_name: str
    birth_date: str
    contact: str


@dataclass(frozen=True)
class CheckedRecovery:
    birth_date: date
    email: str | None
    phone: str | None

    def matches(self, email: str | None, phone: str | None) -> tuple[Channel, str] | None:
        """Where to send the code when the typed contact is the request's own one."""
        if self.email and email and self.email.casefold() == email.casefold():
            return Channel.EMAIL, email
        if self.phone and phone and self.phone == phone:
            return Channel.SMS, phone
        return None


@dataclass(frozen=True)
class RequestStatus:
    status: str
    label: str  # French source; translate with _() at display
    registered_at: datetime
    level: str
    outcome: str | None = None  # attached: registry.outcome.Outcome
    territory_id: str | None = None


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def code_hash(code: str) -> str:
    """SHA-256 of the code as typed, ignoring case, spaces and dashes."""
    return hashlib.sha256(_CODE.sub("", code.upper()).encode()).hexdigest()


def parse_birth_date(text: str, today: date) -> date:
    """``AAAA-MM-JJ`` or ``JJ/MM/AAAA``, between 1900-01-01 and today."""
    value = text.strip()
    try:
        m = _DMY.match(value)
        day = (
            date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            if m
            else date.fromisoformat(value)
        )
    except ValueError:
        raise ValueError(
            _(
                "date de naissance {v} invalide : attendu une date réelle, écrite JJ/MM/AAAA "
                "ou AAAA-MM-JJ (p. ex. 14/07/1956)"
            ).format(v=repr(value[:20]))
        ) from None
    if not date(1900, 1, 1) <= day <= today:
        raise ValueError(
            _(
                "date de naissance {v} hors limites : attendu entre le 01/01/1900 et aujourd'hui"
            ).format(v=repr(value[:20]))
        )
    return day


def resolve_commune(typed: str, communes: Sequence[tuple[str, str, str]]) -> tuple[str, str]:
    """(territory id, commune code) of the commune typed by its exact name (accents and case
    ignored), its code or « Name (code) », among the registry's communes. A text that names no
    covered commune exactly is refused with the ones it may mean: never a guess (the shells
    first turn other names and postcodes into a code with the one place search)."""
    text = typed.strip()
    with_code = re.match(r"^(?P<name>.*?)\s*\((?P<code>[^()]+)\)\s*$", text)
    wanted_code = with_code.group("code").strip() if with_code else text
    for tid, code, _name in communes:
        if wanted_code == code:
            return tid, code
    key = fold(text)
    exact = [(tid, code, name) for tid, code, name in communes if key and fold(name) == key]
    if len(exact) == 1:
        return exact[0][0], exact[0][1]
    hits = exact or [
        communes[i] for _s, i in sorted(rank_matches(text, [fold(n) for _t, _c, n in communes]))
    ]
    if not text or not hits:
        raise ValueError(
            _(
                "commune {v} inconnue : attendu le nom d'une commune couverte par une CPTS du "
                "registre (tapez le début du nom, p. ex. « Vichy »)"
            ).format(v=repr(text[:60]))
        )
    choices = ", ".join(f"{name} ({code})" for _tid, code, name in hits[:6])
    raise ValueError(
        _(
            "commune {v} : plusieurs communes du registre peuvent correspondre ({choices}) ; "
            "choisissez dans la liste proposée"
        ).format(v=repr(text[:60]), choices=choices)
    )


Problems = list[tuple[str, str]]  # (form field, French message naming it)


def _check_enum(value: str, allowed: Sequence[str], field: str, key: str, out: Problems) -> None:
    if value not in allowed:
        out.append(
            (
                key,
                _("{field} {v} : attendu l'une des valeurs {allowed}").format(
                    field=field, v=repr(value[:20]), allowed=", ".join(allowed)
                ),
            )
        )


def _names(form: SelfRegistration, out: Problems) -> None:
    for key, field, value in (
        ("last_name", _("nom"), form.last_name),
        ("first_name", _("prénom"), form.first_name),
    ):
        if not value.strip() or len(value) > 200:
            out.append((key, _("{field} : attendu 1 à 200 caractères").format(field=field)))


def _contact(form: SelfRegistration, out: Problems) -> tuple[str | None, str | None]:
    phone = email = None
    if form.phone.strip():
        try:
            phone = normalise_phone(form.phone)
        except ValueError as exc:
            out.append(("phone", _("téléphone : {e}").format(e=exc)))
    if form.email.strip():
        try:
            email = check_email(form.email)
        except ValueError as exc:
            out.append(("email", _("courriel : {e}").format(e=exc)))
    return phone, email


def identity_key(last_name: str, first_name: str) -> tuple[str, str]:
    """Names compared without case, accents, hyphens or repeated spaces (« Jean-Pierre
    DUPONT » and « jean pierre Dupont » are one person)."""
    return (
        " ".join(fold(last_name.replace("-", " ")).split()),
        " ".join(fold(first_name.replace("-", " ")).split()),
    )


def check_form(
    form: SelfRegistration, communes: Sequence[tuple[str, str, str]], today: date
) -> CheckedForm:
    """Check every field; raise :class:`SelfRegistrationError` listing all the problems."""
    out: Problems = []
    if not form.consent:
        out.append(
            (
                "consent",
                _(
                    "consentement : requis — cochez la case pour accepter que la CPTS conserve "
                    "la demande et la propose à des médecins"
                ),
            )
        )
    territory_id = commune_code = ""
    try:
        territory_id, commune_code = resolve_commune(form.commune, communes)
    except ValueError as exc:
        out.append(("commune", str(exc)))
    birth = None
    try:
        birth = parse_birth_date(form.birth_date, today)
    except ValueError as exc:
        out.append(("birth_date", str(exc)))
    _names(form, out)
    phone, email = _contact(form, out)
    _check_enum(form.precarity, [p.value for p in Precarity], "précarité", "precarity", out)
    _check_enum(
        form.lost_doctor, [r.value for r in LostDoctorReason], "médecin perdu", "lost_doctor", out
    )
    language = None
    if form.language.strip() and form.language.strip().lower() != "fr":
        try:
            language = check_language(form.language)
        except ValueError as exc:
            out.append(("language", _("langue : {e}").format(e=exc)))
    if out or birth is None:
        raise SelfRegistrationError([m for _k, m in out], out)
    return CheckedForm(territory_id, commune_code, birth, phone, email, language)


def check_recovery(form: CodeRecovery, today: date) -> CheckedRecovery:
    """Check a recovery form (names, birth date, a contact that is an e-mail address or a
    phone number); raise :class:`SelfRegistrationError` listing the problems."""
    out: Problems = []
    for key, field, value in (
        ("last_name", _("nom"), form.last_name),
        ("first_name", _("prénom"), form.first_name),
    ):
        if not value.strip() or len(value) > 200:
            out.append((key, _("{field} : attendu 1 à 200 caractères").format(field=field)))
    birth = None
    try:
        birth = parse_birth_date(form.birth_date, today)
    except ValueError as exc:
        out.append(("birth_date", str(exc)))
    email = phone = None
    text = form.contact.strip()
    if "@" in text:
        try:
            email = check_email(text)
        except ValueError as exc:
            out.append(("contact", _("courriel : {e}").format(e=exc)))
    elif text:
        try:
            phone = normalise_phone(text)
        except ValueError as exc:
            out.append(("contact", _("téléphone : {e}").format(e=exc)))
    else:
        out.append(
            (
                "contact",
                _(
                    "courriel ou téléphone : requis — celui donné lors de l'inscription, "
                    "p. ex. prenom.nom@example.org ou 06 12 34 56 78"
                ),
            )
        )
    if out or birth is None:
        raise SelfRegistrationError([m for _k, m in out], out)
    return CheckedRecovery(birth, email, phone)
