"""Fixtures shared by every test folder."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from proxisante.cli.__main__ import main

REPO = Path(__file__).resolve().parent.parent

# The PostgreSQL server of the tests (each test creates its own uniquely named databases on it).
PG_ADMIN = os.environ.get("PROXISANTE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def pg_url(database: str, *, driver: str = "postgresql") -> str:
    """The URL of ``database`` on the test server (``driver`` e.g. ``postgresql+psycopg``)."""
    from sqlalchemy.engine import make_url

    url = make_url(PG_ADMIN).set(drivername=driver, database=database)
    return url.render_as_string(hide_password=False)


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty PROXISANTE_HOME for one test."""
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def cli(home: Path) -> Callable[..., CliResult]:
    """Run ``proxisante`` in process with PROXISANTE_HOME set to the test's ``home``."""

    def run(*argv: str, environ: dict[str, str] | None = None) -> CliResult:
        env = {"PROXISANTE_HOME": str(home), **(environ or {})}
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv), env)
            except SystemExit as exc:  # argparse usage errors
                code = int(exc.code or 0)
        return CliResult(code, out.getvalue(), err.getvalue())

    return run
