"""The options of a projection, checked once for every shell (CLI, API)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from proxisante.i18n import _
from proxisante.planning._errors import PlanningInputError
from proxisante.planning.projection import retirement as rt
from proxisante.planning.projection.demography import DemandKind

DEMAND_KINDS: tuple[DemandKind, ...] = ("drees-standardised", "population")
CALIBRATION_YEARS = (2012, 2020)
"""DREES national age bands on which the work after 65 is calibrated by default."""


@dataclass(frozen=True)
class ProjectionOptions:
    """What the user chose: horizons, draws, entry rate (None: the département's trend),
    work after 65 (None: calibrated on DREES), demand."""

    years: tuple[int, ...]
    draws: int
    entry_rate: float | None = None
    work_share: float | None = None
    work_years: float | None = None
    demand: DemandKind = "drees-standardised"

    def work(self, ages: pd.DataFrame) -> rt.WorkAfter65:
        """The work after 65: calibrated on the DREES national bands, each parameter the user
        set replacing its calibrated value."""
        calibrated = rt.calibrate(ages, *CALIBRATION_YEARS)
        if self.work_share is None and self.work_years is None:
            return calibrated
        return rt.WorkAfter65(
            keep_share=calibrated.keep_share if self.work_share is None else self.work_share,
            keep_years=calibrated.keep_years if self.work_years is None else self.work_years,
            early_exit=calibrated.early_exit,
            calibrated_on="",
        )


def parse_years(text: str) -> tuple[int, ...]:
    """``"5,10"`` → (5, 10); horizons from 1 to 10 years."""
    try:
        years = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        years = []
    if not years or any(y < 1 or y > 10 for y in years):
        raise PlanningInputError(
            _("--years {years} : horizons en années entre 1 et 10 attendus (ex. 5,10).").format(
                years=repr(text)
            )
        )
    return tuple(years)


def check(
    years: str,
    draws: int,
    entry_rate: float | None = None,
    work_share: float | None = None,
    work_years: float | None = None,
    demand: str = "drees-standardised",
) -> ProjectionOptions:
    """Every option checked; a :class:`PlanningInputError` naming the first one that is wrong."""
    parsed = parse_years(years)
    if draws < 10:
        raise PlanningInputError(
            _("--draws {draws} : au moins 10 tirages attendus (ex. 200).").format(draws=draws)
        )
    if entry_rate is not None and not (math.isfinite(entry_rate) and 0.0 <= entry_rate < 0.5):
        raise PlanningInputError(
            _(
                "--entry-rate {rate} : taux annuel d'installations positif ou nul, en part de"
                " l'effectif actuel, inférieur à 0,5 attendu (ex. 0.03)."
            ).format(rate=entry_rate)
        )
    if work_share is not None and not (math.isfinite(work_share) and 0.0 <= work_share <= 1.0):
        raise PlanningInputError(
            _(
                "--work-after-65 {share} : part des médecins qui exercent encore après 65 ans"
                " entre 0 et 1 attendue (ex. 0.7)."
            ).format(share=work_share)
        )
    if work_years is not None and not (math.isfinite(work_years) and 1.0 <= work_years <= 30):
        raise PlanningInputError(
            _(
                "--work-after-65-years {years} : durée moyenne d'exercice après 65 ans entre 1"
                " et 30 ans attendue (ex. 9)."
            ).format(years=work_years)
        )
    if demand not in DEMAND_KINDS:
        raise PlanningInputError(
            _("--demand {demand} : attendu {choices} (ex. drees-standardised).").format(
                demand=repr(demand), choices=" ou ".join(DEMAND_KINDS)
            )
        )
    kind: DemandKind = "population" if demand == "population" else "drees-standardised"
    return ProjectionOptions(parsed, draws, entry_rate, work_share, work_years, kind)
