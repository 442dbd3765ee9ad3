"""Maps and charts as inline SVG, drawn from contours and the diagnosis data (no network).

Colours: a sequential palette readable in print and by colour-blind readers (light to dark),
with a hatched grey for "no data"; neighbours are drawn in light grey for context.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

import shapely

from proxisante.diagnosis.model import MapClass
from proxisante.diagnosis.scales import PALETTE

# The palette of the web maps (one definition, ``diagnosis/scales.py``): viridis, colour-blind
# safe, dark = the worse end.
SEQUENTIAL = PALETTE
NO_DATA = "url(#nodata)"
NEIGHBOUR = "#e6e6e6"
WIDTH, HEIGHT = 640, 420


def _projector(geoms: Sequence[Any]) -> Callable[[float, float], tuple[float, float]]:
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    k = math.cos(math.radians((miny + maxy) / 2))
    w, h = max((maxx - minx) * k, 1e-9), max(maxy - miny, 1e-9)
    scale = min((WIDTH - 20) / w, (HEIGHT - 20) / h)
    ox = (WIDTH - w * scale) / 2
    oy = (HEIGHT - h * scale) / 2

    def project(x: float, y: float) -> tuple[float, float]:
        return ox + (x - minx) * k * scale, HEIGHT - (oy + (y - miny) * scale)

    return project


def _path(geom: Any, project: Callable[[float, float], tuple[float, float]]) -> str:
    parts = []
    polys = getattr(geom, "geoms", [geom])
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            pts = [project(x, y) for x, y in ring.coords]
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in pts) + "Z")
    return "".join(parts)


def choropleth(
    contours: Mapping[str, Any],
    territory: Sequence[str],
    neighbours: Sequence[str],
    colour_of: Callable[[str], str],
    title: str,
    names: dict[str, str] | None = None,
    merged: bool = False,
) -> str:
    """An SVG map of the territory's communes coloured by ``colour_of(code)``; ``merged``: the
    same drawing with one path per colour and no commune names (for print)."""
    own = [c for c in territory if c in contours]
    around = [c for c in neighbours if c in contours]
    geoms = [contours[c] for c in own + around]
    if not geoms:
        return ""
    project = _projector([contours[c] for c in own] or geoms)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="map">',
        '<defs><pattern id="nodata" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f4f4f4"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#999" stroke-width="1.5"/></pattern></defs>',
    ]
    if merged:  # print: one path for the neighbours, one per colour (fewer elements to lay out)
        if around:
            d = "".join(_path(contours[c], project) for c in around)
            out.append(f'<path d="{d}" fill="{NEIGHBOUR}" stroke="#bbb" stroke-width="0.5"/>')
        by_colour: dict[str, list[str]] = {}
        for c in own:
            by_colour.setdefault(colour_of(c), []).append(_path(contours[c], project))
        for colour, paths in by_colour.items():
            out.append(
                f'<path d="{"".join(paths)}" fill="{colour}" stroke="#333" stroke-width="0.6"/>'
            )
    else:  # screen: one path per commune, named (a tooltip, read by screen readers)
        for c in around:
            out.append(
                f'<path d="{_path(contours[c], project)}" fill="{NEIGHBOUR}" '
                'stroke="#bbb" stroke-width="0.5"/>'
            )
        for c in own:
            label = escape((names or {}).get(c, c))
            out.append(
                f'<path d="{_path(contours[c], project)}" fill="{colour_of(c)}" '
                f'stroke="#333" stroke-width="0.6"><title>{label}</title></path>'
            )
    outline = shapely.union_all([contours[c] for c in own]) if own else None
    if outline is not None:
        out.append(
            f'<path d="{_path(outline, project)}" fill="none" stroke="#000" stroke-width="1.8"/>'
        )
    out.append("</svg>")
    return "".join(out)


def class_colour(value: float | None, classes: Sequence[MapClass], reverse: bool = False) -> str:
    """Colour of ``value`` among ``classes`` (each with ``min`` and ``max``)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NO_DATA
    palette = SEQUENTIAL[::-1] if reverse else SEQUENTIAL
    for i, k in enumerate(classes):
        lo, hi = k.min, k.max
        if (lo is None or value >= lo) and (hi is None or value < hi):
            return palette[i]
    return NO_DATA
