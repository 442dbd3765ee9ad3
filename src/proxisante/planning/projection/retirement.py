"""Exits of doctors by age: who reaches 65, who keeps working after 65, and for how long.

The DREES demography (``workforce_ages``: all doctors, France entière, 1 January 2012–2020, nine
age bands; national only, never by département) shows what a fixed "share over 65 / 5 a year"
misses: the band of doctors aged 65 and over grew from 13,476 to 33,565 between 2012 and 2020,
because most doctors who reach 65 keep working for years. A cohort model of the older bands,
one year at a time, with three parameters:

- ``keep_share`` p: share of the doctors reaching 65 who keep working after 65;
- ``keep_years`` D: how long they keep working, on average (they stop at 1/D a year, so the
  doctors already over 65 today leave at the same rate);
- ``early_exit`` q: yearly exits in the 60–64 band before 65 (early retirement, deaths,
  changes of career).

Each five-year band is spread evenly over its single years of age, which age one year a year
(today's 60–64 reach 65 in years 1–5, today's 55–59 in years 6–10); at 65 a share p stays.
Calibrated on the national series by :func:`calibrate` (linear least squares, one year ahead):

    B60(t+1) = (1 − q)·(4/5)·B60(t) + B55(t)/5    S65(t+1) = (1 − 1/D)·S65(t) + p·(1 − q)·B60(t)/5

On DREES 2012–2020: p ≈ 0.69, D ≈ 8.9 years, q ≈ 0.7 % a year (``plan project`` prints them).
The supply of a place is split into the four bands by its own share over 65 (estimated or
imported) and the national structure of the doctors under 65 (DREES, national, all doctors:
labelled as such), unless imported ages give the place's own bands.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from proxisante.errors import InternalError
from proxisante.types import FloatArray

BANDS = ("50-54", "55-59", "60-64")
"""The bands under 65 that move towards 65 within ten years (with the band 65+)."""


@dataclass(frozen=True)
class WorkAfter65:
    """Working in retirement: share of the doctors reaching 65 who keep working
    (``keep_share``), mean years they keep working (``keep_years``), and the yearly exits of
    the 60–64 band before 65 (``early_exit``)."""

    keep_share: float
    keep_years: float
    early_exit: float
    calibrated_on: str = ""  # e.g. "DREES 2012–2020" (empty when set by the user)

    @property
    def stop_rate(self) -> float:
        """Yearly share of the doctors over 65 who stop working (1 / ``keep_years``, at most 1)."""
        return min(1.0, 1.0 / self.keep_years)


@dataclass(frozen=True)
class AgeStructure:
    """Shares of today's supply by band (of the whole supply): 50–54, 55–59, 60–64, 65+."""

    s50: FloatArray | float
    s55: FloatArray | float
    s60: FloatArray | float
    s65: FloatArray | float


def national_bands(ages: pd.DataFrame, year: int) -> pd.Series:
    """DREES doctors of ``year`` by band (``<30`` … ``65+``), national."""
    d = ages[(ages["profession"] == "doctor") & (ages["year"] == year)]
    if d.empty:
        raise InternalError(f"workforce_ages: no doctors in {year}")
    return d.set_index("age_band")["count"].astype(float)


def share_over_65(ages: pd.DataFrame, year: int) -> float:
    """National share of doctors aged 65 and over in ``year`` (headcount)."""
    b = national_bands(ages, year)
    return float(b["65+"] / b.sum())


def under_65_structure(ages: pd.DataFrame, year: int) -> tuple[float, float, float]:
    """Shares of the bands 50–54, 55–59, 60–64 among the doctors *under 65* (national)."""
    b = national_bands(ages, year)
    under = float(b.sum() - b["65+"])
    return float(b["50-54"] / under), float(b["55-59"] / under), float(b["60-64"] / under)


