"""Reading the embedded data bundle shipped inside the package (``proxisante/data/bundle``).

The bundle is rebuilt from the raw open data by ``scripts/build_bundle.py``; its provenance
(publisher, licence, vintage of each source, and how codes were re-keyed) is in
``provenance.json`` beside the Parquet files.

Typed loaders (each checks its schema and returns columns of fixed dtypes):

- :func:`load_department_health`: INSEE BPE 2024 counts per département and BPE 2020 liberal
  GPs aggregated per département;
- :func:`load_workforce`, :func:`load_workforce_ages`: DREES demography of health
  professionals 2012–2020;
- :func:`load_emergency_departments`: France's emergency departments (DREES SAE 2025) and the
  Valais ones (published facts).
- :func:`commune_extras`: per-commune columns joined to the communes table by
  :func:`proxisante.territory.load_territory` (DREES nurse APL 2022–2023, INSEE RP 2018 housing,
  the compiled GP zoning — provenance unverified);
- :func:`load_apl_departements`, :func:`load_nurses_liberal`, :func:`load_bassins_vie`: DREES APL
  2024 of five professions by département, DREES liberal nurses by département and age, the
  bassins de vie 2022 (poles and CartoSanté indicators).
- :func:`load_population_ages`: INSEE population by département and age band, 1990–2021.
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
    "emergency.parquet",
    "nurses_apl.parquet",
    "nurses_liberal.parquet",
    "apl_departements.parquet",
    "housing.parquet",
    "zoning_compiled.parquet",
    "bassins_vie.parquet",
    "population_ages.parquet",
    "places.parquet",
    "roads.geojson",
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
POPULATION_AGE_COLUMNS = {
    "dep": "str",
    "year": "int64",
    "band_order": "int64",
    "age_band": "str",
    "population": "int64",
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


EMERGENCY_COLUMNS = {
    "id": "str",
    "name": "str",
    "locality": "str",
    "commune": "object",
    "route_commune": "object",
    "departement": "object",
    "country": "str",
    "lon": "float64",
    "lat": "float64",
    "category": "str",
    "general": "bool",
    "paediatric": "bool",
    "seasonal": "bool",
    "antenna": "bool",
    "passages": "Int64",
    "open_from": "Int64",
    "open_until": "Int64",
    "hours_since": "object",
    "source": "str",
    "point": "str",
}

# --- issue 22: nurses, professions by département, housing, compiled zoning, bassins de vie ----

EXTRA_COMMUNE_COLUMNS = {
    "apl_inf_2022": "float64",
    "apl_inf_2023": "float64",
    "pop_std_inf_2022": "float64",
    "pop_std_inf_2023": "float64",
    "population_2018": "float64",
    "households_2018": "float64",
    "dwellings_2018": "float64",
    "main_homes_2018": "float64",
    "secondary_homes_2018": "float64",
    "zoning_compiled": "object",
    "zrr_compiled": "object",
    "zoning_compiled_mixed": "object",
}
"""Columns :func:`commune_extras` adds to the communes table (missing where a source has none).

