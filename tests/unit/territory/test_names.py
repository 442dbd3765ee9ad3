"""A commune named by a person, resolved to its code (accents and case ignored)."""

from __future__ import annotations

import pytest

from proxisante.i18n import use_lang
from proxisante.territory.names import CommuneNameError, resolve_commune_name

COMMUNES = {
    "03190": "Moulins",
    "58175": "Moulins-Engilbert",
    "03310": "Vichy",
    "03095": "Cusset",
    "32389": "Saint-Martin",
    "54480": "Saint-Martin",
    "03255": "Saint-Pourçain-sur-Sioule",
}


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Moulins", "03190"),  # exact wins over the longer name it prefixes
        ("  moulins ", "03190"),
        ("MOULINS ENGILBERT", "58175"),
        ("moulins-e", "58175"),  # the beginning of exactly one name
        ("st pourcain", "03255"),  # « St » and accents folded
        ("Saint-Martin (54480)", "54480"),  # the suggestion list's « Name (code) »
        ("03095", "03095"),  # machines keep sending codes
    ],
)
def test_names_codes_and_labels_resolve(typed: str, code: str) -> None:
    assert resolve_commune_name(typed, COMMUNES) == code


def test_an_ambiguous_name_lists_the_choices() -> None:
    with pytest.raises(CommuneNameError) as err:
        resolve_commune_name("saint martin", COMMUNES)
    message = str(err.value)
    assert err.value.http_status == 400
    assert "plusieurs communes" in message
    assert "Saint-Martin (32389)" in message and "Saint-Martin (54480)" in message
    with pytest.raises(CommuneNameError, match="plusieurs communes"):
        resolve_commune_name("saint", COMMUNES)  # a prefix of several names


@pytest.mark.parametrize("typed", ["Atlantide", "Saint-Martin (99999)", "   "])
def test_an_unknown_or_empty_name_is_a_clear_error(typed: str) -> None:
    with pytest.raises(CommuneNameError) as err:
        resolve_commune_name(typed, COMMUNES)
    assert "commune" in str(err.value)


def test_the_message_follows_the_language() -> None:
    with use_lang("de"), pytest.raises(CommuneNameError, match="keine Gemeinde"):
        resolve_commune_name("Atlantide", COMMUNES)
