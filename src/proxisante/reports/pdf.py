"""PDF of a diagnosis by WeasyPrint (fonts from the system; no network)."""

from __future__ import annotations

import functools
import logging
import os
import re
import threading
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint import html as weasyprint_html
from weasyprint.css.counters import CounterStyle
from weasyprint.text.fonts import FontConfiguration

# One font configuration per thread, reused from one PDF to the next: a new one per document
# reloads the fonts and empties Pango's caches (~10 % of the CPU time of a PDF, same bytes
# written). Per thread because Pango's font map is not thread-safe, and per process: a forked
# batch worker makes its own rather than use a copy of its parent's.
_LOCAL = threading.local()


def _font_config() -> FontConfiguration:
    key = os.getpid()
    if getattr(_LOCAL, "pid", None) != key:
        _LOCAL.font_config, _LOCAL.pid = FontConfiguration(), key
    config: FontConfiguration = _LOCAL.font_config
    return config


@functools.cache
def _user_agent_sheet() -> CSS:
    """WeasyPrint's HTML user-agent stylesheet, less what only costs time here: its rules for
    ``::marker`` of every element (only list items have markers) and for footnote and note
    pseudo-elements (the reports have none). Each of them gave every element of the page
    pseudo-element styles to compute (~15 % of the CPU time of a PDF); the look is the same."""
    text = re.sub(r"^::marker\b", "li::marker", weasyprint_html.UA, flags=re.M)
    text = re.sub(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}$", "", text, flags=re.M)
    return CSS(string=text, counter_style=CounterStyle())


class _ReportHTML(HTML):
    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        return [_user_agent_sheet(), *super()._ua_stylesheets(forms)[1:]]


# A tagged PDF (structure tree, language, title in the metadata) that screen readers can
# read: PDF/UA-1, which WeasyPrint supports; `pdfinfo` prints "Tagged: yes".
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def write_pdf(html: str, path: Path) -> None:
    # WeasyPrint logs every unsupported CSS property at WARNING; keep the console clean.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    _ReportHTML(string=html, base_url=None).write_pdf(
        str(path), font_config=_font_config(), **PDF_OPTIONS
    )


def pdf_bytes(html: str) -> bytes:
    """The PDF of ``html`` in memory (a letter sent over HTTP: no file on the server)."""
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    data: bytes = _ReportHTML(string=html, base_url=None).write_pdf(
        font_config=_font_config(), **PDF_OPTIONS
    )
    return data
