"""The territory map cites who drew its outlines: no French source on a Valais map without
French neighbours (issue 23), both publishers where both countries are drawn."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from proxisante import i18n
from proxisante.reports.html import outline_sources


def _data(territory: list[str], neighbours: list[str]) -> Any:
    return SimpleNamespace(map=SimpleNamespace(territory=territory, neighbours=neighbours))


def test_a_valais_map_cites_the_swiss_publishers_only() -> None:
    with i18n.use_lang("de"):
        text = outline_sources(_data(["ch:6266", "ch:6261"], ["ch:6265"]))
    assert "IGN" not in text and "swisstopo" in text


def test_a_french_map_cites_ign_and_a_border_map_both() -> None:
    with i18n.use_lang("fr"):
        assert outline_sources(_data(["03310"], ["03095"])) == "contours IGN Admin Express"
        both = outline_sources(_data(["74012"], ["ch:6153"]))
    assert "IGN" in both and "swisstopo" in both
