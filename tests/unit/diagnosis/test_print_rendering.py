"""The PDF side of the reports: maps drawn for paper, font configuration reused."""

from __future__ import annotations

import threading

import shapely

from proxisante.reports import pdf, svg

SQUARES = {
    "a": shapely.box(0, 0, 1, 1),
    "b": shapely.box(1, 0, 2, 1),
    "c": shapely.box(2, 0, 3, 1),
}


def test_print_map_has_one_path_per_colour_and_no_titles():
    screen = svg.choropleth(SQUARES, ["a", "b"], ["c"], lambda c: "#9ecae1", "T", {"a": "A"})
    paper = svg.choropleth(SQUARES, ["a", "b"], ["c"], lambda c: "#9ecae1", "T", merged=True)
    assert screen.count("<title>") == 2 and "<title>" not in paper
    # neighbours, the one colour, the outline
    assert paper.count("<path") == 3 and screen.count("<path") == 4


def test_font_configuration_is_reused_within_a_thread_only():
    first, again = pdf._font_config(), pdf._font_config()
    other: list[object] = []
    t = threading.Thread(target=lambda: other.append(pdf._font_config()))
    t.start()
    t.join()
    assert first is again
    assert other[0] is not first
