"""One definition of the registration criteria, for every form that registers or corrects a
request (the public ``/inscription`` form, the coordinator's form, the patient record).

Each criterion has a value (stored, English) and a French label marked with ``N_()``,
translated where shown. The languages a patient may ask for are shown by their name in the
page's language (Babel's locale data), never as raw codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from babel import Locale

from proxisante.i18n import N_, _, get_lang, get_locale, use_lang
from proxisante.registry.contact import LANGUAGES
from proxisante.registry.entities import LostDoctorReason, Precarity

PRECARITY: tuple[tuple[str, str], ...] = (
    (Precarity.NONE.value, N_("Non")),
    (Precarity.C2S.value, N_("Oui, complémentaire santé solidaire (C2S)")),
    (Precarity.AME.value, N_("Oui, aide médicale de l’État (AME)")),
)
LOST_DOCTOR: tuple[tuple[str, str], ...] = (
    (LostDoctorReason.NONE.value, N_("Non, ou je n’en ai jamais eu")),
    (LostDoctorReason.RETIREMENT.value, N_("Oui, il est parti à la retraite")),
    (LostDoctorReason.DEATH.value, N_("Oui, il est décédé")),
    (LostDoctorReason.DOCTOR_MOVED.value, N_("Oui, il a déménagé ou fermé son cabinet")),
    (LostDoctorReason.PATIENT_MOVED.value, N_("Oui, c’est moi qui ai déménagé")),
    (LostDoctorReason.OTHER.value, N_("Oui, pour une autre raison")),
)


@dataclass(frozen=True)
class Criterion:
    """A yes/no criterion of the priority (a checkbox): field name and French label."""

    name: str
    label: str


FLAGS: tuple[Criterion, ...] = (
    Criterion("ald", N_("Affection de longue durée (ALD)")),
    Criterion("pregnant", N_("Grossesse en cours")),
    Criterion("disability", N_("Situation de handicap")),
    Criterion("reduced_mobility", N_("Mobilité réduite : besoin de visites à domicile")),
)

# Languages of LANGUAGES that Babel's locale data does not name.
_OWN_NAMES = {
    "ber": N_("berbère (tamazight)"),
    "lsf": N_("langue des signes française (LSF)"),
}


def language_name(code: str, locale: str | None = None) -> str:
    """The name of a language code in the page's language, p. ex. « arabe » for ``ar``."""
    if code in _OWN_NAMES:
        return _(_OWN_NAMES[code])
    name = Locale.parse(locale or get_locale()).languages.get(code)
    return name if name else code


def language_options(locale: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the languages a patient may ask for, French apart, sorted by name."""
    return list(_language_options(locale or get_locale(), get_lang()))


@lru_cache(maxsize=32)
def _language_options(locale: str, lang: str) -> tuple[tuple[str, str], ...]:
    """The options in ``locale`` (Babel's names) and ``lang`` (our own names' catalogue):
    built once per pair, not on every page that shows the registration form."""
    with use_lang(lang):
        named = [(c, language_name(c, locale)) for c in LANGUAGES - {"fr"}]
    return tuple(sorted(named, key=lambda cn: cn[1].casefold()))


def precarity_options() -> list[tuple[str, str]]:
    return [(v, _(t)) for v, t in PRECARITY]


def lost_doctor_options() -> list[tuple[str, str]]:
    return [(v, _(t)) for v, t in LOST_DOCTOR]


def flag_options() -> list[tuple[str, str]]:
    return [(c.name, _(c.label)) for c in FLAGS]
