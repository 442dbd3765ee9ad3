"""A commune typed on the self-registration form is taken only when it names one covered
commune exactly (name, code or « Name (code) »); otherwise the form lists the choices."""

from __future__ import annotations

import pytest

from proxisante.i18n import use_lang
from proxisante.registry.selfreg import resolve_commune

COMMUNES = [
    ("visp", "ch:6290", "Saas-Fee"),
    ("visp", "ch:6291", "Saas-Grund"),
    ("visp", "ch:6297", "Visp"),
    ("t1", "03310", "Vichy"),
]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("visp", ("visp", "ch:6297")), ("SAAS FEE", ("visp", "ch:6290")), ("03310", ("t1", "03310"))],
)
def test_an_exact_name_or_code_is_taken(typed: str, expected: tuple[str, str]) -> None:
    assert resolve_commune(typed, COMMUNES) == expected
    assert resolve_commune("Vichy (03310)", COMMUNES) == ("t1", "03310")


def test_a_beginning_shared_by_several_communes_is_never_guessed() -> None:
    with use_lang("fr"), pytest.raises(ValueError) as err:
        resolve_commune("Saas", COMMUNES)
    assert "Saas-Fee (ch:6290)" in str(err.value) and "Saas-Grund (ch:6291)" in str(err.value)
    with use_lang("fr"), pytest.raises(ValueError, match="inconnue"):
        resolve_commune("Atlantis", COMMUNES)
