"""Importers for the official formats users bring.

Each importer validates the whole file, reports every problem with its line number and what was
expected, and returns a table only when the file is entirely valid; the local store then replaces
the previous import of that kind atomically. Kinds: ``rpps``, ``finess``, ``insee-age``,
``professionals-csv``, ``structures-csv``.
"""

from __future__ import annotations

from proxisante.territory.importers._registry import IMPORTERS, import_file

__all__ = ["IMPORTERS", "import_file"]
