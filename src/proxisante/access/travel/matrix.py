"""The ``matrix`` provider: a commune-to-commune travel-time file (CSV or Parquet).

Schema: one row per trip, columns ``origin`` (commune code, text), ``destination`` (commune
code, text), ``minutes`` (float ≥ 0), e.g. INSEE METRIC or OSRM ``table`` output. Rows whose
codes are not in the territory are ignored (counted in the notes); a commune with no row to
itself gets the intra-commune rule; duplicate pairs keep their smallest time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from proxisante.access._errors import UnreadableTravelFileError, UnsupportedTravelFileError
from proxisante.access.traveltimes import TravelTimes, from_pairs
from proxisante.errors import InputFileError, Problem
from proxisante.i18n import N_, _
from proxisante.types import BoolArray

COLUMNS = ("origin", "destination", "minutes")
_EXPECTED = N_(
    "un fichier CSV ou Parquet à 3 colonnes origin,destination,minutes (codes INSEE en texte)"
)
_EXAMPLE = N_("Exemple de CSV :") + "\norigin,destination,minutes\n03310,03310,0\n03310,03185,11.5"


def _example() -> str:
    head, _sep, rest = _EXAMPLE.partition("\n")
    return _(head) + "\n" + rest


def read_matrix_file(path: Path) -> pd.DataFrame:
    """Read and validate a travel-time file; every problem is reported with its line number."""
    name = path.name.lower()
    if not name.endswith((".csv", ".csv.gz", ".parquet")):
        raise UnsupportedTravelFileError(str(path), _(_EXPECTED), _example())
    if not path.is_file():
        raise UnreadableTravelFileError(str(path), _("fichier introuvable"), _(_EXPECTED))
    try:
        if name.endswith(".parquet"):
            table = pd.read_parquet(path)
            for col in ("origin", "destination"):
                if col in table.columns:
                    table[col] = table[col].astype(str)
        else:
            table = pd.read_csv(
                path, dtype={"origin": str, "destination": str}, keep_default_na=False
            )
    except (ValueError, OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        detail = str(exc).splitlines()[0]
        raise UnreadableTravelFileError(str(path), detail, _(_EXPECTED)) from exc
    missing = [c for c in COLUMNS if c not in table.columns]
    if missing:
        raise InputFileError(
            str(path),
            [
                Problem(
                    1,
                    _("colonne(s) manquante(s) : {missing} ; colonnes lues : {columns}.").format(
                        missing=", ".join(missing), columns=", ".join(map(str, table.columns))
                    )
                    + " "
                    + _example(),
                )
            ],
        )
    minutes = pd.to_numeric(table["minutes"], errors="coerce")
    bad = minutes.isna() | (minutes < 0) | ~np.isfinite(minutes.fillna(0))
    empty_code = (table["origin"].str.strip() == "") | (table["destination"].str.strip() == "")
    not_minutes = _("minutes {value} : nombre ≥ 0 attendu (ex. 11.5)")
    problems = [
        Problem(int(k) + 2, not_minutes.format(value=repr(table["minutes"].iloc[k])))
        for k in np.flatnonzero(bad.to_numpy())
    ]
    problems += [
        Problem(int(k) + 2, _("code commune vide (origin ou destination)"))
        for k in np.flatnonzero(empty_code.to_numpy())
    ]
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise InputFileError(str(path), problems)
    return pd.DataFrame(
        {
            "origin": table["origin"].str.strip(),
            "destination": table["destination"].str.strip(),
            "minutes": minutes.astype(np.float64),
        }
    )


def times_from_table(
    table: pd.DataFrame, codes: Sequence[str], cutoff_min: float, *, source: str = "matrix"
) -> tuple[TravelTimes, BoolArray]:
    """Travel times between ``codes`` from a validated table; which codes appear as origins.

    The diagonal is kept only where the file gives it (the caller fills the rest with the
    intra-commune rule).
    """
    index = pd.Index(list(codes))
    o = index.get_indexer(pd.Index(table["origin"]))
    d = index.get_indexer(pd.Index(table["destination"]))
    known = (o >= 0) & (d >= 0)
    n_unknown = int((~known).sum())
    if len(table) and not known.any():
        sample = ", ".join(sorted(set(table["origin"].head(3))))
        raise UnreadableTravelFileError(
            source,
            _("aucun code ne correspond à une commune du territoire (lus : {sample})").format(
                sample=sample
            ),
            _("des codes INSEE à 5 caractères, zéro initial compris (03310, pas 3310)"),
        )
    ignored = _("{n} trajet(s) du fichier hors territoire ignoré(s).").format(n=n_unknown)
    notes = (ignored,) if n_unknown else ()
    times = from_pairs(
        o[known],
        d[known],
        table["minutes"].to_numpy()[known],
        (len(index), len(index)),
        cutoff_min,
        provider="matrix",
        notes=notes,
    )
    covered = np.zeros(len(index), dtype=bool)
    covered[o[known]] = True
    return times, covered
