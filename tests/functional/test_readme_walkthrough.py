"""The registry walkthrough of README.md works as written: its commands run literally.

The lines between ``<!-- walkthrough:start -->`` and ``<!-- walkthrough:end -->`` are run by
``bash -e`` from the repository root, with ``proxisante`` of this environment first on the PATH
and an empty ``PROXISANTE_HOME`` (a fresh clone's first run).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

BLOCK = re.compile(
    r"<!-- walkthrough:start -->\s*```sh\n(?P<body>.*?)```\s*<!-- walkthrough:end -->", re.S
)


def walkthrough() -> str:
    found = BLOCK.search((REPO / "README.md").read_text(encoding="utf-8"))
    assert found, "README.md has no walkthrough block between the markers"
    return found.group("body")


def test_the_walkthrough_covers_the_coordinators_night_job() -> None:
    body = walkthrough()
    for step in (
        "proxisante db upgrade",
        "registry add-territory",
        "registry add-user",
        "registry import capacities",
        "registry import patients",
        "registry match --territory cpts-vichy --dry-run",
        "registry match --demo",
    ):
        assert step in body, step


@pytest.mark.slow
def test_the_readme_walkthrough_runs_as_written(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "PROXISANTE_HOME": str(tmp_path / "home"),
        "PROXISANTE_LANG": "fr",
    }
    env.pop("PROXISANTE_DATABASE_URL", None)
    done = subprocess.run(
        ["bash", "-e", "-u", "-o", "pipefail", "-c", walkthrough()],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    assert "Territoire cpts-vichy : 39 commune(s)." in out
    assert "2 capacité(s) déclarée(s) dans cpts-vichy (2 professionnel(s) créé(s)" in out
    assert "6 patient(s) inscrit(s) dans cpts-vichy, 0 déjà inscrit(s)." in out
    assert "5 proposition(s) seraient faites (simulation, rien n'est écrit)" in out
    assert "cpts-vichy : 6 patient(s) en attente ; 5 proposition(s) faites" in out
    assert '"territory": "cpts-vichy-demo"' in out and '"dry_run": true' in out
    assert (tmp_path / "home" / "proxisante.db").exists()
    assert (tmp_path / "home" / "demo.db").exists()
