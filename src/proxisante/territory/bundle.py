"""Reading the embedded data bundle shipped inside the package (``proxisante/data/bundle``).

The bundle is rebuilt from the raw open data by ``scripts/build_bundle.py``; its provenance
(publisher, licence, vintage of each source, and how codes were re-keyed) is in
``provenance.json`` beside the Parquet files.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

FILES = ("communes.parquet", "areas.parquet", "hospitals.parquet", "contours.parquet")


def bundle_dir() -> Path:
    """Folder of the embedded bundle inside the installed package."""
    return Path(str(resources.files("proxisante") / "data" / "bundle"))


def read_table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read one Parquet table of the bundle: communes, areas, hospitals or contours."""
    return pd.read_parquet(bundle_dir() / f"{name}.parquet", columns=columns)


def read_provenance() -> dict[str, Any]:
    """The provenance record: sources with publisher, licence and vintage; re-keying report."""
    text = (bundle_dir() / "provenance.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
