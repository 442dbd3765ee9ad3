"""CSV and GeoPackage exports of a diagnosis (raw values, one row per commune)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyogrio.raw import write as ogr_write

COLUMNS = ("population", "gp", "apl_2023", "apl_computed", "minutes_gp", "minutes_hospital")


def write_csv(data: dict[str, Any], path: Path) -> None:
    """``code, name`` and the raw values of every commune; a second block is not mixed in:
    figures of the territory go to ``<name>-figures.csv`` beside it."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", *COLUMNS])
        for c in data["communes"]:
            w.writerow(
                [
                    c["code"],
                    c["name"],
                    *("" if c["values"][k] is None else c["values"][k] for k in COLUMNS),
                ]
            )
    figures = path.with_name(path.stem + "-figures.csv")
    with figures.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["figure", "label", "value", "unit", "nature", "source"])
        for key, fig in data["figures"].items():
            w.writerow(
                [
                    key,
                    fig["label"],
                    "" if fig["value"] is None else fig["value"],
                    fig["unit"],
                    fig["nature"],
                    fig["source"],
                ]
            )


def write_gpkg(data: dict[str, Any], contours: dict[str, Any], path: Path) -> None:
    """A GeoPackage layer ``communes`` (WGS84 multipolygons) with the commune values."""
    rows = [c for c in data["communes"] if c["code"] in contours]
    geoms = [
        shapely.multipolygons([g]) if g.geom_type == "Polygon" else g
        for g in (contours[c["code"]] for c in rows)
    ]
    fields = ["code", "name", *COLUMNS]
    field_data = [
        np.asarray([c["code"] for c in rows], dtype=object),
        np.asarray([c["name"] for c in rows], dtype=object),
        *[
            np.asarray(
                [np.nan if c["values"][k] is None else float(c["values"][k]) for c in rows],
                dtype=np.float64,
            )
            for k in COLUMNS
        ],
    ]
    ogr_write(
        str(path),
        geometry=shapely.to_wkb(np.asarray(geoms, dtype=object)),
        field_data=field_data,
        fields=fields,
        layer="communes",
        driver="GPKG",
        geometry_type="MultiPolygon",
        crs="EPSG:4326",
    )
