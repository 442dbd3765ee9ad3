"""The Diagnostic Santé Flash of a territory for the public pages: built once per territory and
language through the diagnosis and reports code (the same as ``proxisante diagnostic``), kept in
memory and its files (HTML, PDF, CSV, GeoPackage, JSON) cached on disk."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date
from functools import cache
from pathlib import Path

from proxisante.diagnosis import Diagnostic, DiagnosticInputs
from proxisante.reports.writer import slug
from proxisante.territory import load_territory
from proxisante.web.public.geodata import CACHE_VERSION, _bundle_key

FORMATS = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "gpkg": "application/geopackage+sqlite3",
    "json": "application/json",
}
LEVELS = ("commune", "epci", "departement", "ch_district", "ch_region")
KEEP = 32  # diagnoses kept in memory


@cache
def _contours() -> dict[str, object]:
    from proxisante.diagnosis.build import contour_lookup
    from proxisante.territory.bundle import read_table

    contours = read_table("contours")
    return contour_lookup(contours["code"].tolist(), contours["wkb"].tolist())


def _inputs(home: Path) -> DiagnosticInputs:
    from proxisante.access.providers import parse_travel_spec
    from proxisante.diagnosis.model import Source
    from proxisante.territory.bundle import read_provenance
    from proxisante.territory.local_store import LocalStore

    store = LocalStore(home)
    return DiagnosticInputs(
        travel=parse_travel_spec("estimate"),
        professionals=store.load("professionals-csv"),
        structures=store.load("structures-csv"),
        age_bands=store.load("insee-age"),
        contours=_contours(),
        sources=tuple(Source.from_provenance(e) for e in read_provenance()["sources"]),
        today=date.today(),
    )


class DiagnosticStore:
    """Diagnoses by (territory, language), and their files on disk."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.dir = home / "cache" / "web" / f"diagnostics-{CACHE_VERSION}-{_bundle_key()}"
        self._memory: OrderedDict[tuple[str, str], Diagnostic] = OrderedDict()
        self._lock = threading.Lock()
        self._locks: dict[tuple[str, str], threading.Lock] = {}

    def diagnostic(self, code: str, lang: str) -> Diagnostic:
        """The diagnosis of ``code`` in ``lang`` (built on first use)."""
        from proxisante.diagnosis import build_diagnostic
        from proxisante.diagnosis.context import scope_of_area

        key = (code, lang)
        with self._key_lock(key):
            hit = self._memory.get(key)
            if hit is None:
                terr = load_territory()
                hit = build_diagnostic(terr, scope_of_area(terr, code), _inputs(self.home), lang)
            with self._lock:
                self._memory[key] = hit
                self._memory.move_to_end(key)
                while len(self._memory) > KEEP:
                    self._memory.popitem(last=False)
            return hit

    def _key_lock(self, key: tuple[str, str]) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(key, threading.Lock())

    def file(self, code: str, lang: str, fmt: str) -> Path:
        """The file of the diagnosis in format ``fmt`` (written on first use)."""
        from proxisante.reports.writer import write_diagnostic

        folder = self.dir / lang
        path = folder / f"diagnostic-{slug(code)}.{fmt}"
        if path.is_file():
            return path
        data = self.diagnostic(code, lang)
        with self._key_lock((code, lang)):
            if not path.is_file():
                write_diagnostic(data, _contours(), folder, (fmt,))
        return path
