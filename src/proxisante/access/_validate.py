"""Shape and value checks for the arrays entering the engines, with messages naming the input."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from proxisante.access._errors import ArrayShapeError, InvalidArrayError
from proxisante.i18n import _
from proxisante.types import FloatArray


def as_float_vector(values: npt.ArrayLike, name: str, size: int | None = None) -> FloatArray:
    """Return ``values`` as a 1-D float64 array, checking its size and that it is finite, ≥ 0."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 1:
        raise ArrayShapeError(
            _("{name} : attendu un vecteur (1 dimension), reçu {shape}.").format(
                name=name, shape=arr.shape
            )
        )
    if size is not None and arr.size != size:
        raise ArrayShapeError(
            _(
                "{name} : attendu {size} valeurs (une par lieu de la matrice de temps), "
                "reçu {size2}."
            ).format(name=name, size=size, size2=arr.size)
        )
    bad = ~np.isfinite(arr) | (arr < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidArrayError(
            _(
                "{name} : valeurs finies et positives attendues ; {x} invalide(s), la "
                "première à l'indice {i} ({x2}). Exemple : [1200.0, 350.0, 0.0]."
            ).format(name=name, x=int(bad.sum()), i=i, x2=repr(arr[i]))
        )
    return arr
