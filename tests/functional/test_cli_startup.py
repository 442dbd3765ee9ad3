"""The command starts fast: building the parser imports no heavy library.

Command modules import their core inside the function that runs the command; this test keeps
it so (``proxisante --help`` and every command pay only for what they use).
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "weasyprint",
    "scipy",
    "alembic",
    "ortools",
    "fastapi",
    "sqlalchemy",
    "pandas",
    "osmium",
    "pyproj",
)


def test_parser_imports_no_heavy_library():
    code = (
        "import sys, json; from proxisante.cli.__main__ import build_parser; build_parser(); "
        "print(json.dumps(sorted(m for m in sys.modules if '.' not in m)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out))
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_import_kinds_listed_in_the_cli_match_the_importers():
    from proxisante.cli.data import KINDS
    from proxisante.territory.importers import IMPORTERS

    assert set(KINDS) == set(IMPORTERS)


def test_contact_columns_listed_in_the_cli_match_the_reader():
    from proxisante.cli.diagnostic import CONTACT_COLUMNS
    from proxisante.reports.inputs import CONTACT_COLUMNS as READ

    assert CONTACT_COLUMNS == READ
