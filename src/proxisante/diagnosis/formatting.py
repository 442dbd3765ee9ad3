"""Display strings of figures, per language and locale (the report shows only these strings).

Numbers go through :mod:`proxisante.i18n` (Babel symbols): French ``83 990`` and ``3,47``,
Swiss German ``83’990`` and ``3.47``, English ``83,990`` and ``3.47``. ``lang`` is a language
(``fr``, ``de``, ``en``: its default locale) or a locale (``fr_CH``…); None means the current
context's.
"""

from __future__ import annotations

import math

from proxisante import i18n

NBSP = "\u00a0"

_DECIMALS = {
    "apl": 2,
    "per10k": 1,
    "km2": 0,
    "density": 1,
    "minutes": 0,
    "ratio": 2,
    "fte100k": 1,  # FTE per 100 000 standardised inhabitants (nurses, physiotherapists…)
}
_SUFFIX = {"minutes": f"{NBSP}min", "km2": f"{NBSP}km²", "euros": f"{NBSP}€"}


def _missing(value: float | int | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _lang_of(lang: str | None) -> str:
    if lang is None:
        return i18n.get_lang()
    return lang.split("_")[0]


def not_available(lang: str | None = None) -> str:
    """The mark of a missing value (``n.d.``, ``k.A.``, ``n/a``)."""
    return i18n.translate(i18n.N_("n.d."), _lang_of(lang))


def fmt_number(value: float | int | None, lang: str | None = None, decimals: int = 0) -> str:
    """A number as a reader of ``lang`` writes it.

    >>> fmt_number(83990, "fr"), fmt_number(3.4712, "fr", 2), fmt_number(3.4712, "en", 2)
    ('83\\xa0990', '3,47', '3.47')
    >>> fmt_number(83990, "de"), fmt_number(3.4712, "de", 2), fmt_number(None, "fr")
    ('83’990', '3.47', 'n.d.')
    """
    if value is None or _missing(value):
        return not_available(lang)
    return i18n.format_decimal(value, decimals, lang)


def fmt_percent(fraction: float | None, lang: str | None = None, decimals: int = 1) -> str:
    """A share as a percentage (``0.123`` → ``12,3 %`` in French, ``12.3%`` in de_CH/en)."""
    if fraction is None or not math.isfinite(fraction):
        return not_available(lang)
    return i18n.format_percent(fraction, decimals, lang)


def fmt_value(value: float | int | None, unit: str, lang: str | None = None) -> str:
    """Display of a value by unit: ``count``, ``percent``, ``apl``, ``minutes``, ``per10k``,
    ``km2``, ``density``, ``euros``, ``rate`` (already in %), ``ratio``, ``change`` (a signed
    share)."""
    if unit == "percent":
        return fmt_percent(value, lang)
    if unit == "change":  # a signed share: +3,2 % / -3,2 %
        sign = "+" if value is not None and value > 0 else ""
        return sign + fmt_percent(value, lang)
    if unit == "rate":  # already in %: 3.1 → 3,1 % (fr), 3.1% (de_CH, en)
        return fmt_percent(None if value is None else value / 100, lang)
    text = fmt_number(value, lang, _DECIMALS.get(unit, 0))
    if _missing(value):
        return text
    return text + _SUFFIX.get(unit, "")
