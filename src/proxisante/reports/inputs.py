"""The inputs of a diagnosis, gathered at the edge once for every shell.

:func:`diagnostic_inputs` is the one function the CLI (``proxisante diagnostic``, one territory
or a batch) and the web (``/territoires/{code}/diagnostic``) call: the installation's imported
tables (professionals, structures, age bands), the bundle's contours and sources, the travel
times to use, the contacts of the territory and its projects ("Initiatives et pistes").

Contacts come from ``--contacts FILE`` on the command line, otherwise from the installation's
``PROXISANTE_HOME/contacts.csv`` (same columns), which the web reads too. Projects: the CLI
passes every project of the database (the operator's document), the web the public ones.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from functools import cache
from pathlib import Path

from proxisante.access.port import TravelTimeProvider
from proxisante.diagnosis import DiagnosticInputs
from proxisante.diagnosis.build import contour_lookup
from proxisante.diagnosis.context import Scope
from proxisante.diagnosis.model import Contact, Initiative, Source
from proxisante.errors import UserError
from proxisante.i18n import _
from proxisante.projects.initiatives import initiatives
from proxisante.projects.model import Project
from proxisante.territory.bundle import read_provenance, read_table
from proxisante.territory.local_store import LocalStore

CONTACT_COLUMNS = tuple(f.name for f in fields(Contact))
CONTACTS_FILE = "contacts.csv"  # in PROXISANTE_HOME: the installation's contacts


def read_contacts(path: Path, name: str = "--contacts") -> tuple[Contact, ...]:
    """A contacts CSV (columns :data:`CONTACT_COLUMNS`), checked whole; ``name``: how the
    reader gave it (an option, a setting), for the messages."""
    if not path.is_file():
        raise UserError(
            _("{name} {path} : fichier introuvable (attendu un CSV aux colonnes {columns})").format(
                name=name, path=path, columns=", ".join(CONTACT_COLUMNS)
            )
        )
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in CONTACT_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise UserError(
                _("{name} {path} : colonne(s) manquante(s) {missing} (attendu {columns})").format(
                    name=name,
                    path=path,
                    missing=", ".join(missing),
                    columns=", ".join(CONTACT_COLUMNS),
                )
            )
        return tuple(
            Contact(**{k: (r.get(k) or "").strip() for k in CONTACT_COLUMNS}) for r in reader
        )


def installation_contacts(home: Path) -> tuple[Contact, ...]:
    """``PROXISANTE_HOME/contacts.csv`` when there is one."""
    path = home / CONTACTS_FILE
    return read_contacts(path, "PROXISANTE_HOME/" + CONTACTS_FILE) if path.is_file() else ()


@dataclass(frozen=True)
class TerritoryInputs:
    """What a diagnosis reads about its own territory: contacts and projects."""

    contacts: tuple[Contact, ...]
    initiatives: tuple[Initiative, ...] | None  # None: no database, no project list

    def key(self) -> str:
        """A short fingerprint (a cache of diagnoses changes when these change)."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:12]


def territory_inputs(
    home: Path,
    scope: Scope,
    lang: str,
    *,
    contacts: Sequence[Contact] | None = None,
    projects: Sequence[Project] | None = None,
) -> TerritoryInputs:
    """The contacts of ``scope`` (its code, or ``*``: every territory) and its projects."""
    pool = installation_contacts(home) if contacts is None else tuple(contacts)
    return TerritoryInputs(
        tuple(c for c in pool if c.territory in (scope.code, "*")),
        None if projects is None else initiatives(projects, scope.communes, lang),
    )


@cache
def bundle_contours() -> dict[str, object]:
    """The bundle's commune contours by code (read once per process: the bundle is fixed)."""
    contours = read_table("contours")
    return contour_lookup(contours["code"].tolist(), contours["wkb"].tolist())


def shared_inputs(home: Path, travel: TravelTimeProvider, today: date) -> DiagnosticInputs:
    """The inputs every diagnosis of this installation shares: the imported tables (read
    again at each call: an import may have replaced them), the bundle's contours and sources,
    the travel times."""
    store = LocalStore(home)
    return DiagnosticInputs(
        travel=travel,
        professionals=store.load("professionals-csv"),
        structures=store.load("structures-csv"),
        age_bands=store.load("insee-age"),
        contours=bundle_contours(),
        sources=tuple(Source.from_provenance(e) for e in read_provenance()["sources"]),
        today=today,
    )


def diagnostic_inputs(
    home: Path,
    scope: Scope,
    lang: str,
    *,
    shared: DiagnosticInputs,
    contacts: Sequence[Contact] | None = None,
    projects: Sequence[Project] | None = None,
) -> DiagnosticInputs:
    """Everything the diagnosis of ``scope`` reads besides the territory: ``shared`` (the
    installation's part, :func:`shared_inputs`, loaded once for a batch or a cache) with the
    territory's contacts and projects."""
    own = territory_inputs(home, scope, lang, contacts=contacts, projects=projects)
    return replace(shared, contacts=own.contacts, initiatives=own.initiatives)
