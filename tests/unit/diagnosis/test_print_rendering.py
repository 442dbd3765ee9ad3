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


def test_trimmed_user_agent_sheet_draws_the_same_pdf(tmp_path):
    page = (
        "<html lang='fr'><body><h1>Titre</h1><h2>Partie</h2><p>Un <strong>texte</strong>.</p>"
        "<ul><li>premier</li><li>second</li></ul><ol><li>un</li></ol>"
        "<table><tr><th>a</th><td>1</td></tr></table><figure><figcaption>c</figcaption></figure>"
        "</body></html>"
    )
    config = pdf._font_config()
    reference = tmp_path / "reference.pdf"
    pdf.HTML(string=page).write_pdf(str(reference), font_config=config)
    trimmed = tmp_path / "trimmed.pdf"
    pdf._ReportHTML(string=page).write_pdf(str(trimmed), font_config=config)
    assert trimmed.read_bytes() == reference.read_bytes()
