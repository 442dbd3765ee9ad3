"""Durations and dates on the operators' pages, in words of the page's language."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from proxisante import i18n
from proxisante.web.pages._render import duration_min, long_date

NB = "\u00a0"


@pytest.mark.parametrize(
    ("minutes", "lang", "expected"),
    [
        (1.4, "fr", f"1{NB}min{NB}24{NB}s"),
        (12.0, "fr", f"12{NB}min"),
        (0.75, "fr", f"45{NB}s"),
        (1.4, "de", f"1{NB}Min.{NB}24{NB}s"),
        (None, "fr", "—"),
    ],
)
def test_minutes_read_as_minutes_and_seconds(
    minutes: float | None, lang: str, expected: str
) -> None:
    with i18n.use_lang(lang):
        assert duration_min(minutes) == expected


def test_dates_in_words() -> None:
    with i18n.use_lang("fr"):
        assert long_date(date(2026, 12, 14)) == "14 décembre 2026"
        assert long_date(datetime(2026, 12, 14, 9, 30)) == "14 décembre 2026"
    with i18n.use_lang("de"):
        assert long_date(date(2026, 12, 14)) == "14. Dezember 2026"
    with i18n.use_lang("en"):
        assert long_date(date(2026, 12, 14)) == "December 14, 2026"
