"""``proxisante access fidelity``: the computed APL of every French commune against DREES.

Scores at commune, EPCI and département level, on the training half (even-numbered départements,
where the travel parameters and the mean activity were chosen) and on the held-out half (odd
ones and Corsica), plus the check of the emergency departments in use (SAE 2025) against INSEE
BPE 2024. DREES values are the target of the comparison only; they are never read when the APL
is computed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from proxisante.access.apl import Year
from proxisante.access.communes import (
    DemandChoice,
    apl_inputs,
    mean_activity_for,
    run_apl,
)
from proxisante.access.fidelity import FidelityScores, compare_by_levels
from proxisante.access.port import TravelTimeProvider


@dataclass(frozen=True)
class FidelityReport:
    """Everything ``access fidelity`` prints."""

    year: int
    provider: str
    estimated: bool
    supply_label: str
    demand_label: str
    mean_activity: float
    runtime_s: float
    all_departements: dict[str, FidelityScores]
    training_even: dict[str, FidelityScores]
    held_out_odd: dict[str, FidelityScores]
    emergency_check: dict[str, Any]
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        def block(d: dict[str, FidelityScores]) -> dict[str, Any]:
            return {k: v.as_dict() for k, v in d.items()}

        return {
            "year": self.year,
            "provider": self.provider,
            "travel": self.provider,
            "travel_times_estimated": self.estimated,
            "supply": self.supply_label,
            "demand": self.demand_label,
            "official_values": f"APL DREES {self.year} (cible de comparaison uniquement,"
            " jamais une entrée)",
            "mean_activity_per_gp": self.mean_activity,
            "runtime_s": round(self.runtime_s, 3),
            "levels": block(self.all_departements),
            "training_even_departements": block(self.training_even),
            "held_out_odd_departements": block(self.held_out_odd),
            "split": "paramètres choisis sur les départements pairs ; impairs et Corse tenus à"
            " l'écart (jamais vus par la recherche) ; APL 2022 jamais utilisée pour l'ajustement",
            "emergency_check": self.emergency_check,
            "notes": list(self.notes),
        }


def odd_departements(departement: pd.Series) -> np.ndarray:
    """True for communes of odd-numbered départements (Corsica 2A/2B counts as odd)."""
    number = departement.fillna("").str.extract(r"(\d+)$")[0].fillna("1").astype(int)
    return (number % 2 == 1).to_numpy()


def fidelity_report(
    fr: pd.DataFrame,
    year: Year,
    provider: TravelTimeProvider,
    demand: DemandChoice,
    emergency_check: dict[str, Any],
) -> FidelityReport:
    """Compute the APL of the communes ``fr`` with ``provider`` and score it against DREES."""
    activity = mean_activity_for(provider.name)
    inputs = apl_inputs(fr, year=year, demand=demand, mean_activity=activity)
    run = run_apl(inputs, provider)
    computed = run.table["apl"].to_numpy()
    official = fr[f"apl_{year}"].to_numpy(dtype=np.float64)
    official_w = fr[f"pop_std_{year}"].to_numpy(dtype=np.float64)
    pop = fr["population"].to_numpy(dtype=np.float64)
    odd = odd_departements(fr["departement"])

    def scores(mask: np.ndarray) -> dict[str, FidelityScores]:
        return compare_by_levels(
            np.where(mask, computed, np.nan),
            official,
            inputs.demand,
            official_w,
            pop,
            {
                "epci": fr["epci"].where(mask, None).to_numpy(),
                "departement": fr["departement"].where(mask, None).to_numpy(),
            },
        )

    everyone = np.ones(len(fr), dtype=bool)
    return FidelityReport(
        year=int(year),
        provider=provider.name,
        estimated=run.estimated,
        supply_label=run.supply_label,
        demand_label=run.demand_label,
        mean_activity=activity,
        runtime_s=run.seconds,
        all_departements=scores(everyone),
        training_even=scores(~odd),
        held_out_odd=scores(odd),
        emergency_check=emergency_check,
        notes=(
            *run.notes,
            "EPCI à cheval sur deux moitiés : seules leurs communes de la moitié considérée"
            " comptent.",
        ),
    )
