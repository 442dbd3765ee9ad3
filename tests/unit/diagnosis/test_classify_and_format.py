"""Classification rule at its boundaries; display strings per language."""

from __future__ import annotations

import pytest

from proxisante.access.classify import classify
from proxisante.diagnosis.formatting import fmt_percent, fmt_value


@pytest.mark.parametrize(
    ("apl", "region", "share", "expected"),
    [
        (2.49, 3.5, 0.0, "urgence"),
        (2.5, 2.6, 0.0, "proche"),
        (3.4, 3.5, 0.5, "urgence"),
        (3.4, 3.5, 0.49, "vigilance"),
        (3.14, 3.5, 0.0, "vigilance"),  # below 90 % of 3.5 = 3.15
        (3.15, 3.5, 0.19, "proche"),
        (3.15, 3.5, 0.2, "vigilance"),
        (3.0, None, 0.0, "proche"),
        (None, 3.5, 0.9, "non_classe"),
    ],
)
def test_classification_boundaries(apl, region, share, expected):
    assert classify(apl, region, share).klass == expected


def test_reasons_are_given():
    assert classify(2.0, 3.0, 0.6).reasons == ("apl_below_2_5", "half_sous_dense")


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected"),
    [
        (83990, "count", "fr", "83\u00a0990"),
        (83990, "count", "en", "83,990"),
        (3.4712, "apl", "de", "3.47"),
        (83990, "count", "de", "83’990"),
        (0.053, "percent", "de", "5.3%"),
        (3.14, "rate", "fr", "3,1\u00a0%"),
        (3.14, "rate", "de", "3.1%"),
        (12.4, "minutes", "fr", "12\u00a0min"),
        (0.053, "percent", "fr", "5,3\u00a0%"),
        (0.053, "percent", "en", "5.3%"),
        (None, "apl", "en", "n/a"),
        (float("inf"), "minutes", "fr", "n.d."),
    ],
)
def test_display_strings(value, unit, lang, expected):
    assert fmt_value(value, unit, lang) == expected


def test_percent_of_nothing():
    assert fmt_percent(None, "de") == "k.A."


def _explained(apl, share, region_apl):
    from proxisante.diagnosis.basis import figure
    from proxisante.diagnosis.comparison import classification, comparison_row
    from proxisante.diagnosis.model import AreaValues

    figures = {
        "apl_2023": figure("APL 2023", apl, "apl", "DREES"),
        "share_sous_dense": figure("part", share, "percent", "DREES", "computed"),
    }
    region = comparison_row(
        "reg:84", "Auvergne-Rhône-Alpes", "reference", AreaValues(1, 1, 1.0, region_apl, 0.1)
    )
    return classification(figures, [region])


def test_the_class_is_explained_by_the_figure_that_decides_and_its_threshold():
    urgence = _explained(1.19, 0.8, 3.65)
    assert urgence.klass == "urgence"
    assert "son APL 2023, 1,19, est inférieure au seuil de 2,50" in urgence.explanation
    assert "80,0\xa0% de sa population vit en commune sous-dense, au moins 50\xa0%" in (
        urgence.explanation
    )
    vigilance = _explained(3.0, 0.05, 3.65)
    assert vigilance.klass == "vigilance"
    assert "inférieure à 90\xa0% de celle de la région Auvergne-Rhône-Alpes (3,65)" in (
        vigilance.explanation
    )
    assert "soit 3,29" in vigilance.explanation and "sous-dense" not in vigilance.explanation
    proche = _explained(3.47, 0.053, 3.65)
    assert proche.klass == "proche"
    assert proche.explanation.startswith("Classe « proche du niveau régional » parce que")
    assert "n'est ni sous 2,50 ni sous 90\xa0%" in proche.explanation
    assert "5,3\xa0% de sa population" in proche.explanation
    none = _explained(None, None, 3.65)
    assert (
        none.klass == "non_classe"
        and "pas d'APL officielle" in none.explanation
        and "DREES" not in none.explanation
    )
