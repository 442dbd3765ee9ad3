"""Display strings of figures, per language (the report shows only these strings)."""

from __future__ import annotations

import math

NBSP = "\u00a0"


def fmt_number(value: float | int | None, lang: str, decimals: int = 0) -> str:
    """A number as a reader of ``lang`` writes it.

    >>> fmt_number(83990, "fr"), fmt_number(3.4712, "fr", 2), fmt_number(3.4712, "en", 2)
    ('83\\xa0990', '3,47', '3.47')
    >>> fmt_number(None, "fr")
    'n.d.'
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return {"fr": "n.d.", "de": "k.A.", "en": "n/a"}[lang]
    text = f"{value:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", NBSP).replace(".", ",")


def fmt_percent(fraction: float | None, lang: str, decimals: int = 1) -> str:
    """A share as a percentage (``0.123`` → ``12,3 %``)."""
    if fraction is None or not math.isfinite(fraction):
        return fmt_number(None, lang)
    sep = "" if lang == "en" else NBSP
    return f"{fmt_number(fraction * 100, lang, decimals)}{sep}%"


def fmt_value(value: float | int | None, unit: str, lang: str) -> str:
    """Display of a value by unit: ``count``, ``percent``, ``apl``, ``minutes``, ``per10k``,
    ``km2``, ``density``, ``euros``, ``rate`` (already in %), ``ratio``."""
    if unit == "percent":
        return fmt_percent(value, lang)
    decimals = {
        "apl": 2,
        "per10k": 1,
        "km2": 0,
        "density": 1,
        "minutes": 0,
        "ratio": 2,
        "rate": 1,
    }.get(unit, 0)
    text = fmt_number(value, lang, decimals)
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return text
    suffix = {
        "minutes": f"{NBSP}min",
        "km2": f"{NBSP}km²",
        "euros": f"{NBSP}€",
        "rate": f"{NBSP}%",
    }.get(unit, "")
    return text + suffix
