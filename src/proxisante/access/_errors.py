"""Errors of the accessibility engine: fixable by the user (exit code 2), except
:class:`ArrayShapeError`, a bug (exit code 1)."""

from __future__ import annotations

from proxisante.errors import InternalError, UserError
from proxisante.i18n import _


class TravelSpecError(UserError):
    """A ``--travel`` value that names no known provider."""

    def __init__(self, spec: str) -> None:
        self.spec = spec
        super().__init__(
            _(
                "--travel {spec} n'est pas reconnu. Attendu : `estimate`, `v2` (ou `v2-peak`,"
                " `v2:SQUELETTE_TMJA.csv`), `road:FICHIER.osm.pbf` (ou `.osm`) ou"
                " `matrix:FICHIER.csv` (ou `.parquet`)."
                " Exemple : --travel road:allier.osm.pbf"
            ).format(spec=repr(spec))
        )


class UnsupportedTravelFileError(UserError):
    """A travel-time file whose format is not supported."""

    def __init__(self, path: str, expected: str, example: str) -> None:
        self.path = path
        super().__init__(
            _("{path} : format non pris en charge. Attendu : {expected}. {example}").format(
                path=path, expected=expected, example=example
            )
        )


class UnreadableTravelFileError(UserError):
    """A travel-time file that exists but cannot be parsed."""

    def __init__(self, path: str, detail: str, expected: str) -> None:
        self.path = path
        super().__init__(
            _("{path} : fichier illisible ({detail}). Attendu : {expected}.").format(
                path=path, detail=detail, expected=expected
            )
        )


class NoSupplyDataError(UserError):
    """The supply needed by an indicator is not known for the requested territory."""


class InvalidArrayError(UserError):
    """Arrays passed to an engine function hold invalid values (negative, out of range)."""


class ArrayShapeError(InternalError):
    """Arrays passed between engine functions have inconsistent shapes: a bug (exit 1)."""
