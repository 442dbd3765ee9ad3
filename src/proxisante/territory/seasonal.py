"""The seasonal population of a commune: people staying in its secondary homes at the peak.

    seasonal population = secondary homes × persons per home × occupancy

- secondary homes: INSEE census 2018, "résidences secondaires et logements occasionnels"
  (SOURCES §20);
- persons per home: by default the commune's own mean household size (RP 2018 population /
  households, i.e. of its main homes), settable;
- occupancy: the share of secondary homes occupied at the peak, :data:`DEFAULT_OCCUPANCY` by
  default — an assumption, not a measured rate (no open source gives the occupancy of
  secondary homes by commune), settable between 0 and 1.

Not counted: tourists in hotels, campsites, holiday villages and rented furnished flats (no
capacity by commune in our open data), day visitors, seasonal workers. The estimate is a lower
bound of the summer population where tourist accommodation matters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.errors import UserError
from proxisante.i18n import N_, _

DEFAULT_OCCUPANCY = 0.7
"""Share of secondary homes occupied at the summer peak (assumption, stated with every figure)."""

SEASONAL_SHARE_SHOWN = 0.10
"""The diagnosis shows the summer APL where the seasonal population reaches 10 % of the
resident population (a reading threshold, not an official one)."""

SOURCE = N_("INSEE, recensement 2018 (résidences secondaires, ménages) ; hypothèses ProxiSanté")


class SeasonalParameterError(UserError):
    """A seasonal parameter out of its range."""


@dataclass(frozen=True)
class SeasonalParameters:
    occupancy: float = DEFAULT_OCCUPANCY
    persons_per_home: float | None = None  # None: the commune's mean household size

    def __post_init__(self) -> None:
        if not (math.isfinite(self.occupancy) and 0.0 <= self.occupancy <= 1.0):
            raise SeasonalParameterError(
                _(
                    "occupation {value} : part des résidences secondaires occupées entre 0 et 1"
                    " attendue (ex. 0.7)."
                ).format(value=self.occupancy)
            )
        p = self.persons_per_home
        if p is not None and not (math.isfinite(p) and 0.0 < p <= 20.0):
            raise SeasonalParameterError(
                _("personnes par logement {value} : nombre > 0 et ≤ 20 attendu (ex. 2.2).").format(
                    value=p
                )
            )

    def describe(self) -> str:
        """The parameters in words (current language)."""
        from proxisante.i18n import format_decimal

        persons = (
            _("taille moyenne des ménages de la commune (RP 2018)")
            if self.persons_per_home is None
            else _("{n} personnes par logement").format(n=format_decimal(self.persons_per_home, 1))
        )
        return _("résidences secondaires × {persons} × occupation {occupancy} (hypothèse)").format(
            persons=persons, occupancy=format_decimal(self.occupancy, 2)
        )


def household_size(communes: pd.DataFrame) -> pd.Series:
    """Mean household size per commune (RP 2018 population / households; NaN if unknown)."""
    if "households_2018" not in communes:
        return pd.Series(np.nan, index=communes.index)
    households = communes["households_2018"].astype(float)
    return (communes["population_2018"].astype(float) / households.where(households > 0)).astype(
        float
    )


def seasonal_population(communes: pd.DataFrame, params: SeasonalParameters) -> pd.Series:
    """People in secondary homes at the peak, per commune (NaN where the census has nothing)."""
    if "secondary_homes_2018" not in communes:
        return pd.Series(np.nan, index=communes.index)
    homes = communes["secondary_homes_2018"].astype(float)
    persons = (
        household_size(communes)
        if params.persons_per_home is None
        else pd.Series(params.persons_per_home, index=communes.index)
    )
    return homes * persons * params.occupancy


def secondary_share(communes: pd.DataFrame) -> pd.Series:
    """Share of dwellings that are secondary homes (RP 2018)."""
    if "secondary_homes_2018" not in communes:
        return pd.Series(np.nan, index=communes.index)
    dwellings = communes["dwellings_2018"].astype(float)
    return communes["secondary_homes_2018"].astype(float) / dwellings.where(dwellings > 0)


@dataclass(frozen=True)
class SeasonalFigures:
    """An area's secondary homes and seasonal population (RP 2018, parameters stated)."""

    secondary_homes: float | None
    dwellings: float | None
    share_secondary: float | None
    seasonal_population: float | None
    ratio_to_population: float | None
    parameters: str

    @property
    def matters(self) -> bool:
        """True where the seasonal population reaches :data:`SEASONAL_SHARE_SHOWN`."""
        r = self.ratio_to_population
        return r is not None and r >= SEASONAL_SHARE_SHOWN


def seasonal_figures(
    rows: pd.DataFrame, params: SeasonalParameters | None = None
) -> SeasonalFigures | None:
    """The seasonal figures of the communes ``rows`` (None without census housing data)."""
    params = params or SeasonalParameters()
    if "secondary_homes_2018" not in rows or rows["secondary_homes_2018"].isna().all():
        return None
    homes = float(rows["secondary_homes_2018"].sum())
    dwellings = float(rows["dwellings_2018"].sum())
    people = float(seasonal_population(rows, params).sum())
    pop = float(rows["population"].sum())
    return SeasonalFigures(
        secondary_homes=homes,
        dwellings=dwellings,
        share_secondary=homes / dwellings if dwellings > 0 else None,
        seasonal_population=people,
        ratio_to_population=people / pop if pop > 0 else None,
        parameters=params.describe(),
    )
