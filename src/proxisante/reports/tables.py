"""CSV and GeoPackage exports of a diagnosis (raw values, one row per commune)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyogrio.raw import write as ogr_write

from proxisante.diagnosis.model import CommuneValues, Diagnostic, Number

COLUMNS = ("population", "gp", "apl_2023", "apl_computed", "minutes_gp", "minutes_hospital")


def _values(v: CommuneValues) -> tuple[Number, ...]:
    return (v.population, v.gp, v.apl_2023, v.apl_computed, v.minutes_gp, v.minutes_hospital)


def write_csv(data: Diagnostic, path: Path) -> None:
    """``code, name`` and the raw values of every commune; a second block is not mixed in:
    figures of the territory go to ``<name>-figures.csv`` beside it."""
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", *COLUMNS])
        for c in data.communes:
            w.writerow([c.code, c.name, *("" if x is None else x for x in _values(c.values))])
    figures = path.with_name(path.stem + "-figures.csv")
    with figures.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["figure", "label", "value", "unit", "nature", "source"])
        for key, fig in data.figures.items():
            value = "" if fig.value is None else fig.value
            w.writerow([key, fig.label, value, fig.unit, fig.nature, fig.source])


def write_gpkg(data: Diagnostic, contours: Mapping[str, Any], path: Path) -> None:
    """A GeoPackage layer ``communes`` (WGS84 multipolygons) with the commune values."""
    rows = [c for c in data.communes if c.code in contours]
    geoms = [
        shapely.multipolygons([g]) if g.geom_type == "Polygon" else g
        for g in (contours[c.code] for c in rows)
    ]
    fields = ["code", "name", *COLUMNS]
    table = [_values(c.values) for c in rows]
    field_data = [
        np.asarray([c.code for c in rows], dtype=object),
        np.asarray([c.name for c in rows], dtype=object),
        *[
            np.asarray(
                [np.nan if r[i] is None else float(r[i]) for r in table],  # type: ignore[arg-type]
                dtype=np.float64,
            )
            for i in range(len(COLUMNS))
        ],
    ]
    write_polygons(path, geoms, fields, field_data, "communes")


def write_polygons(
    path: Path, geoms: Sequence[Any], fields: Sequence[str], data: Sequence[Any], layer: str
) -> None:
    """One GeoPackage layer of (multi)polygons in WGS 84, one column of ``data`` per field."""
    ogr_write(
        str(path),
        geometry=shapely.to_wkb(np.asarray(geoms, dtype=object)),
        field_data=list(data),
        fields=list(fields),
        layer=layer,
        driver="GPKG",
        geometry_type="MultiPolygon",
        crs="EPSG:4326",
    )
