"""The error hierarchy: user errors (exit 2, 4xx) and internal errors (exit 1, 500), the
problem-list formatter, and how the CLI maps each branch."""

from __future__ import annotations

import numpy as np
import pytest

from proxisante.access._errors import ArrayShapeError, InvalidArrayError, TravelSpecError
from proxisante.errors import (
    ConflictError,
    InputFileError,
    InternalError,
    NotFoundError,
    Problem,
    ProxiSanteError,
    UnknownTerritoryError,
    UserError,
    format_problems,
    require,
)
from proxisante.i18n import use_lang


@pytest.mark.parametrize(
    ("cls", "exit_code", "http_status"),
    [
        (UserError, 2, 400),
        (NotFoundError, 2, 404),
        (ConflictError, 2, 409),
        (UnknownTerritoryError, 2, 404),
        (InputFileError, 2, 400),
        (TravelSpecError, 2, 400),
        (InvalidArrayError, 2, 400),
        (InternalError, 1, 500),
        (ArrayShapeError, 1, 500),
    ],
)
def test_every_error_class_carries_its_exit_code_and_http_status(cls, exit_code, http_status):
    assert issubclass(cls, ProxiSanteError)
    assert cls.exit_code == exit_code
    assert cls.http_status == http_status
    assert issubclass(cls, UserError) == (exit_code == 2)


def test_a_shape_mismatch_is_an_internal_error():
    from proxisante.access.apl import standardised_population

    with pytest.raises(InternalError, match="19 tranches"):
        standardised_population(np.ones((2, 3)), 2023)


def test_require_raises_an_internal_error_naming_the_invariant():
    require(True, "never shown")
    with pytest.raises(InternalError, match="invariant broken: rows after insert"):
        require([], "rows after insert")


def test_format_problems_counts_lists_and_truncates():
    text = format_problems("f.csv", [Problem(2, "a"), Problem(None, "b")], "rien n'a été importé")
    assert text.splitlines() == [
        "f.csv : 2 problème(s) ; rien n'a été importé.",
        "  - ligne 2 : a",
        "  - b",
    ]
    many = format_problems("f.csv", [f"p{i}" for i in range(7)], "rien", max_shown=5)
    assert many.splitlines()[-1] == "  … et 2 autre(s) problème(s)"
    assert len(many.splitlines()) == 7
    with use_lang("en"):
        assert format_problems("f.csv", ["x"], "nothing").startswith("f.csv: 1 problem(s); ")


def test_input_file_error_uses_the_formatter():
    err = InputFileError("f.csv", [Problem(3, "colonne manquante")])
    assert str(err) == format_problems(
        "f.csv", [Problem(3, "colonne manquante")], "rien n'a été importé"
    )


def test_cli_maps_internal_errors_to_exit_1_and_user_errors_to_exit_2(cli, monkeypatch):
    def broken(args, settings):
        raise InternalError("invariant broken: test")

    def refused(args, settings):
        raise UserError("entrée refusée : attendu autre chose")

    for func, code, text in (
        (broken, 1, "erreur interne (un bogue) : invariant broken: test"),
        (refused, 2, "entrée refusée : attendu autre chose"),
    ):
        r = _patch_func(monkeypatch, func)(cli)
        assert r.code == code
        assert text in r.err
        assert "Traceback" not in r.err


def _patch_func(monkeypatch, func):
    """Make ``proxisante territory show`` call ``func``."""
    import proxisante.cli.__main__ as entry

    real = entry.build_parser

    def build():
        parser = real()
        sub = next(a for a in parser._actions if a.dest == "command")
        territory = sub.choices["territory"]
        show = next(a for a in territory._actions if getattr(a, "choices", None))
        show.choices["show"].set_defaults(func=func)
        return parser

    monkeypatch.setattr(entry, "build_parser", build)
    return lambda cli: cli("territory", "show", "200071363")
