"""The embedded bundle travels inside the wheel and is rebuilt identically from the raw data."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from proxisante.territory.bundle import bundle_dir
from tests.conftest import REPO

RAW = REPO.parent / "shared" / "data" / "raw"
MAX_BUNDLE_MB = 40


def test_bundle_is_compact():
    size = sum(p.stat().st_size for p in bundle_dir().iterdir())
    assert size < MAX_BUNDLE_MB * 1e6


@pytest.mark.slow
def test_wheel_carries_the_bundle(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    wheel = next(tmp_path.glob("proxisante-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in (
        "communes.parquet",
        "areas.parquet",
        "contours.parquet",
        "hospitals.parquet",
        "departments.parquet",
        "workforce.parquet",
        "workforce_ages.parquet",
        "skeleton.parquet",
        "emergency.parquet",
        "nurses_apl.parquet",
        "nurses_liberal.parquet",
        "apl_departements.parquet",
        "housing.parquet",
        "zoning_compiled.parquet",
        "bassins_vie.parquet",
        "roads.geojson",
        "provenance.json",
    ):
        assert f"proxisante/data/bundle/{f}" in names


@pytest.mark.slow
@pytest.mark.skipif(not RAW.exists(), reason="the raw open data (../shared/data/raw) is absent")
def test_bundle_rebuilds_identically(tmp_path: Path):
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "build_bundle.py"),
            "--raw",
            str(RAW),
            "--out",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    for name in (
        "communes",
        "areas",
        "hospitals",
        "departments",
        "workforce",
        "workforce_ages",
        "skeleton",
        "emergency",
        "nurses_apl",
        "nurses_liberal",
        "apl_departements",
        "housing",
        "zoning_compiled",
        "bassins_vie",
    ):
        rebuilt = pd.read_parquet(tmp_path / f"{name}.parquet")
        shipped = pd.read_parquet(bundle_dir() / f"{name}.parquet")
        pd.testing.assert_frame_equal(rebuilt, shipped)
    assert (tmp_path / "roads.geojson").read_bytes() == (
        bundle_dir() / "roads.geojson"
    ).read_bytes()
