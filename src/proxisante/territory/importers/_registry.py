"""Which parser reads which kind, and the whole-file import procedure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from proxisante.errors import InputFileError, Problem, UserError
from proxisante.i18n import _
from proxisante.territory.importers import csv_generic, finess, insee_age, rpps
from proxisante.territory.importers._geography import Geography
from proxisante.territory.importers._reader import Collector, decode

Parser = Callable[[str, str, Geography, Collector], pd.DataFrame]

IMPORTERS: dict[str, tuple[Parser, str]] = {
    "rpps": (rpps.parse, "RPPS extract PS_LibreAcces_Personne_activite (pipe-separated)"),
    "finess": (finess.parse, "FINESS établissements extract (etalab stock, ';'-separated)"),
    "insee-age": (insee_age.parse, "INSEE population by age band per commune (';')"),
    "professionals-csv": (csv_generic.parse_professionals, "CSV of professionals (',')"),
    "structures-csv": (csv_generic.parse_structures, "CSV of structures (',')"),
}


MAX_BYTES = 4 * 1024**3  # the national RPPS extract is under 1 GiB


def _check_not_binary(path: Path, encoding: str) -> None:
    """Refuse, before reading it whole, a file that is too large or binary (NUL bytes)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputFileError(
            str(path),
            [
                Problem(
                    None,
                    _("fichier trop volumineux ({size} octets ; au plus {max})").format(
                        size=size, max=MAX_BYTES
                    ),
                )
            ],
        )
    with path.open("rb") as f:
        head = f.read(65536)
    utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff") or encoding.lower().startswith("utf-16")
    if b"\x00" in head and not utf16:  # UTF-16 text is left to decode(), which names the byte
        raise InputFileError(
            str(path),
            [
                Problem(
                    None,
                    _(
                        "fichier binaire (octets NUL) : attendu un texte délimité en {encoding}"
                    ).format(encoding=encoding),
                )
            ],
        )


@dataclass(frozen=True)
class ImportResult:
    kind: str
    table: pd.DataFrame
    source: str


def import_file(
    kind: str, path: Path, geography: Geography, *, encoding: str = "utf-8"
) -> ImportResult:
    """Read and validate the whole file; raise :class:`InputFileError` listing every problem."""
    if kind not in IMPORTERS:
        raise UserError(
            _("type d'import inconnu {kind} ; attendu l'un de : {kinds}").format(
                kind=repr(kind), kinds=", ".join(IMPORTERS)
            )
        )
    if not path.is_file():
        raise UserError(
            _("{path} : fichier introuvable (attendu le chemin d'un fichier {what})").format(
                path=path, what=IMPORTERS[kind][1]
            )
        )
    parser, _what = IMPORTERS[kind]
    _check_not_binary(path, encoding)
    text = decode(path.read_bytes(), str(path), encoding)
    out = Collector(str(path))
    table = parser(text, str(path), geography, out)
    out.raise_if_any()
    return ImportResult(kind=kind, table=table, source=path.name)
