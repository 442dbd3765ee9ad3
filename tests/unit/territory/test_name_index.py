"""The search index gives the same matches as the plain scan it replaces."""

from __future__ import annotations

import pytest

from proxisante.territory.search import NameIndex, close_names, fold, rank_matches

NAMES = [
    "Vichy",
    "Cusset",
    "Saint-Yorre",
    "Bellerive-sur-Allier",
    "Abrest",
    "Saint-Pourçain-sur-Sioule",
    "Vichy",
    "Le Vernet",
    "Vendat",
    "",
    "Saint-Germain-des-Fossés",
]


@pytest.mark.parametrize(
    "query", ["vichy", "VICHY", "saint", "st pourcain", "sur", "e", "v", "zz", "", "  ", "-"]
)
def test_matches_as_rank_matches(query: str) -> None:
    folded = [fold(n) for n in NAMES]
    assert NameIndex(NAMES).matches(query) == rank_matches(query, folded)


@pytest.mark.parametrize("query", ["vichi", "cuset", "bellerive sur alier", "vendatt", "x"])
def test_close_as_close_names(query: str) -> None:
    folded = [fold(n) for n in NAMES]
    assert NameIndex(NAMES).close(query) == close_names(query, folded)


def test_duplicate_names_each_found() -> None:
    assert NameIndex(NAMES).matches("vichy") == [(0, 0), (0, 6)]
