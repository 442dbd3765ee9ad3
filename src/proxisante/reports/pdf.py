"""PDF of a diagnosis by WeasyPrint (fonts from the system; no network)."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from weasyprint import HTML
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


def write_pdf(html: str, path: Path) -> None:
    # WeasyPrint logs every unsupported CSS property at WARNING; keep the console clean.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html, base_url=None).write_pdf(str(path), font_config=_font_config())
