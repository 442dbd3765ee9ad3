"""Reading the custom siting files of ``proxisante plan site`` (the edge that reads files).

``--demand`` (``id,weight`` [``apl``, ``population``]), ``--candidates`` (``id`` [``capacity``,
``locked``, ``cost``]), ``--times`` (``demand_id,candidate_id,minutes``). Every bad line is
reported with its number (line 1 is the header) and what was expected; nothing is computed.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from proxisante.errors import InputFileError, Problem, UserError
from proxisante.i18n import _

_TRUE = {"1", "true", "vrai", "oui", "yes", "x"}
_FALSE = {"0", "false", "faux", "non", "no", ""}


def read_csv(path: Path, required: tuple[str, ...], example: str) -> pd.DataFrame:
    """A CSV read as text, with its ``required`` columns checked."""
    if not path.is_file():
        raise UserError(
            _("{path} : fichier introuvable. Attendu un CSV avec l'en-tête {example}.").format(
                path=path, example=example
            )
        )
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise UserError(
            _("{path} : CSV illisible ({exc}). Attendu l'en-tête {example}.").format(
                path=path, exc=exc, example=example
            )
        ) from exc
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputFileError(
            str(path),
            [
                Problem(
                    1,
                    _("colonne(s) manquante(s) : {x} ; attendu l'en-tête {example}").format(
                        x=", ".join(missing), example=example
                    ),
                )
            ],
        )
    return frame


def numbers(
    frame: pd.DataFrame, column: str, problems: list[Problem], *, default: float = np.nan
) -> np.ndarray:
    """Column as floats ≥ 0 (empty → ``default``); bad cells are added to ``problems``."""
    if column not in frame.columns:
        return np.full(len(frame), default)
    text = frame[column].str.strip()
    values = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    out = values.to_numpy(dtype=np.float64)
    empty = (text == "").to_numpy()
    bad = (~empty & (~np.isfinite(out) | (out < 0))).nonzero()[0]
    for k in bad[:50]:
        problems.append(
            Problem(
                int(k) + 2,
                _("{column} = {x} : nombre ≥ 0 attendu (ex. 12.5)").format(
                    column=column, x=repr(frame[column].iloc[k])
                ),
            )
        )
    return np.where(empty, default, out)


def booleans(frame: pd.DataFrame, column: str, problems: list[Problem]) -> np.ndarray:
    """Column as booleans (1/0, true/false, oui/non); bad cells are added to ``problems``."""
    if column not in frame.columns:
        return np.zeros(len(frame), dtype=bool)
    text = frame[column].str.strip().str.lower()
    bad = ~text.isin(_TRUE | _FALSE)
    for k in np.flatnonzero(bad.to_numpy())[:50]:
        problems.append(
            Problem(
                int(k) + 2,
                _("{column} = {x} : attendu 1/0, true/false ou oui/non").format(
                    column=column, x=repr(frame[column].iloc[k])
                ),
            )
        )
    return text.isin(_TRUE).to_numpy()


def ids(frame: pd.DataFrame, column: str, problems: list[Problem]) -> list[str]:
    """Non-empty, unique identifiers."""
    values = frame[column].str.strip()
    for k in np.flatnonzero((values == "").to_numpy())[:50]:
        problems.append(
            Problem(int(k) + 2, _("{column} vide : identifiant attendu").format(column=column))
        )
    dup = values.duplicated() & (values != "")
    for k in np.flatnonzero(dup.to_numpy())[:50]:
        problems.append(
            Problem(
                int(k) + 2,
                _("{column} {x} en double").format(column=column, x=repr(values.iloc[k])),
            )
        )
    return values.tolist()


def lookup(
    values: pd.Series, known: list[str], column: str, what: str, problems: list[Problem]
) -> np.ndarray:
    """Index of each value in ``known``; unknown ones are added to ``problems``."""
    where = pd.Index(known).get_indexer(pd.Index(values.str.strip()))
    for k in np.flatnonzero(where < 0)[:50]:
        problems.append(
            Problem(
                int(k) + 2,
                _("{column} {x} : {what} inconnu(e)").format(
                    column=column, x=repr(values.iloc[k]), what=what
                ),
            )
        )
    return where
