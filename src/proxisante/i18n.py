"""Translation (gettext catalogues) and locale-aware formatting (Babel).

French is the source language: every message is written in French in the code, wrapped in
``_()``; the catalogues under ``locale/{fr,de,en}/LC_MESSAGES/proxisante.po`` give the German
and English texts (the French catalogue is the identity). ``make i18n`` extracts, updates and
compiles them; the compiled ``.mo`` files are committed and a test checks they are current.

The language is a context variable: the CLI sets it from ``--lang``, the web from
``Accept-Language``; French by default. Numbers and dates follow the locale of the language
(``fr`` → ``fr_FR``, ``de`` → ``de_CH``, ``en`` → ``en``), or an explicit locale::

    >>> with use_lang("de"):
    ...     _("rien n'a été importé"), format_number(83990), format_decimal(3.4712, 2)
    ('nichts wurde importiert', '83’990', '3.47')
    >>> format_number(83990, locale="fr_FR"), format_percent(0.053, locale="en")
    ('83\\xa0990', '5.3%')
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import date, datetime, time
from functools import cache
from pathlib import Path

from babel import Locale
from babel import dates as _dates
from babel import numbers as _numbers

DOMAIN = "proxisante"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGS = ("fr", "de", "en")
DEFAULT_LANG = "fr"
# The locale whose conventions (numbers, dates) each language uses by default.
DEFAULT_LOCALES = {"fr": "fr_FR", "de": "de_CH", "en": "en"}
LOCALES = ("fr_FR", "fr_CH", "de_CH", "en")

# Group separators as ProxiSanté writes them. Babel (CLDR) gives U+202F for French and an
# ASCII apostrophe for Swiss locales; the reports keep the no-break space they have always
# used in French (fonts render it everywhere) and the Swiss typographic apostrophe (83’990).
_GROUP = {"fr_FR": "\u00a0", "fr_CH": "’", "de_CH": "’"}

_lang: ContextVar[str] = ContextVar("proxisante_lang", default=DEFAULT_LANG)
_locale: ContextVar[str | None] = ContextVar("proxisante_locale", default=None)


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`; a ``ValueError`` otherwise."""
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGS)}")
    return lang


def get_lang() -> str:
    """The language of the current context (``fr`` unless set)."""
    return _lang.get()


def get_locale() -> str:
    """The formatting locale of the current context (from the language unless set)."""
    return _locale.get() or DEFAULT_LOCALES[_lang.get()]


def set_lang(lang: str, locale: str | None = None) -> Token[str]:
    """Set the language (and optionally the formatting locale) of the current context."""
    _locale.set(locale)
    return _lang.set(check_lang(lang))


@contextmanager
def use_lang(lang: str, locale: str | None = None) -> Iterator[None]:
    """Within the block, messages and formats are in ``lang`` (and ``locale``)."""
    t_lang = _lang.set(check_lang(lang))
    t_locale = _locale.set(locale)
    try:
        yield
    finally:
        _locale.reset(t_locale)
        _lang.reset(t_lang)