def structure(ages: pd.DataFrame, year: int, place_share_65: FloatArray | float) -> AgeStructure:
    """The four bands of each place: its own share over 65 and, for the rest, the national
    structure of the doctors under 65 in ``year``.

    Examples
    --------
    >>> ages = pd.DataFrame({"profession": "doctor", "year": 2020,
    ...     "age_band": ["<50", "50-54", "55-59", "60-64", "65+"],
    ...     "count": [50, 10, 10, 10, 20]})
    >>> st = structure(ages, 2020, np.array([0.0, 0.5]))
    >>> np.round(st.s60, 4).tolist(), np.round(st.s65, 2).tolist()
    ([0.125, 0.0625], [0.0, 0.5])
    """
    u50, u55, u60 = under_65_structure(ages, year)
    s = np.asarray(place_share_65, dtype=np.float64)
    rest = 1.0 - s
    return AgeStructure(rest * u50, rest * u55, rest * u60, s)


def calibrate(ages: pd.DataFrame, first: int, last: int) -> WorkAfter65:
    """p, D and q fitted on the national DREES bands of ``first`` … ``last`` (one year ahead,
    linear least squares; see the module's docstring)."""
    years = list(range(first, last + 1))
    b = {y: national_bands(ages, y) for y in years}
    b55 = np.array([b[y]["55-59"] for y in years])
    b60 = np.array([b[y]["60-64"] for y in years])
    s65 = np.array([b[y]["65+"] for y in years])
    if len(years) < 3:
        raise InternalError("calibrate: at least three years of DREES bands are needed")
    y = b60[1:] - b55[:-1] / 5.0
    z = 0.8 * b60[:-1]
    early = 1.0 - float(y @ z) / float(z @ z)
    x = np.column_stack([s65[:-1], (1.0 - max(0.0, early)) * b60[:-1] / 5.0])
    (stay, keep), *_ = np.linalg.lstsq(x, s65[1:], rcond=None)
    if not (0.0 < stay < 1.0 and 0.0 <= keep <= 1.0):
        raise InternalError(f"calibrate: out of range (stay {stay}, keep {keep})")
    return WorkAfter65(
        keep_share=float(keep),
        keep_years=1.0 / (1.0 - float(stay)),
        early_exit=max(0.0, early),
        calibrated_on=f"DREES {first}–{last}",
    )


def remaining(st: AgeStructure, work: WorkAfter65, years: int) -> FloatArray:
    """Share of today's supply still working after ``years`` (entries apart).

    Each band of 50–64 is spread evenly over its five single years of age and ages one year a
    year: today's 60–64 reach 65 in years 1–5, today's 55–59 in years 6–10. Each year the ages
    60–64 lose ``early_exit``, a share ``keep_share`` of those turning 65 keeps working, and the
    doctors over 65 stop at 1/``keep_years`` a year. The doctors under 50 stay.

    Examples
    --------
    Everyone over 65, working 4 years on average: 3/4 remain after a year.

    >>> w = WorkAfter65(keep_share=0.5, keep_years=4.0, early_exit=0.0)
    >>> remaining(AgeStructure(0.0, 0.0, 0.0, np.array([1.0])), w, 1).tolist()
    [0.75]

    Everyone aged 60–64, nobody working after 65: one age a year turns 65 and stops.

    >>> w = WorkAfter65(keep_share=0.0, keep_years=4.0, early_exit=0.0)
    >>> remaining(AgeStructure(0.0, 0.0, np.array([1.0]), 0.0), w, 2).round(4).tolist()
    [0.6]
    """
    s50 = np.asarray(st.s50, dtype=np.float64)
    s55 = np.asarray(st.s55, dtype=np.float64)
    s60 = np.asarray(st.s60, dtype=np.float64)
    s65 = np.asarray(st.s65, dtype=np.float64) + 0.0 * (s50 + s55 + s60)
    under50 = np.maximum(0.0, 1.0 - s50 - s55 - s60 - s65)
    ages = [s50 / 5.0] * 5 + [s55 / 5.0] * 5 + [s60 / 5.0] * 5  # ages 50 … 64
    stay = 1.0 - work.early_exit
    for _ in range(years):
        ages[10:] = [a * stay for a in ages[10:]]
        s65 = s65 * (1.0 - work.stop_rate) + work.keep_share * ages[-1]
        ages = [np.zeros_like(s65), *ages[:-1]]
    return np.asarray(under50 + sum(ages) + s65, dtype=np.float64)


def exits(st: AgeStructure, work: WorkAfter65, years: int) -> FloatArray:
    """Cumulative share of today's supply that has stopped after ``years`` (1 − remaining)."""
    return np.asarray(1.0 - remaining(st, work, years), dtype=np.float64)
