"""One colour scale for the web map and the PDF maps, and the verdict sentence in three
languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from proxisante.diagnosis.scales import PALETTE, SCALES, scales_json
from proxisante.diagnosis.texts import apl_classes, map_classes, time_classes
from proxisante.diagnosis.verdict import verdict_sentence
from proxisante.i18n import use_lang
from proxisante.reports import svg
from proxisante.reports.html import emergency_classes

MAP_JS = Path(__file__).parents[3] / "src" / "proxisante" / "web" / "static" / "js" / "map.js"
VALUES = [
    None,
    0.4,
    1.19,
    2.49,
    2.5,
    2.99,
    3.0,
    3.49,
    3.5,
    3.99,
    4.0,
    7.16,
    4.5,
    12.0,
    19.9,
    20,
    45,
]


def _web_colour(key: str, value: float | None) -> str | None:
    """The colour map.js gives: a MapLibre ``step`` over the JSON's breaks and the palette,
    reversed when the indicator says so (re-implemented from the JSON, as the script does)."""
    spec = scales_json()["indicators"][key]  # type: ignore[index]
    colours = list(reversed(PALETTE)) if spec["reverse"] else list(PALETTE)
    if value is None:
        return None
    i = sum(1 for b in spec["breaks"] if value >= b)
    return colours[i]


@pytest.mark.parametrize(
    ("key", "classes", "reverse"),
    [
        ("apl", apl_classes, False),
        ("minutes_gp", time_classes, True),
        ("minutes_emergency", emergency_classes, True),
        ("access_ch", lambda: map_classes("access_ch"), False),
    ],
)
def test_pdf_and_web_maps_give_every_value_the_same_colour(key, classes, reverse) -> None:  # type: ignore[no-untyped-def]
    with use_lang("fr"):
        legend = classes()
    assert len(legend) == len(SCALES[key].breaks) + 1
    for v in VALUES:
        pdf = svg.class_colour(v, legend, reverse=reverse)
        web = _web_colour(key, v)
        assert (pdf == svg.NO_DATA) if web is None else (pdf == web), (key, v, pdf, web)


def test_apl_legend_starts_at_the_sous_dense_threshold() -> None:
    with use_lang("fr"):
        labels = [c.label for c in apl_classes()]
    assert labels[0] == "< 2,5" and labels[-1] == "≥ 4,0"


def test_map_script_has_no_scale_of_its_own() -> None:
    js = MAP_JS.read_text(encoding="utf-8")
    assert "carte-echelles" in js
    assert not re.search(r"breaks:\s*\[", js) and "#440154" not in js


def test_verdict_sentence_names_class_figure_threshold_and_references() -> None:
    with use_lang("fr"):
        fr = verdict_sentence("Arfeuilles", 1.187, 1.0, 3.65, 3.75)
        proche = verdict_sentence("X", 3.5, 0.0, 3.65, 3.75)
        vig = verdict_sentence("Y", 3.0, 0.0, 3.65, 3.75)
        half = verdict_sentence("Z", 2.8, 0.6, 3.65, None)
        none = verdict_sentence("Sion", None, None, None, None)
    assert fr == (
        "Arfeuilles : APL 1,19 consultation par an et par habitant, sous le seuil de 2,5 ; "
        "région 3,65, France 3,75. Classe « urgence »."
    )
    assert "APL 3,50 consultations" in proche and "« proche du niveau régional »" in proche
    assert "sous 90\u00a0% de l'APL de la région (3,29)" in vig and "« vigilance »" in vig
    assert "60,0\u00a0% de la population" in half and "France" not in half
    assert none.startswith("Sion : pas de classe")
    with use_lang("de"):
        de = verdict_sentence("Arfeuilles", 1.187, 1.0, 3.65, 3.75)
    assert de == (
        "Arfeuilles: APL 1.19 Konsultationen pro Jahr und Einwohner, unter der Schwelle von "
        "2.5; Region 3.65, Frankreich 3.75. Klasse «dringend»."
    )
