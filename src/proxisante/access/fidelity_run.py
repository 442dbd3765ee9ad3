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


# --- nurses ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NurseFidelityReport:
    """``access fidelity --profession nurse``: computed nurse APL against the DREES file."""

    year: int
    provider: str
    estimated: bool
    supply_label: str
    demand_label: str
    threshold: float
    national_official: float
    national_computed: float
    runtime_s: float
    all_departements: dict[str, FidelityScores]
    training_even: dict[str, FidelityScores]
    held_out_odd: dict[str, FidelityScores]
    variants: dict[str, dict[str, FidelityScores]]
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        def block(d: dict[str, FidelityScores]) -> dict[str, Any]:
            return {k: v.as_dict() for k, v in d.items()}

        return {
            "profession": "nurse",
            "year": self.year,
            "provider": self.provider,
            "travel_times_estimated": self.estimated,
            "supply": self.supply_label,
            "demand": self.demand_label,
            "unit": "ETP pour 100 000 habitants standardisés",
            "official_values": f"APL aux infirmières DREES {self.year} (cible de comparaison"
            " uniquement, jamais une entrée)",
            "under_served_threshold": self.threshold,
            "national_official": self.national_official,
            "national_computed": self.national_computed,
            "runtime_s": round(self.runtime_s, 3),
            "levels": block(self.all_departements),
            "training_even_departements": block(self.training_even),
            "held_out_odd_departements": block(self.held_out_odd),
            "supply_variants": {k: block(v) for k, v in self.variants.items()},
            "notes": list(self.notes),
        }


def nurse_fidelity_report(
    fr: pd.DataFrame,
    year: int,
    provider: TravelTimeProvider,
    nurses: pd.DataFrame,
    bassins: pd.DataFrame,
) -> NurseFidelityReport:
    """Compute the nurse APL of the communes ``fr`` (estimated supply, DREES nurse demand) and
    score it against the DREES file, for the default supply (by bassin de vie) and the plain
    département variant."""
    import time

    from proxisante.access.bassins import nearest_pole
    from proxisante.access.nurses import (
        NURSE_DECAY,
        analogous_thresholds,
        estimate_supply,
        national_apl,
        nurse_apl,
        nurses_le65,
    )
    from proxisante.i18n import _

    start = time.perf_counter()
    counts = nurses_le65(nurses, year)
    pole = nearest_pole(fr, bassins["pole"], provider)
    pop = fr["population"].fillna(0).to_numpy(dtype=np.float64)
    official_w = fr[f"pop_std_inf_{year}"]
    demand = official_w.fillna(fr["population"]).fillna(0).to_numpy(dtype=np.float64)
    times, covered = provider.commune_times(list(fr.index), NURSE_DECAY.cutoff_min)
    official = fr[f"apl_inf_{year}"].to_numpy(dtype=np.float64)
    threshold = analogous_thresholds(fr, year)[0]
    odd = odd_departements(fr["departement"])
    levels = {"epci": fr["epci"], "departement": fr["departement"]}

    def scores(values: np.ndarray, mask: np.ndarray) -> dict[str, FidelityScores]:
        return compare_by_levels(
            np.where(mask & covered, values, np.nan),
            official,
            demand,
            official_w.to_numpy(dtype=np.float64),
            pop,
            {k: v.where(mask, None).to_numpy() for k, v in levels.items()},
            threshold,
        )

    everyone = np.ones(len(fr), dtype=bool)
    runs = {}
    for method in ("bv", "departement"):
        supply = estimate_supply(fr, counts, year, method, pole=pole, bassins=bassins)
        runs[method] = (supply, nurse_apl(supply.fte, demand, times))
    supply, computed = runs["bv"]
    ok = np.isfinite(official) & covered
    return NurseFidelityReport(
        year=year,
        provider=provider.name,
        estimated=times.estimated,
        supply_label=supply.label,
        demand_label=_(
            "population standardisée DREES {year} pour les infirmières (entrée DREES)"
        ).format(year=year),
        threshold=threshold,
        national_official=national_apl(fr[f"apl_inf_{year}"], official_w),
        national_computed=float(np.average(computed[ok], weights=demand[ok])),
        runtime_s=time.perf_counter() - start,
        all_departements=scores(computed, everyone),
        training_even=scores(computed, ~odd),
        held_out_odd=scores(computed, odd),
        variants={m: scores(a, everyone) for m, (_s, a) in runs.items()},
        notes=(
            *times.notes,
            _(
                "Aucune offre d'infirmiers par commune dans les données ouvertes : l'offre est une"
                " estimation (voir supply) ; le niveau dépend de la conversion 1 personne = 1 ETP,"
                " le rang (Spearman) non."
            ),
            _(
                "Seuil de comparaison : même place relative à l'APL infirmière nationale que 2,5"
                " pour l'APL ≤ 65 ans aux généralistes (paramètre, pas un seuil officiel)."
            ),
        ),
    )
