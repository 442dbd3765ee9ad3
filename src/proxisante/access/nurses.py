"""The APL to nurses, computed by the access engine, and its estimated supply per commune.

The DREES method for nurses (``Paramètres`` sheet of the DREES nurse file, SOURCES §15) is the
GP one with other units and weights:

- supply: liberal nurses aged 65 or less and nurses salaried in health centres, in full-time
  equivalents (1 FTE = the median liberal activity; < 10 000 € of fees → 0; capped at the 90th
  percentile; a newcomer counts 1 FTE);
- demand: the population by age band weighted by nurse consumption (:data:`NURSE_AGE_WEIGHTS`,
  far steeper with age than for GPs), the "population standardisée pour les infirmières";
- decay: the same steps as for GPs (< 10 min 1, 10–15 min 2/3, 15–20 min 1/3, ≥ 20 min 0);
- APL in FTE per 100 000 standardised inhabitants.

**No open file gives nurses per commune.** What exists: DREES headcounts of liberal nurses by
département and age (2012–2023, SOURCES §16) and CartoSanté's density of liberal nurses per
bassin de vie 2024 (SOURCES §5). The supply used here is an estimate, labelled as such: the
nurses of each bassin de vie (density × population) spread over its communes in proportion to
their population, then scaled so that each département holds the DREES count of liberal nurses
aged 65 or less; one headcount counts one FTE (the DREES FTE conversion needs individual fees).
A plainer variant spreads each département's count by population alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from proxisante.access.apl import AGE_BANDS, DREES_DECAY, UNDER_SERVED_APL
from proxisante.access.fca import two_step_fca
from proxisante.access.traveltimes import TravelTimes
from proxisante.i18n import N_, _
from proxisante.types import FloatArray

NURSE_DECAY = DREES_DECAY
"""The nurses' distance decay: the GP steps (DREES nurse file, ``Paramètres``)."""

PER_100K = 100_000.0

NURSE_AGE_WEIGHTS: dict[int, tuple[float, ...]] = {
    2022: (0.03, 0.05, 0.06, 0.12, 0.17, 0.19, 0.21, 0.22, 0.25, 0.32,
           0.44, 0.63, 0.85, 1.17, 1.90, 2.85, 4.92, 8.76, 16.01),
    2023: (0.05, 0.09, 0.11, 0.17, 0.22, 0.25, 0.27, 0.29, 0.31, 0.36,
           0.48, 0.65, 0.86, 1.19, 1.76, 2.79, 4.53, 8.07, 15.11),
}  # fmt: skip
"""Nurse-consumption weight of each band of :data:`~proxisante.access.apl.AGE_BANDS`."""

SupplyMethod = Literal["bv", "departement"]
SUPPLY_LABELS = {
    "bv": N_(
        "ESTIMATION : infirmiers libéraux par bassin de vie (densité CartoSanté 2024 × "
        "population), répartis entre ses communes selon la population, recalés sur l'effectif "
        "DREES des infirmiers libéraux de 65 ans ou moins du département ({year}) ; 1 personne "
        "= 1 ETP"
    ),
    "departement": N_(
        "ESTIMATION : effectif DREES des infirmiers libéraux de 65 ans ou moins du département "
        "({year}) réparti entre ses communes selon la population ; 1 personne = 1 ETP"
    ),
}


def nurse_apl(
    supply_fte: npt.ArrayLike, standardised_demand: npt.ArrayLike, times: TravelTimes
) -> FloatArray:
    """APL to nurses of each commune, in FTE per 100 000 standardised inhabitants.

    Examples
    --------
    Two nurses in commune 0; commune 1 is 12 min away (weight 2/3):

    >>> from proxisante.access.traveltimes import from_dense
    >>> tt = from_dense(np.array([[0.0, 12.0], [12.0, 0.0]]), 20.0)
    >>> nurse_apl([2.0, 0.0], [600.0, 600.0], tt).round(1).tolist()
    [200.0, 133.3]
    """
    return PER_100K * two_step_fca(supply_fte, standardised_demand, times, NURSE_DECAY)


