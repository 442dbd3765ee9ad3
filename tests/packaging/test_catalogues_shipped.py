"""The compiled translation catalogues and the report templates travel inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_carries_the_catalogues(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    wheel = next(tmp_path.glob("proxisante-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in ("fr", "de", "en"):
        assert f"proxisante/locale/{lang}/LC_MESSAGES/proxisante.mo" in names
        assert f"proxisante/locale/{lang}/LC_MESSAGES/proxisante.po" in names
    assert "proxisante/reports/templates/diagnostic.html.j2" in names
