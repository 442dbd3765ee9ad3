"""Files of ``plan scenario --out``: JSON, CSV, GeoPackage (pyogrio), SVG map of the change."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from proxisante.i18n import _
from proxisante.reports.tables import write_polygons
from proxisante.territory.bundle import read_table
from proxisante.territory.territory import Territory

COLUMNS = (
    "apl_official", "apl_model_before", "apl_model_after", "apl_change",
    "apl_anchored_before", "apl_anchored_after", "population", "supply_before", "supply_after",
)  # fmt: skip
DIVERGING = ("#b2182b", "#ef8a62", "#f7f7f7", "#67a9cf", "#2166ac")


def write_scenario_files(
    folder: Path, stem: str, report: dict[str, Any], terr: Territory, formats: tuple[str, ...]
) -> list[Path]:
    table: pd.DataFrame = report["table"]
    out: list[Path] = []
    if "json" in formats:
        p = folder / f"{stem}.json"
        p.write_text(
            json.dumps(report["summary"], ensure_ascii=False, indent=2, default=str),
            encoding="utf-8",
        )
        out.append(p)
    if "csv" in formats:
        p = folder / f"{stem}.csv"
        table.to_csv(p, index=False)
        out.append(p)
    if "gpkg" in formats or "svg" in formats:
        contours = _contours(list(table["code"]))
        if "gpkg" in formats:
            p = folder / f"{stem}.gpkg"
            _gpkg(table, contours, p)
            out.append(p)
        if "svg" in formats:
            p = folder / f"{stem}-carte.svg"
            p.write_text(_map(table, contours, report["summary"]["name"]), encoding="utf-8")
            out.append(p)
    return out


def _contours(codes: list[str]) -> dict[str, Any]:
    frame = read_table("contours")
    frame = frame[frame["code"].isin(set(codes))]
    geoms = shapely.from_wkb(frame["wkb"].to_numpy())
    return dict(zip(frame["code"], geoms, strict=True))


def _gpkg(table: pd.DataFrame, contours: dict[str, Any], path: Path) -> None:
    rows = table[table["code"].isin(contours.keys())]
    geoms = [
        shapely.multipolygons([g]) if g.geom_type == "Polygon" else g
        for g in (contours[c] for c in rows["code"])
    ]
    text = ["code", "name", "class_before", "class_after", "crossing", "anchoring"]
    fields = [*text, *COLUMNS]
    data = [rows[c].astype(str).to_numpy(dtype=object) for c in text]
    data += [rows[c].to_numpy(dtype=np.float64) for c in COLUMNS]
    write_polygons(path, geoms, fields, data, "scenario")


def _colour(change: float, scale: float) -> str:
    if not np.isfinite(change):
        return "url(#nodata)"
    k = int(np.clip(np.round(change / scale * 2), -2, 2)) + 2 if scale > 0 else 2
    return DIVERGING[k]


def _map(table: pd.DataFrame, contours: dict[str, Any], title: str) -> str:
    from proxisante.reports.svg import choropleth

    moved = table["apl_anchored_after"] - table["apl_anchored_before"]
    change = dict(zip(table["code"], moved, strict=True))
    scale = float(np.nanmax(np.abs(moved))) if len(table) and moved.notna().any() else 0.0
    names = {
        c: f"{n} [{m}]" if a == "fragile" else str(n)
        for c, n, a, m in zip(
            table["code"], table["name"], table["anchoring"], table["anchoring_label"], strict=True
        )
    }
    svg = choropleth(
        contours,
        list(table["code"]),
        [],
        lambda c: _colour(change.get(c, np.nan), scale),
        _("Variation de l'APL ancrée — {title} (simulation)").format(title=title),
        names={c: f"{names[c]} : {change[c]:+.3f}" for c in names},
    )
    legend = _(
        "<!-- Variation de l'APL ancrée (simulation), échelle ±{scale:.3f} ; rouge = "
        "baisse, bleu = hausse. {x} -->"
    ).format(scale=scale, x=escape(title))
    return svg.replace("</svg>", legend + "</svg>", 1)
