"""Reading delimited text files with checks that name the line and what was expected."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from proxisante.errors import InputFileError, Problem
from proxisante.i18n import N_, _
from proxisante.utils.progress_utils import progress

_SEPARATOR_NAMES = {
    "|": N_("une barre verticale '|'"),
    ";": N_("un point-virgule ';'"),
    ",": N_("une virgule ','"),
    "\t": N_("une tabulation"),
}


@dataclass
class Collector:
    """Gathers problems while a file is read; ``raise_if_any`` stops before anything is written."""

    path: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(line, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise InputFileError(self.path, self.problems)


def decode(data: bytes, path: str, encoding: str = "utf-8") -> str:
    """Text of a file in ``encoding``; a clear error naming the first bad line otherwise."""
    if not data.strip():
        raise InputFileError(
            path, [Problem(None, _("le fichier est vide (attendu : une ligne d'en-tête)"))]
        )
    try:
        return data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputFileError(
            path,
            [
                Problem(
                    line,
                    _(
                        "l'octet {byte} n'est pas valide en {encoding} : le fichier doit être "
                        "encodé en {encoding} (un fichier Latin-1 / Windows-1252 se convertit "
                        "avec `iconv -f latin1 -t utf-8`, ou s'importe avec --encoding latin-1)"
                    ).format(byte=f"0x{data[exc.start]:02x}", encoding=encoding),
                )
            ],
        ) from None


def read_rows(
    text: str,
    path: str,
    *,
    separator: str,
    required: Sequence[str],
    collector: Collector,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` for each data line of a delimited file with a header.

    Checks the separator, the required columns and the number of fields of every line.
    """
    lines = text.splitlines()
    header_line = lines[0] if lines else ""
    if separator not in header_line:
        guessed = [s for s in _SEPARATOR_NAMES if s != separator and s in header_line]
        seen = (
            _(" ; l'en-tête semble séparé par {separator}").format(
                separator=_(_SEPARATOR_NAMES[guessed[0]])
            )
            if guessed
            else ""
        )
        raise InputFileError(
            path,
            [
                Problem(
                    1,
                    _("mauvais séparateur : champs attendus séparés par {separator}").format(
                        separator=_(_SEPARATOR_NAMES[separator])
                    )
                    + seen,
                )
            ],
        )
    # Universal newlines: files from old Macs end their lines with CR only.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=separator)
    try:
        yield from _rows(reader, path, required, collector, len(lines))
    except csv.Error as exc:
        raise InputFileError(
            path,
            [
                Problem(
                    reader.line_num or None,
                    _(
                        "ligne illisible ({error}) : attendu un texte délimité, une ligne par "
                        "enregistrement, chaque champ de moins de 128 Kio"
                    ).format(error=exc),
                )
            ],
        ) from None


def _rows(
    reader: Any, path: str, required: Sequence[str], collector: Collector, n_lines: int
) -> Iterator[tuple[int, dict[str, str]]]:
    header = [h.strip() for h in next(reader)]
    while header and header[-1] == "":
        header.pop()  # the RPPS extract ends every line with a separator
    missing = [c for c in required if c not in header]
    if missing:
        raise InputFileError(
            path,
            [
                Problem(
                    1,
                    _(
                        "colonne(s) manquante(s) : {missing} ; l'en-tête a {n} colonne(s) : "
                        "{header}"
                    ).format(
                        missing=", ".join(repr(m) for m in missing),
                        n=len(header),
                        header=", ".join(repr(h) for h in header[:12])
                        + ("…" if len(header) > 12 else ""),
                    ),
                )
            ],
        )
    n = len(header)
    any_row = False
    for fields in progress(reader, total=max(n_lines - 1, 0), desc="lecture"):
        line = reader.line_num
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) > n and all(f == "" for f in fields[n:]):
            fields = fields[:n]
        if len(fields) != n:
            collector.add(
                line,
                _("{fields} champ(s) alors que l'en-tête en a {n}").format(fields=len(fields), n=n),
            )
            continue
        any_row = True
        yield line, {h: f.strip() for h, f in zip(header, fields, strict=True)}
    if not any_row and not collector.problems:
        collector.add(None, _("le fichier a un en-tête mais aucune ligne de données"))