def parse_accept_language(header: str | None) -> str:
    """The best supported language of an HTTP ``Accept-Language`` header (French if none).

    >>> parse_accept_language("de-CH,de;q=0.9,en;q=0.8"), parse_accept_language("es, en;q=0.5")
    ('de', 'en')
    >>> parse_accept_language(None), parse_accept_language("*")
    ('fr', 'fr')
    """
    best, best_q = DEFAULT_LANG, -1.0
    for i, part in enumerate((header or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        q -= i * 1e-6  # earlier wins among equals
        if q > best_q and q > 0:
            best, best_q = primary, q
    return best


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (identity if the ``.mo`` file is missing)."""
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[check_lang(lang)], fallback=True)


def gettext(message: str) -> str:
    """``message`` (French source text) in the current language (``""`` stays ``""``)."""
    return translations(_lang.get()).gettext(message) if message else message


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return translations(_lang.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, disambiguated by ``context``."""
    return translations(_lang.get()).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a message for extraction without translating it now (translate at use)."""
    return message


def translate(message: str, lang: str) -> str:
    """``message`` in ``lang`` whatever the current context."""
    return translations(check_lang(lang)).gettext(message) if message else message


# --- numbers and dates -------------------------------------------------------------------------


@cache
def _babel_locale(locale: str) -> Locale:
    return Locale.parse(locale)


def _resolve(locale: str | None) -> str:
    if locale is None:
        return get_locale()
    return DEFAULT_LOCALES.get(locale, locale)


def format_decimal(value: float | int, decimals: int = 0, locale: str | None = None) -> str:
    """``value`` with ``decimals`` decimals, grouped by thousands, in ``locale`` (current if None).

    The symbols are the locale's (Babel/CLDR, group separators as in :data:`_GROUP`); the
    digits are Python's rounding, as the reports have always shown them. (Babel 2.19 leaves
    numbers of a million and more ungrouped in the Swiss locales, hence the digits here.)

    >>> format_decimal(1234567.891, 1, "de_CH"), format_decimal(-1234.5, 1, "fr_FR")
    ('1’234’567.9', '-1\xa0234,5')
    """
    loc = _babel_locale(_resolve(locale))
    group = _GROUP.get(_resolve(locale)) or _numbers.get_group_symbol(loc)
    point = _numbers.get_decimal_symbol(loc)
    exact = isinstance(value, int) and decimals <= 0  # a float has 53 bits: 2**63 would round
    text = f"{value:,}" if exact else f"{value:,.{max(decimals, 0)}f}"
    return "".join(group if ch == "," else point if ch == "." else ch for ch in text)


def format_number(value: float | int, locale: str | None = None) -> str:
    """A whole number, grouped: ``83’990`` (de_CH), ``83 990`` (fr_FR), ``83,990`` (en)."""
    return format_decimal(value, 0, locale)


def format_percent(fraction: float, decimals: int = 1, locale: str | None = None) -> str:
    """A share as a percentage in ``locale``: ``5,3 %`` (fr), ``5.3%`` (de_CH, en)."""
    loc = _resolve(locale)
    number = format_decimal(fraction * 100, decimals, loc)
    pattern = _babel_locale(loc).percent_formats[None].pattern
    numeric = pattern.split(";")[0].strip("%\u00a0\u202f ")
    return str(pattern.split(";")[0]).replace(numeric, number, 1)


def format_date(day: date, fmt: str = "long", locale: str | None = None) -> str:
    """A date as ``locale`` writes it (``fmt``: short, medium, long, full or a pattern)."""
    return str(_dates.format_date(day, format=fmt, locale=_babel_locale(_resolve(locale))))


def format_month(month: str | date, locale: str | None = None, short: bool = False) -> str:
    """A month (``YYYY-MM`` or a date) as ``locale`` writes it: ``novembre 2026``, ``November
    2026``; text that is not a month is returned as it is."""
    if isinstance(month, str):
        try:
            year, mon = (int(x) for x in month.split("-")[:2])
            day = date(year, mon, 1)
        except ValueError:
            return month
    else:
        day = month
    pattern = "LLL y" if short else "LLLL y"
    return str(_dates.format_date(day, format=pattern, locale=_babel_locale(_resolve(locale))))


def format_time(moment: time | datetime, fmt: str = "short", locale: str | None = None) -> str:
    """A time of day as ``locale`` writes it (``20:00`` in fr_FR and de_CH, ``8:00 PM`` in en)."""
    return str(_dates.format_time(moment, format=fmt, locale=_babel_locale(_resolve(locale))))


def format_datetime(moment: datetime, fmt: str = "long", locale: str | None = None) -> str:
    """A moment as ``locale`` writes it: the date (``fmt``: short, medium, long or full) and
    the time of day, joined as the locale joins them. The moment is shown as given (convert it
    to local time first); never an ISO string.

    >>> format_datetime(datetime(2026, 12, 14, 9, 30), locale="fr")
    '14 décembre 2026, 09:30'
    >>> format_datetime(datetime(2026, 12, 14, 9, 30), locale="en")
    'December 14, 2026, 9:30\u202fAM'
    """
    loc = _resolve(locale)
    joined = str(_babel_locale(loc).datetime_formats[fmt]).replace("'", "")
    return joined.replace("{0}", format_time(moment, "short", loc)).replace(
        "{1}", format_date(moment.date(), fmt, loc)
    )
