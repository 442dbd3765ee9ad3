"""Anchoring a modelled change of APL on the official DREES APL (one function for every use).

A scenario, a siting or a projection computes the APL *before* and *after* a change with the
engine; the figure shown is the official APL moved by that change (the *anchored* APL), so that
the baseline is the official figure exactly and the model's own level, which differs from
DREES's (``docs/explanation/access.md``), does not leak into the result.

Per commune, with O the official APL, M the model before and M' the model after:

- **ratio** where O and M agree within :data:`RATIO_BAND` (M / O in ``[0.5, 2]``):
  ``O × M' / M``; the relative change is the model's, and the result can never be negative;
- **additive** where both are 0 (nothing within reach, on either side): ``O + (M' − M)``;
- **fragile** everywhere else (model and official disagree by more than a factor 2, or one of
  them is 0): ``max(O + (M' − M), 0)``, flagged *ancrage fragile*;
- **none** where the official APL is unknown: no anchored value (NaN).

Every anchored value is ≥ 0 (values a few ulps under 0 from an incremental update are 0).

The band is chosen on the distribution of M / O over France's communes (APL 2023, standardised
demand, estimated times): median 1.10, P5 0.62, P95 2.32; 90 % of communes and 97 % of the
population lie within a factor 2 (``benchmarks/anchoring_band.py`` prints it).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from proxisante.access._errors import ArrayShapeError
from proxisante.i18n import N_, _, format_decimal
from proxisante.types import FloatArray

RATIO_BAND: tuple[float, float] = (0.5, 2.0)
"""Model / official APL within which ratio anchoring is used (a factor 2 either way)."""


class AnchorMethod(enum.StrEnum):
    """How a commune's anchored APL was obtained (the codes written in every output)."""

    RATIO = "ratio"
    ADDITIVE = "additive"
    FRAGILE = "fragile"
    NONE = "none"


METHOD_LABELS: dict[str, str] = {
    AnchorMethod.RATIO.value: N_("ratio (APL officielle × après / avant du modèle)"),
    AnchorMethod.ADDITIVE.value: N_("additif (APL nulle pour le modèle et la DREES)"),
    AnchorMethod.FRAGILE.value: N_(
        "ancrage fragile (modèle et DREES en désaccord : officielle + variation, bornée à 0)"
    ),
    AnchorMethod.NONE.value: N_("non ancrée (pas d'APL officielle)"),
}
"""French source texts of the methods, translated where shown (:func:`method_label`)."""

SHORT_LABELS: dict[str, str] = {
    AnchorMethod.RATIO.value: N_("ratio"),
    AnchorMethod.ADDITIVE.value: N_("additif"),
    AnchorMethod.FRAGILE.value: N_("ancrage fragile"),
    AnchorMethod.NONE.value: N_("non ancrée"),
}


def method_label(method: str, short: bool = False) -> str:
    """The method in the current language (``short``: a few words, for tables)."""
    return _((SHORT_LABELS if short else METHOD_LABELS)[method])


@dataclass(frozen=True, eq=False)
class Anchored:
    """Anchored APL after the change and the method of each commune (last axis = communes)."""

    values: FloatArray
    method: npt.NDArray[np.str_]

    def counts(self) -> dict[str, int]:
        """Communes per method (every method listed, in :class:`AnchorMethod` order)."""
        return {m.value: int((self.method == m.value).sum()) for m in AnchorMethod}


def anchoring_methods(
    official: npt.ArrayLike,
    model_before: npt.ArrayLike,
    band: tuple[float, float] = RATIO_BAND,
) -> npt.NDArray[np.str_]:
    """The method of each commune (it depends on the baseline only, not on the change).

    Examples
    --------
    >>> anchoring_methods([2.0, 2.0, 0.0, 1.0, np.nan], [3.0, 5.0, 0.0, 0.0, 1.0]).tolist()
    ['ratio', 'fragile', 'additive', 'fragile', 'none']
    """
    o = np.asarray(official, dtype=np.float64)
    m = np.asarray(model_before, dtype=np.float64)
    if o.ndim != 1 or o.shape != m.shape:
        raise ArrayShapeError(
            _(
                "APL officielle {a} et APL du modèle {b} : deux vecteurs de même taille attendus."
            ).format(a=o.shape, b=m.shape)
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = m / o
    known = np.isfinite(o) & np.isfinite(m)
    agree = known & (o > 0) & (m > 0) & (ratio >= band[0]) & (ratio <= band[1])
    zero = known & (o == 0) & (m == 0)
    out = np.full(o.shape, AnchorMethod.FRAGILE.value, dtype="<U8")
    out[agree] = AnchorMethod.RATIO.value
    out[zero] = AnchorMethod.ADDITIVE.value
    out[~np.isfinite(o)] = AnchorMethod.NONE.value
    return out


def anchor(
    official: npt.ArrayLike,
    model_before: npt.ArrayLike,
    model_after: npt.ArrayLike,
    band: tuple[float, float] = RATIO_BAND,
) -> Anchored:
    """The official APL moved by the model's change, commune by commune, never below 0.

    ``official`` and ``model_before`` are vectors over communes; ``model_after`` is a vector of
    the same length or a stack of them (e.g. one row per horizon of a projection).

    Examples
    --------
    >>> a = anchor([2.0, 1.0, 0.0, 2.0], [4.0, 3.0, 0.0, 2.0], [2.0, 0.0, 0.5, 2.0])
    >>> a.values.tolist(), a.method.tolist()
    ([1.0, 0.0, 0.5, 2.0], ['ratio', 'fragile', 'additive', 'ratio'])
    """
    o = np.asarray(official, dtype=np.float64)
    m = np.asarray(model_before, dtype=np.float64)
    after = np.asarray(model_after, dtype=np.float64)
    if after.shape[-1:] != o.shape:
        raise ArrayShapeError(
            _("APL du modèle après {a} : une valeur par commune attendue ({n}).").format(
                a=after.shape, n=o.shape
            )
        )
    method = anchoring_methods(o, m, band)
    ratio = method == AnchorMethod.RATIO.value
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = o * np.divide(after, m, out=np.zeros_like(after), where=ratio)
    shifted = o + (after - m)
    values = np.where(ratio, scaled, shifted)
    values = np.where(method == AnchorMethod.NONE.value, np.nan, np.maximum(values, 0.0))
    return Anchored(values.astype(np.float64), method)


def anchoring_note() -> str:
    """The method in one sentence, in the current language (for the notes of an output)."""
    lo, hi = RATIO_BAND
    return _(
        "APL ancrée = APL officielle × (après / avant) du modèle là où modèle et DREES"
        " concordent (rapport entre {lo} et {hi}) ; ailleurs APL officielle + variation du"
        " modèle, bornée à 0, signalée « ancrage fragile » ; jamais négative."
    ).format(lo=format_decimal(lo, 1), hi=format_decimal(hi, 1))
