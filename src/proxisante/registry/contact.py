"""Checks of what a person types about a patient or a capacity: phone, language, dates.

Pure functions that return the normalised value or raise :class:`ValueError` with a French
message (pydantic turns it into a 422 naming the field; the CLI into an exit 2).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from proxisante.i18n import _

# ISO 639-1 codes of the languages a patient may ask for in France and Switzerland: the national
# languages, then the languages most spoken by people who settled there (INSEE, OFS surveys).
LANGUAGES: frozenset[str] = frozenset(
    {
        "fr", "de", "it", "rm", "en", "es", "pt", "ar", "tr", "ber", "ru", "uk", "pl", "ro",
        "nl", "zh", "vi", "km", "lo", "ta", "hi", "ur", "bn", "fa", "ps", "ku", "hy", "ka",
        "sq", "sr", "hr", "bs", "mk", "bg", "el", "ti", "am", "so", "wo", "ff", "bm", "ln",
        "sw", "mg", "ht", "yi", "he", "ja", "ko", "th", "tl", "cs", "sk", "hu", "sv", "da",
        "no", "fi", "lt", "lv", "et", "sl", "br", "eu", "ca", "co", "oc", "lsf",
    }
)  # fmt: skip

_FR = re.compile(r"^(?:\+33|0033|0)([1-9]\d{8})$")
_CH = re.compile(r"^(?:\+41|0041)([1-9]\d{8})$")
_SEPARATORS = re.compile(r"[ .\-/()]")

PHONE_EXAMPLE = "06 12 34 56 78, +33 6 12 34 56 78 ou +41 79 123 45 67"
# Service numbers, never a person's line: France 08 (free, shared-cost and premium-rate, e.g.
# 08 99, ARCEP plan de numérotation); Switzerland 0800 (free), 084x (shared cost), 090x
# (premium rate), OFCOM numbering plan. 091 is Ticino's area code and stays allowed.
_CH_SERVICE = frozenset({"80", "84", "90"})
# Local parts of e-mail addresses: letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~,
# dot-separated (RFC 5322 dot-atom, no quoted string, no comment, no display name). The
# domain: dot-separated labels of letters, digits and hyphens, ending with a name of letters.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$")


def _special_number() -> str:
    return _(
        "numéro spécial ({n}…) refusé : attendu le numéro d'une personne (fixe ou mobile), "
        "pas un numéro de service gratuit, partagé ou surtaxé"
    )


def check_email(value: str) -> str:
    """An e-mail address in its plain form (no quoted local part, no display name, no angle
    bracket, no comment), at most 200 characters; the address returned is exactly the one an
    SMTP envelope will carry.

    >>> check_email(" Jeanne.Martin@example.org ")
    'Jeanne.Martin@example.org'
    """
    text = value.strip()
    local = text.rsplit("@", 1)[0]
    if len(text) > 200 or len(local) > 64 or not _EMAIL.match(text):
        raise ValueError(
            _(
                "adresse invalide ; attendu une adresse comme prenom.nom@example.org (sans "
                "guillemets, chevrons, espaces ni parenthèses)"
            )
        )
    return text


def normalise_phone(value: str) -> str:
    """A French or Swiss phone number, written ``+33 6 12 34 56 78`` / ``+41 79 123 45 67``.

    >>> normalise_phone("06.12.34.56.78")
    '+33 6 12 34 56 78'
    >>> normalise_phone("+41 79 123 45 67")
    '+41 79 123 45 67'
    """
    compact = _SEPARATORS.sub("", value.strip())
    if not compact:
        raise ValueError(
            _("numéro de téléphone vide ; attendu p. ex. {PHONE_EXAMPLE}").format(
                PHONE_EXAMPLE=PHONE_EXAMPLE
            )
        )
    fr = _FR.match(compact)
    if fr:
        d = fr.group(1)
        if d[0] == "8":
            raise ValueError(_special_number().format(n="08"))
        return f"+33 {d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}"
    ch = _CH.match(compact)
    if ch:
        d = ch.group(1)
        if d[:2] in _CH_SERVICE:
            raise ValueError(_special_number().format(n=f"0{d[:2]}"))
        return f"+41 {d[0:2]} {d[2:5]} {d[5:7]} {d[7:9]}"
    raise ValueError(
        _(
            "numéro de téléphone invalide : attendu un numéro français (10 chiffres "
            "commençant par 0, ou +33) ou suisse (+41), p. ex. {PHONE_EXAMPLE}"
        ).format(PHONE_EXAMPLE=PHONE_EXAMPLE)
    )


def check_phone(value: str) -> str:
    """The number as typed (trimmed), once :func:`normalise_phone` accepts it."""
    normalise_phone(value)
    return value.strip()


def check_language(value: str) -> str:
    """A language code of :data:`LANGUAGES` (lower-cased).

    >>> check_language("AR")
    'ar'
    """
    code = value.strip().lower()
    if code not in LANGUAGES:
        raise ValueError(
            _(
                "langue inconnue {value} : attendu un code ISO 639-1 parmi {choices}… "
                "(p. ex. fr, ar, pt)"
            ).format(value=repr(value[:20]), choices=", ".join(sorted(LANGUAGES)[:12]))
        )
    return code


def check_birth_date(value: date, today: date) -> date:
    """A birth date between 1900-01-01 and ``today``."""
    if not date(1900, 1, 1) <= value <= today:
        raise ValueError(
            _(
                "date de naissance {x} hors limites : attendu entre 1900-01-01 et "
                "aujourd'hui ({x2})"
            ).format(x=value.isoformat(), x2=today.isoformat())
        )
    return value


MAX_VALIDITY = timedelta(days=3 * 366)


def check_valid_until(value: date | None, today: date) -> date | None:
    """The end of a capacity declaration: not in the past, at most about three years ahead."""
    if value is None:
        return None
    if not today <= value <= today + MAX_VALIDITY:
        raise ValueError(
            _(
                "fin de validité {x} hors limites : attendu une date entre aujourd'hui "
                "({x2}) et {x3}, ou aucune date"
            ).format(
                x=value.isoformat(), x2=today.isoformat(), x3=(today + MAX_VALIDITY).isoformat()
            )
        )
    return value
