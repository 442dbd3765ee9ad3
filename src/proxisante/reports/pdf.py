"""PDF of a diagnosis by WeasyPrint (fonts from the system; no network)."""

from __future__ import annotations

import logging
from pathlib import Path

from weasyprint import HTML


def write_pdf(html: str, path: Path) -> None:
    # WeasyPrint logs every unsupported CSS property at WARNING; keep the console clean.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    HTML(string=html, base_url=None).write_pdf(str(path))