def nurse_standardised_population(population_by_band: npt.ArrayLike, year: int) -> FloatArray:
    """The nurses' standardised population from population by the 19 age bands."""
    pop = np.asarray(population_by_band, dtype=np.float64)
    if pop.ndim != 2 or pop.shape[1] != len(AGE_BANDS) or year not in NURSE_AGE_WEIGHTS:
        from proxisante.access._errors import ArrayShapeError

        raise ArrayShapeError(
            _("population par âge : attendu (communes × {n} tranches) et 2022 ou 2023.").format(
                n=len(AGE_BANDS)
            )
        )
    return np.asarray(pop @ np.asarray(NURSE_AGE_WEIGHTS[year]), dtype=np.float64)


def national_apl(values: pd.Series, weights: pd.Series) -> float:
    """A national APL: communes' values weighted by their standardised population."""
    ok = values.notna() & weights.notna() & (weights > 0)
    return float((values[ok] * weights[ok]).sum() / weights[ok].sum()) if ok.any() else np.nan


def analogous_thresholds(communes: pd.DataFrame, year: int) -> tuple[float, float]:
    """Nurse APL thresholds at the same place relative to the national nurse APL as 2.5 and 4
    relative to the national GP APL ≤ 65 (simulation parameters: no official nurse
    thresholds of this kind exist in the sources)."""
    fr = communes[communes["country"] == "FR"]
    gp = national_apl(fr[f"apl_{year}_le65"], fr[f"pop_std_{year}"])
    nurse = national_apl(fr[f"apl_inf_{year}"], fr[f"pop_std_inf_{year}"])
    return UNDER_SERVED_APL / gp * nurse, 4.0 / gp * nurse


def nurses_le65(nurses: pd.DataFrame, year: int) -> pd.Series:
    """DREES liberal nurses aged 65 or less per département (``03`` …) in ``year``."""
    rows = nurses[(nurses["year"] == year) & nurses["band_order"].between(1, 9)]
    return rows.groupby("dep")["count"].sum().astype(float)


@dataclass(frozen=True, eq=False)
class NurseSupply:
    """Estimated nurse FTE per commune (aligned on the communes given) and what it rests on."""

    fte: FloatArray
    method: str
    label: str


def estimate_supply(
    communes: pd.DataFrame,
    by_departement: pd.Series,
    year: int,
    method: SupplyMethod = "bv",
    pole: pd.Series | None = None,
    bassins: pd.DataFrame | None = None,
) -> NurseSupply:
    """Nurse FTE per commune of ``communes`` (columns ``departement``, ``population``).

    ``by_departement``: headcount per département code (``03``); ``pole``: the bassin-de-vie
    pole of each commune and ``bassins`` the CartoSanté densities (``pole``,
    ``nurse_density_2024``) for ``method="bv"``.
    """
    pop = communes["population"].fillna(0).astype(float)
    dep = communes["departement"].astype(str).str.replace("dep:", "", regex=False)
    weight = pop.copy()
    if method == "bv":
        if pole is None or bassins is None:
            raise ValueError("method 'bv' needs the poles and the bassins' densities")
        pole = pole.reindex(communes.index)
        density = bassins.set_index("pole")["nurse_density_2024"].astype(float)
        density = density.fillna(float(density.median()))  # a BV without a published density
        bv_pop = pop.groupby(pole).sum()
        nurses_bv = density.reindex(bv_pop.index) * bv_pop / 10_000.0
        share = pop / pole.map(bv_pop).replace(0, np.nan)
        weight = (share * pole.map(nurses_bv)).fillna(0.0)
    total = weight.groupby(dep).transform("sum")
    fte = (weight / total.replace(0, np.nan) * dep.map(by_departement)).fillna(0.0)
    return NurseSupply(
        fte.to_numpy(dtype=np.float64), method, _(SUPPLY_LABELS[method]).format(year=year)
    )
