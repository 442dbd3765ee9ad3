"""The HTML of a diagnosis: a Jinja2 template fed only with the typed diagnosis.

Every number the page shows is a display string of the diagnosis (the template holds no
figure); words come from the translation catalogues through ``_()`` (``jinja2.ext.i18n``);
maps and charts are inline SVG, so the page and the PDF need no network.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from proxisante import i18n
from proxisante.diagnosis.model import Diagnostic, MapClass
from proxisante.diagnosis.texts import map_classes
from proxisante.i18n import _
from proxisante.reports import svg

_ENV = Environment(
    loader=PackageLoader("proxisante.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
_ENV.filters["date_label"] = lambda iso: i18n.format_date(date.fromisoformat(iso), "long")
_ENV.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
)

# Sections the template lays out itself; any other figure section is shown generically.
LAID_OUT = (
    "scope",
    "context",
    "demography",
    "supply",
    "departement",
    "proximity",
    "classification",
    "perspectives",
)

# The projections, one row per quantity and one column per horizon (labels in French, N_()).
PROJECTED = (
    ("gp", i18n.N_("Médecins généralistes libéraux")),
    ("demand", i18n.N_("Population standardisée (demande)")),
    ("apl", i18n.N_("APL (ancrée sur l'APL officielle)")),
)


PROJECTED_KEY = re.compile(r"^(gp|demand|apl)_\d+y(_p10|_p90)?$")


@dataclass(frozen=True)
class ProjectionTable:
    """The perspectives as a compact table: ``cells[i][j]`` is quantity i at horizon j,
    ``central (P10 – P90)``; every string is a display string of the diagnosis."""

    horizons: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    source: str
    nature_label: str


def projection_table(data: Diagnostic) -> ProjectionTable | None:
    """The table of the projected figures, or None when the diagnosis has none."""
    f = data.figures
    years = [n for n in (5, 10) if f"gp_{n}y" in f]
    if not years:
        return None
    rows = []
    for key, label in PROJECTED:
        cells = []
        for n in years:
            c, lo, hi = (f.get(f"{key}_{n}y{band}") for band in ("", "_p10", "_p90"))
            if c is None:
                cells.append("")
                continue
            band = f" ({lo.display} – {hi.display})" if lo is not None and hi is not None else ""
            cells.append(c.display + band)
        rows.append((i18n.gettext(label), tuple(cells)))
    first = f[f"gp_{years[0]}y"]
    return ProjectionTable(
        horizons=tuple(i18n.gettext("À +{n} ans (P10 – P90)").format(n=n) for n in years),
        rows=tuple(rows),
        source=first.source,
        nature_label=first.nature_label,
    )


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str


def _css() -> str:
    return (resources.files("proxisante.reports") / "templates" / "diagnostic.css").read_text(
        encoding="utf-8"
    )


def emergency_classes() -> tuple[MapClass, ...]:
    """Classes of the map of minutes to the nearest emergency department (Valais), the breaks
    of the web map."""
    return map_classes("minutes_emergency")


def _valais_maps(data: Diagnostic, contours: Mapping[str, object], merged: bool) -> dict[str, str]:
    m, v = data.map, data.valais
    if v is None:
        return {}
    names = {c.code: c.name for c in v.communes}
    by_code = {c.code: c.values for c in v.communes}
    return {
        "access": svg.choropleth(
            contours,
            m.territory,
            m.neighbours,
            lambda c: svg.class_colour(by_code[c].access, v.access_classes),
            "access",
            names,
            merged,
        ),
        "emergency": svg.choropleth(
            contours,
            m.territory,
            m.neighbours,
            lambda c: svg.class_colour(
                by_code[c].minutes_emergency, emergency_classes(), reverse=True
            ),
            "minutes",
            names,
            merged,
        ),
    }


def render_maps(
    data: Diagnostic, contours: Mapping[str, object], merged: bool = False
) -> dict[str, str]:
    m = data.map
    names = {c.code: c.name for c in data.communes}
    by_code = {c.code: c.values for c in data.communes}
    return _valais_maps(data, contours, merged) | {
        "territory": svg.choropleth(
            contours,
            m.territory,
            m.neighbours,
            lambda c: "#9ecae1",
            data.meta.name,
            names,
            merged,
        ),
        "apl": svg.choropleth(
            contours,
            m.territory,
            m.neighbours,
            lambda c: svg.class_colour(by_code[c].apl_2023, m.apl_classes),
            "APL",
            names,
            merged,
        ),
        "time": svg.choropleth(
            contours,
            m.territory,
            m.neighbours,
            lambda c: svg.class_colour(by_code[c].minutes_gp, m.time_classes, reverse=True),
            "minutes",
            names,
            merged,
        ),
    }


def _legend(classes: tuple[MapClass, ...], palette: tuple[str, ...]) -> list[LegendEntry]:
    return [LegendEntry(k.label, palette[i]) for i, k in enumerate(classes)]


def render_html(data: Diagnostic, contours: Mapping[str, object], for_print: bool = False) -> str:
    """The page of ``data`` in its language (``data.meta.lang``); ``for_print``: the same page
    with maps drawn for paper (no commune tooltips, fewer shapes: a faster PDF)."""
    legends = {
        "apl": _legend(data.map.apl_classes, svg.SEQUENTIAL),
        "time": _legend(data.map.time_classes, svg.SEQUENTIAL[::-1]),
    }
    values = [r.values.gp_per_10k for r in data.comparison]
    if data.valais is not None:
        legends["access"] = _legend(data.valais.access_classes, svg.SEQUENTIAL)
        legends["emergency"] = _legend(emergency_classes(), svg.SEQUENTIAL[::-1])
        values = [r.values.fte_per_1000 for r in data.valais.comparison]
    top = max((v for v in values if v is not None), default=0) or 1
    bars = [0 if v is None else round(100 * v / top, 1) for v in values]
    lines = [f"{k} : {v}" for k, v in data.imported.professionals.items()]
    lines += [f"{s.name} ({s.type})" for s in data.imported.structures]
    extra = [k for k in data.sections if k not in LAID_OUT and data.sections[k]]
    with i18n.use_lang(data.meta.lang):
        return _ENV.get_template("diagnostic.html.j2").render(
            d=data,
            css=_css(),
            maps=render_maps(data, contours, merged=for_print),
            bars=bars,
            legends=legends,
            imported_lines=lines,
            extra_sections=extra,
            projections=projection_table(data),
            projected_keys=[
                k for k in data.sections.get("perspectives", ()) if PROJECTED_KEY.match(k)
            ],
            synthesis_map=synthesis_map(data),
            outlines=outline_sources(data),
        )


def outline_sources(data: Diagnostic) -> str:
    """Who drew the outlines of the territory map: IGN for French communes, the FSO and
    swisstopo for Swiss ones (a Valais map without French neighbours cites no French source)."""
    codes = [*data.map.territory, *data.map.neighbours]
    swiss = any(str(c).startswith("ch") for c in codes)
    french = any(not str(c).startswith("ch") for c in codes)
    if swiss and french:
        return _("contours IGN Admin Express (France), OFS/swisstopo (Suisse)")
    return _("contours OFS/swisstopo") if swiss else _("contours IGN Admin Express")


def synthesis_map(data: Diagnostic) -> str:
    """The map of the first page: official APL where known, else the time to the nearest GP,
    else the communes of the territory."""
    if any(c.values.apl_2023 is not None for c in data.communes):
        return "apl"
    if any(c.values.minutes_gp is not None for c in data.communes):
        return "time"
    return "territory"
