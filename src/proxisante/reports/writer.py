"""Writing the files of a diagnosis: all or nothing.

Files are rendered into a hidden temporary folder beside their destination, then moved into
place; on any error the temporary folder is removed and the destination is left as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from proxisante.diagnosis.model import Diagnostic
from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.reports.html import render_html
from proxisante.reports.pdf import write_pdf
from proxisante.reports.tables import write_csv, write_gpkg

FORMATS = ("html", "pdf", "json", "csv", "gpkg")


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    bad = [f for f in wanted if f not in FORMATS]
    if bad or not wanted:
        raise UserError(
            _(
                "--format {text} : attendu une liste séparée par des virgules parmi "
                "{formats} (p. ex. --format html,pdf,json)"
            ).format(text=repr(text), formats=", ".join(FORMATS))
        )
    return wanted


def slug(code: str) -> str:
    """File-name part for a territory code (``dep:03`` → ``dep-03``)."""
    if code.startswith("communes:"):
        parts = code.removeprefix("communes:").split(",")
        return f"communes-{parts[0].replace(':', '')}-{len(parts)}"
    return re.sub(r"[^A-Za-z0-9]+", "-", code).strip("-")


def prepare_out(out: Path) -> Path:
    """Check that ``out`` can receive files (created if missing); a user error otherwise."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            _(
                "--out {out} : impossible de créer le dossier ({reason}) ; "
                "choisir un dossier accessible en écriture, p. ex. --out ./diagnostics"
            ).format(out=out, reason=exc.strerror)
        ) from None
    if not out.is_dir() or not os.access(out, os.W_OK | os.X_OK):
        raise UserError(
            _(
                "--out {out} : pas un dossier accessible en écriture ; en choisir un autre, "
                "p. ex. --out ./diagnostics"
            ).format(out=out)
        )
    return out


def write_diagnostic(
    data: Diagnostic, contours: Mapping[str, object], out: Path, formats: Sequence[str]
) -> list[Path]:
    """Write the requested formats of one diagnosis into ``out``; return the paths written."""
    out = prepare_out(out)
    base = f"diagnostic-{slug(data.meta.code)}"
    tmp = Path(tempfile.mkdtemp(dir=out, prefix=".partial-"))
    try:
        written: list[Path] = []
        html = render_html(data, contours) if "html" in formats else None
        if "json" in formats:
            p = tmp / f"{base}.json"
            p.write_text(json.dumps(data.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
            written.append(p)
        if "html" in formats and html is not None:
            p = tmp / f"{base}.html"
            p.write_text(html, encoding="utf-8")
            written.append(p)
        if "pdf" in formats:
            p = tmp / f"{base}.pdf"
            write_pdf(render_html(data, contours, for_print=True), p)
            written.append(p)
        if "csv" in formats:
            p = tmp / f"{base}.csv"
            write_csv(data, p)
            written.extend([p, p.with_name(p.stem + "-figures.csv")])
        if "gpkg" in formats:
            p = tmp / f"{base}.gpkg"
            write_gpkg(data, contours, p)
            written.append(p)
        final = []
        for p in written:
            dest = out / p.name
            os.replace(p, dest)
            final.append(dest)
        return final
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
