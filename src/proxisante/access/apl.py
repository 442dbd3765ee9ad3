"""The DREES *Accessibilité potentielle localisée* (APL) to general practitioners, exactly.

Parameters from the ``Paramètres`` sheet of the DREES APL file (see ``DESIGN.md``):

- supply: yearly consultations + visits + teleconsultations of each GP, counted as
  < 250 → 0; 250–3 600 → 3 600; 3 601–6 000 → actual; > 6 000 → 6 000; a liberal GP with no
  activity the previous year counts 5 400; health-centre GPs are not capped;
- demand: population by age band × the band's weight (the "population standardisée");
- decay on commune-to-commune travel time: < 10 min → 1; 10–15 → 2/3; 15–20 → 1/3; ≥ 20 → 0;
- APL_i = Σ_j w(t_ij)·O_j / Σ_k w(t_kj)·P_k, in consultations per standardised inhabitant a year;
  a commune is under-served ("sous-dense") when APL < 2.5.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from proxisante.access._errors import ArrayShapeError, InvalidArrayError
from proxisante.access._validate import as_float_vector
from proxisante.access.decay import StepDecay
from proxisante.access.fca import two_step_fca
from proxisante.access.traveltimes import TravelTimes
from proxisante.i18n import _
from proxisante.types import BoolArray, FloatArray

Year = Literal[2022, 2023]

DREES_DECAY = StepDecay(bounds_min=(10.0, 15.0, 20.0), weights=(1.0, 2.0 / 3.0, 1.0 / 3.0))
"""Distance decay of the DREES APL (minutes of road travel, commune to commune)."""

UNDER_SERVED_APL = 2.5
"""APL under which a commune is "sous-dense" (consultations / standardised inhabitant / year)."""

ACTIVITY_FLOOR = 250.0
ACTIVITY_MIN_COUNTED = 3600.0
ACTIVITY_MAX_COUNTED = 6000.0
ACTIVITY_NEW_LIBERAL = 5400.0
MAX_AGE_U65 = 65

AGE_BANDS: tuple[str, ...] = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
)  # fmt: skip
"""Five-year age bands of the standardised population, youngest first."""

AGE_WEIGHTS: dict[int, tuple[float, ...]] = {
    2022: (0.93, 0.59, 0.55, 0.59, 0.73, 0.78, 0.84, 0.88, 0.90, 0.97,
           1.06, 1.14, 1.16, 1.19, 1.52, 1.53, 1.72, 1.99, 2.39),
    2023: (1.12, 0.58, 0.51, 0.60, 0.75, 0.79, 0.82, 0.85, 0.89, 0.93,
           1.03, 1.15, 1.18, 1.23, 1.46, 1.57, 1.63, 1.89, 2.26),
}  # fmt: skip
"""Consumption weight of each age band in :data:`AGE_BANDS`, by APL year."""


def counted_activity(
    activity: npt.ArrayLike,
    *,
    is_liberal: npt.ArrayLike,
    had_activity_last_year: npt.ArrayLike,
    is_health_centre: npt.ArrayLike,
) -> FloatArray:
    """Activity each GP counts for in the APL, after the DREES caps.

    Parameters
    ----------
    activity : array of shape (n_gp,)
        Consultations + visits + teleconsultations in the year.
    is_liberal, had_activity_last_year, is_health_centre : bool arrays of shape (n_gp,)
        A liberal GP with no activity the previous year counts 5 400 (a newcomer);
        health-centre GPs are taken as they are (no caps).

    Examples
    --------
    >>> counted_activity(
    ...     [100.0, 250.0, 2000.0, 4500.0, 9000.0, 800.0, 9000.0],
    ...     is_liberal=[True] * 7,
    ...     had_activity_last_year=[True] * 5 + [False, True],
    ...     is_health_centre=[False] * 6 + [True],
    ... ).tolist()
    [0.0, 3600.0, 3600.0, 4500.0, 6000.0, 5400.0, 9000.0]
    """
    a = as_float_vector(activity, "activité (activity)")
    n = a.size
    liberal = _as_bool(is_liberal, "is_liberal", n)
    last_year = _as_bool(had_activity_last_year, "had_activity_last_year", n)
    centre = _as_bool(is_health_centre, "is_health_centre", n)
    # The DESIGN table says "< 250 → 0" and "251–3,600 → 3,600": 250 itself is counted 3,600.
    capped = np.where(
        a < ACTIVITY_FLOOR, 0.0, np.clip(a, ACTIVITY_MIN_COUNTED, ACTIVITY_MAX_COUNTED)
    )
    capped = np.where(liberal & ~last_year, ACTIVITY_NEW_LIBERAL, capped)
    return np.where(centre, a, capped)


def supply_from_practitioners(
    n_communes: int,
    commune_index: npt.ArrayLike,
    activity: npt.ArrayLike,
    age: npt.ArrayLike,
    is_liberal: npt.ArrayLike,
    had_activity_last_year: npt.ArrayLike,
    is_health_centre: npt.ArrayLike,
    *,
    max_age: int | None = None,
) -> FloatArray:
    """APL supply per commune (consultations a year) from individual GPs (an RPPS/activity file).

    ``max_age=65`` gives the supply of the "GPs aged 65 or less" variant.

    Examples
    --------
    >>> supply_from_practitioners(
    ...     3, [0, 0, 2], [4000.0, 7000.0, 100.0], [40, 70, 50],
    ...     [True, True, True], [True, True, True], [False, False, False], max_age=65,
    ... ).tolist()
    [4000.0, 0.0, 0.0]
    """
    counted = counted_activity(
        activity,
        is_liberal=is_liberal,
        had_activity_last_year=had_activity_last_year,
        is_health_centre=is_health_centre,
    )
    idx = np.asarray(commune_index, dtype=np.int64)
    ages = np.asarray(age, dtype=np.float64)
    if idx.shape != counted.shape or ages.shape != counted.shape:
        raise ArrayShapeError(
            _(
                "médecins : commune_index, activity et age doivent avoir une valeur par "
                "médecin (reçu {size}, {size2}, {size3})."
            ).format(size=idx.size, size2=counted.size, size3=ages.size)
        )
    if idx.size and (idx.min() < 0 or idx.max() >= n_communes):
        raise InvalidArrayError(
            _("médecins : commune_index hors de [0, {x}] ; exemple valide : [0, 0, 2].").format(
                x=n_communes - 1
            )
        )
    if max_age is not None:
        counted = np.where(ages <= max_age, counted, 0.0)
    return np.bincount(idx, weights=counted, minlength=n_communes).astype(np.float64)


def supply_from_counts(gp_count: npt.ArrayLike, mean_activity: float) -> FloatArray:
    """APL supply per commune when only GP headcounts are known: count × mean counted activity.

    Examples
    --------
    >>> supply_from_counts([0, 2, 1], 4700.0).tolist()
    [0.0, 9400.0, 4700.0]
    """
    return as_float_vector(gp_count, "nombre de médecins (gp_count)") * float(mean_activity)


def standardised_population(population_by_band: npt.ArrayLike, year: Year) -> FloatArray:
    """DREES standardised population of each commune from its population by age band.

    Parameters
    ----------
    population_by_band : array of shape (n_communes, 19)
        Population of each five-year band of :data:`AGE_BANDS`.
    year : 2022 or 2023
        Which set of DREES weights to apply.

    Examples
    --------
    >>> standardised_population([[100.0] + [0.0] * 17 + [10.0]], 2023).round(2).tolist()
    [134.6]
    """
    pop = np.asarray(population_by_band, dtype=np.float64)
    if pop.ndim != 2 or pop.shape[1] != len(AGE_BANDS):
        raise ArrayShapeError(
            _(
                "population par âge : attendu un tableau (communes × {n_AGE_BANDS} "
                "tranches {x} … {x2}), reçu {shape}."
            ).format(n_AGE_BANDS=len(AGE_BANDS), x=AGE_BANDS[0], x2=AGE_BANDS[-1], shape=pop.shape)
        )
    if year not in AGE_WEIGHTS:
        raise InvalidArrayError(
            _("année APL {year} inconnue : attendu 2022 ou 2023.").format(year=repr(year))
        )
    return np.asarray(pop @ np.asarray(AGE_WEIGHTS[year]), dtype=np.float64)


def apl(
    supply: npt.ArrayLike, standardised_demand: npt.ArrayLike, times: TravelTimes
) -> FloatArray:
    """APL of each commune: E2SFCA with the DREES decay on a square commune travel-time matrix.

    Examples
    --------
    One GP doing 4 000 consultations in commune 0; commune 1 is 12 min away (weight 2/3):

    >>> from proxisante.access.traveltimes import from_dense
    >>> tt = from_dense(np.array([[0.0, 12.0], [12.0, 0.0]]), 20.0)
    >>> apl([4000.0, 0.0], [600.0, 600.0], tt).round(3).tolist()
    [4.0, 2.667]
    """
    n, m = times.shape
    if n != m:
        raise ArrayShapeError(
            _(
                "APL : la matrice de temps doit être carrée (commune → commune), reçu {n} × {m}."
            ).format(n=n, m=m)
        )
    return two_step_fca(supply, standardised_demand, times, DREES_DECAY)


def is_under_served(apl_values: npt.ArrayLike) -> BoolArray:
    """True where the APL is under :data:`UNDER_SERVED_APL` (2.5)."""
    return np.asarray(apl_values, dtype=np.float64) < UNDER_SERVED_APL


def _as_bool(values: npt.ArrayLike, name: str, size: int) -> BoolArray:
    arr = np.asarray(values, dtype=bool)
    if arr.shape != (size,):
        raise ArrayShapeError(
            _("{name} : attendu {size} valeurs booléennes, reçu {shape}.").format(
                name=name, size=size, shape=arr.shape
            )
        )
    return arr