``apl_inf_*``: DREES APL to nurses (FTE per 100,000 standardised inhabitants) and
``pop_std_inf_*`` the nurses' standardised population; ``*_2018``: INSEE RP 2018 (secondary
homes and occasional dwellings, dwellings, main homes, households, population);
``zoning_compiled``: ``ZIP``, ``ZAC``, ``HZ``, ``ZAR`` or ``NA`` from a compilation of ARS GP
zonings whose provenance is **unverified** (``zrr_compiled``: ``C``, ``NC``, ``P``;
``zoning_compiled_mixed``: True where rows of several classes fell on one commune)."""

APL_DEPARTEMENT_COLUMNS = {
    "dep": "str",
    "name": "str",
    "profession": "str",
    "apl_2024": "float64",
    "apl_2023": "float64",
}
APL_PROFESSIONS = ("gp", "nurse", "physio", "midwife", "dentist")
"""Professions of the DREES APL 2024 by département: GPs (consultations a year per standardised
inhabitant), nurses, physiotherapists, midwives, dentists (FTE per 100,000 standardised
inhabitants)."""

NURSES_LIBERAL_COLUMNS = {
    "dep": "str",
    "year": "int64",
    "band_order": "int64",
    "age_band": "str",
    "count": "int64",
}
BASSIN_COLUMNS = {
    "bv": "str",
    "name": "str",
    "pole": "str",
    "apl_gp_2023": "float64",
    "gp_density_2024": "float64",
    "nurse_density_2024": "float64",
    "midwife_density_2024": "float64",
    "pharmacy_density_2024": "float64",
}


@cache
def _emergency() -> pd.DataFrame | None:
    if not (bundle_dir() / "emergency.parquet").exists():
        return None
    out = _typed("emergency", EMERGENCY_COLUMNS)
    for col in ("commune", "route_commune", "departement", "hours_since"):
        out[col] = out[col].where(out[col].notna(), None)
    return out


def load_emergency_departments() -> pd.DataFrame | None:
    """Emergency departments: France's authorised sites (DREES SAE 2025, FINESS points) and the
    Valais ones from published facts; None when the bundle was built without them.

    One row per site: ``id`` (FINESS for France, ``ch-ed-…`` for Valais), ``name``,
    ``locality``, ``commune`` (bundle code, None outside the bundle: Rennaz, Vaud),
    ``route_commune`` (the commune a trip ends in), ``departement``, ``country``, ``lon``,
    ``lat``, ``category``; the SAE authorisations ``general``, ``paediatric``, ``seasonal``,
    ``antenna``; ``passages`` (annual visits, SAE); ``open_from``/``open_until`` (hours, missing
    = 24 h/24) and ``hours_since`` (ISO date); ``source`` (``sae2025``, ``valais_facts``) and
    ``point`` (where the coordinates come from). A fresh copy: callers may change it.
    """
    table = _emergency()
    return None if table is None else table.copy()


@cache
def _commune_extras() -> pd.DataFrame:
    nurses = read_table("nurses_apl").set_index("code")
    housing = read_table("housing").set_index("code")
    zoning = read_table("zoning_compiled").set_index("code")
    zoning = zoning.rename(
        columns={
            "zoning": "zoning_compiled",
            "zrr": "zrr_compiled",
            "mixed": "zoning_compiled_mixed",
        }
    )
    out = nurses.join(housing, how="outer").join(zoning, how="outer")
    for col, dtype in EXTRA_COMMUNE_COLUMNS.items():
        if col not in out.columns:  # a bundle built by another version of the script
            raise RuntimeError(f"bundle lacks the commune column {col}; run `make bundle`")
        out[col] = out[col].astype(dtype)  # type: ignore[call-overload]
    return out[list(EXTRA_COMMUNE_COLUMNS)]


def commune_extras() -> pd.DataFrame:
    """The per-commune columns of :data:`EXTRA_COMMUNE_COLUMNS`, indexed by commune code."""
    return _commune_extras().copy()


@cache
def _apl_departements() -> pd.DataFrame:
    return _typed("apl_departements", APL_DEPARTEMENT_COLUMNS)


def load_apl_departements() -> pd.DataFrame:
    """DREES APL 2024 and 2023 by département (``dep`` ``03``; ``fr`` for France) and profession
    (:data:`APL_PROFESSIONS`): département averages weighted by standardised population."""
    return _apl_departements().copy()


@cache
def _nurses_liberal() -> pd.DataFrame:
    return _typed("nurses_liberal", NURSES_LIBERAL_COLUMNS)


def load_nurses_liberal() -> pd.DataFrame:
    """DREES active liberal nurses by département, year (2012–2023) and age band.

    ``band_order`` 0 is the total ("Ensemble"), 1 = under 25 … 9 = 60–64, 10 = 65 and over.
    Headcounts, not FTE."""
    return _nurses_liberal().copy()


@cache
def _bassins_vie() -> pd.DataFrame:
    return _typed("bassins_vie", BASSIN_COLUMNS)


def load_bassins_vie() -> pd.DataFrame:
    """Bassins de vie 2022: code, name, pole commune (COG 2026) and CartoSanté indicators
    (GP APL 2023; GP, nurse, midwife densities 2024 per 10,000; pharmacies per 10,000).

    Membership of the communes is not published with them: see
    :mod:`proxisante.planning.zoning.units` for the approximation used."""
    return _bassins_vie().copy()


@cache
def _population_ages() -> pd.DataFrame:
    return _typed("population_ages", POPULATION_AGE_COLUMNS)


def load_population_ages() -> pd.DataFrame:
    """INSEE population at 1 January by département, year (1990–2021, 2019–2021 provisional)
    and five-year age band (both sexes).

    Columns ``dep`` (``03``, ``2A``, ``971``), ``year``, ``band_order`` (0 = ``0-4`` … 18 =
    ``90+``: the bands of the DREES standardised population), ``age_band``, ``population``.
    Mayotte (``976``) from 2014 only. A fresh copy: callers may change it.
    """
    return _population_ages().copy()
