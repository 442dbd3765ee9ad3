"""The Diagnostic Santé Flash of a territory for the public pages: built once per territory,
language, contacts and public projects through the diagnosis and reports code, with the inputs
of ``proxisante diagnostic`` (:func:`proxisante.reports.inputs.diagnostic_inputs`), kept in
memory and its files (HTML, PDF, CSV, GeoPackage, JSON) cached on disk."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from proxisante.access.port import TravelTimeProvider
from proxisante.diagnosis import Diagnostic, build_diagnostic
from proxisante.diagnosis.context import scope_of_area
from proxisante.projects.model import Project
from proxisante.reports.inputs import (
    TerritoryInputs,
    bundle_contours,
    diagnostic_inputs,
    shared_inputs,
    territory_inputs,
)
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


class DiagnosticStore:
    """Diagnoses by (territory, language, contacts and projects), and their files on disk."""

    def __init__(self, home: Path, provider: TravelTimeProvider) -> None:
        self.home, self.provider = home, provider
        self.dir = home / "cache" / "web" / f"diagnostics-{CACHE_VERSION}-{_bundle_key()}"
        self._memory: OrderedDict[tuple[str, str, str], Diagnostic] = OrderedDict()
        self._lock = threading.Lock()
        self._locks: dict[tuple[str, str, str], threading.Lock] = {}

    def _own(self, code: str, lang: str, projects: Sequence[Project] | None) -> TerritoryInputs:
        return territory_inputs(
            self.home, scope_of_area(load_territory(), code), lang, projects=projects
        )

    def diagnostic(
        self, code: str, lang: str, projects: Sequence[Project] | None = None
    ) -> Diagnostic:
        """The diagnosis of ``code`` in ``lang`` with these (public) projects and the
        installation's contacts, built on first use by the function the CLI calls
        (:func:`proxisante.reports.inputs.diagnostic_inputs`)."""
        key = (code, lang, self._own(code, lang, projects).key())
        with self._key_lock(key):
            hit = self._memory.get(key)
            if hit is None:
                terr = load_territory()
                scope = scope_of_area(terr, code)
                shared = shared_inputs(self.home, self.provider, date.today())
                inputs = diagnostic_inputs(self.home, scope, lang, shared=shared, projects=projects)
                hit = build_diagnostic(terr, scope, inputs, lang)
            with self._lock:
                self._memory[key] = hit
                self._memory.move_to_end(key)
                while len(self._memory) > KEEP:
                    self._memory.popitem(last=False)
            return hit

    def cached(
        self, code: str, lang: str, projects: Sequence[Project] | None = None, fmt: str = ""
    ) -> bool:
        """Whether the diagnosis (or its file in ``fmt``) is ready, i.e. serving it is light."""
        own = self._own(code, lang, projects).key()
        if fmt:
            return (self.dir / lang / own / f"diagnostic-{slug(code)}.{fmt}").is_file()
        with self._lock:
            return (code, lang, own) in self._memory

    def _key_lock(self, key: tuple[str, str, str]) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(key, threading.Lock())

    def file(
        self, code: str, lang: str, fmt: str, projects: Sequence[Project] | None = None
    ) -> Path:
        """The file of the diagnosis in format ``fmt`` (written on first use)."""
        from proxisante.reports.writer import write_diagnostic

        own = self._own(code, lang, projects).key()
        folder = self.dir / lang / own
        path = folder / f"diagnostic-{slug(code)}.{fmt}"
        if path.is_file():
            return path
        data = self.diagnostic(code, lang, projects)
        with self._key_lock((code, lang, own)):
            if not path.is_file():
                write_diagnostic(data, bundle_contours(), folder, (fmt,))
        return path
