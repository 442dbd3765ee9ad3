"""Reading the embedded data bundle shipped inside the package (``proxisante/data/bundle``).

The bundle is rebuilt from the raw open data by ``scripts/build_bundle.py``; its provenance
(publisher, licence, vintage of each source, and how codes were re-keyed) is in
``provenance.json`` beside the Parquet files.

Typed loaders (each checks its schema and returns columns of fixed dtypes):

- :func:`load_department_health`: INSEE BPE 2024 counts per département and BPE 2020 liberal
  GPs aggregated per département;
- :func:`load_workforce`, :func:`load_workforce_ages`: DREES demography of health
  professionals 2012–2020.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

FILES = (
    "communes.parquet",
    "areas.parquet",
    "hospitals.parquet",
    "contours.parquet",
    "departments.parquet",
    "workforce.parquet",
    "workforce_ages.parquet",
    "skeleton.parquet",
    "places.parquet",
)

DEPARTMENT_HEALTH_COLUMNS = {
    "dep": "str",
    "name": "str",
    "gp_2020": "Int64",
    "gp_2024": "Int64",
    "emergency_2024": "Int64",
    "nurses_2024": "Int64",
    "pharmacies_2024": "Int64",
    "dentists_2024": "Int64",
    "population_2025": "Int64",
}
WORKFORCE_COLUMNS = {"dep": "str", "profession": "str", "year": "int64", "count": "int64"}
WORKFORCE_AGE_COLUMNS = {
    "profession": "str",
    "year": "int64",
    "age_band": "str",
    "band_order": "int64",
    "age_min": "int64",
    "age_max": "Int64",
    "count": "int64",
}
PROFESSIONS = ("doctor", "nurse", "dentist")
"""DREES professions: ``doctor`` = all doctors (RPPS, every speciality, not GPs only),
``nurse`` (ADELI), ``dentist`` (RPPS)."""


def bundle_dir() -> Path:
    """Folder of the embedded bundle inside the installed package."""
    return Path(str(resources.files("proxisante") / "data" / "bundle"))


def read_table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read one Parquet table of the bundle (communes, areas, hospitals, contours, …)."""
    return pd.read_parquet(bundle_dir() / f"{name}.parquet", columns=columns)


def read_provenance() -> dict[str, Any]:
    """The provenance record: sources with publisher, licence and vintage; re-keying report."""
    text = (bundle_dir() / "provenance.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _typed(name: str, schema: dict[str, str]) -> pd.DataFrame:
    df = read_table(name)
    missing = [c for c in schema if c not in df.columns]
    if missing:  # a bundle built by another version of the script: an internal error
        raise RuntimeError(f"bundle table {name} lacks columns {missing}; run `make bundle`")
    out = df[list(schema)].copy()
    for col, dtype in schema.items():
        out[col] = out[col].astype(dtype)  # type: ignore[call-overload]
    return out


@cache
def _department_health() -> pd.DataFrame:
    return _typed("departments", DEPARTMENT_HEALTH_COLUMNS)


def load_department_health() -> pd.DataFrame:
    """Health equipment per French département (101 rows, one per département of COG 2026).

    Columns: ``dep`` (``03``, ``2A``, ``971``), ``name``; ``gp_2020`` (liberal GPs, INSEE BPE
    2020 by commune, equipment D201, re-keyed to COG 2026 and summed per département);
    ``gp_2024``, ``emergency_2024`` (BPE emergency services, D106), ``nurses_2024``,
    ``pharmacies_2024``, ``dentists_2024`` (INSEE BPE 2024, Statistiques locales) and
    ``population_2025`` (INSEE population estimate 2025). Counts are nullable integers: a value
    withheld by INSEE is missing, never 0. A fresh copy: callers may change it.
    """
    return _department_health().copy()


@cache
def _workforce() -> pd.DataFrame:
    return _typed("workforce", WORKFORCE_COLUMNS)


def load_workforce() -> pd.DataFrame:
    """DREES counts per département, profession and year (1 January), 2012–2020.

    Columns ``dep``, ``profession`` (one of :data:`PROFESSIONS`), ``year``, ``count``. Doctors are
    counted in their département of registration, dentists where they practise; ``dep`` ``000``
    holds the few dentists of overseas collectivities or abroad.
    """
    return _workforce().copy()


@cache
def _workforce_ages() -> pd.DataFrame:
    return _typed("workforce_ages", WORKFORCE_AGE_COLUMNS)


def load_workforce_ages() -> pd.DataFrame:
    """DREES national counts per profession, year and age band (France entière), 2012–2020.

    Columns ``profession``, ``year``, ``age_band`` (``<30``, ``30-34``, …, ``65+``; doctors'
    first band is ``<30``, nurses' and dentists' ``<25``), ``band_order`` (0 = youngest),
    ``age_min``, ``age_max`` (missing for the open last band), ``count``. National only: DREES
    does not cross age with département in these files.
    """
    return _workforce_ages().copy()
