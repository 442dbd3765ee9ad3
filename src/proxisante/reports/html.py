"""The HTML of a diagnosis: a Jinja2 template fed only with the diagnosis data.

Every number the page shows is a display string of the data (the template holds no figure);
maps and charts are inline SVG, so the page and the PDF need no network.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from proxisante.diagnosis.labels import WORDS
from proxisante.reports import svg

_ENV = Environment(
    loader=PackageLoader("proxisante.reports", "templates"),
    autoescape=select_autoescape(["html", "j2"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _css() -> str:
    return (resources.files("proxisante.reports") / "templates" / "diagnostic.css").read_text(
        encoding="utf-8"
    )


def render_maps(data: dict[str, Any], contours: dict[str, Any]) -> dict[str, str]:
    m = data["map"]
    names = {c["code"]: c["name"] for c in data["communes"]}
    by_code = {c["code"]: c["values"] for c in data["communes"]}
    apl_classes, time_classes = m["apl_classes"], m["time_classes"]
    return {
        "territory": svg.choropleth(
            contours,
            m["territory"],
            m["neighbours"],
            lambda c: "#9ecae1",
            data["meta"]["name"],
            names,
        ),
        "apl": svg.choropleth(
            contours,
            m["territory"],
            m["neighbours"],
            lambda c: svg.class_colour(by_code[c]["apl_2023"], apl_classes),
            "APL",
            names,
        ),
        "time": svg.choropleth(
            contours,
            m["territory"],
            m["neighbours"],
            lambda c: svg.class_colour(by_code[c]["minutes_gp"], time_classes, reverse=True),
            "minutes",
            names,
        ),
    }


def render_html(data: dict[str, Any], contours: dict[str, Any]) -> str:
    lang = data["meta"]["lang"]
    words = {k: v[lang] for k, v in WORDS.items()}
    legends = {
        "apl": [
            {**k, "colour": svg.SEQUENTIAL[i]} for i, k in enumerate(data["map"]["apl_classes"])
        ],
        "time": [
            {**k, "colour": svg.SEQUENTIAL[::-1][i]}
            for i, k in enumerate(data["map"]["time_classes"])
        ],
    }
    values = [r["values"]["gp_per_10k"] for r in data["comparison"]]
    top = max((v for v in values if v is not None), default=0) or 1
    bars = [0 if v is None else round(100 * v / top, 1) for v in values]
    imported = data["imported"]
    lines = [f"{k} : {v}" for k, v in imported["professionals"].items()]
    lines += [f"{s['name']} ({s['type']})" for s in imported["structures"]]
    return _ENV.get_template("diagnostic.html.j2").render(
        d=data,
        w=words,
        text=data["texts"],
        css=_css(),
        maps=render_maps(data, contours),
        bars=bars,
        legends=legends,
        imported_lines=lines,
    )
