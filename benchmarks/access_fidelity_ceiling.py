"""Why the computed APL stays far from the DREES one: what each missing input costs.

Each line replaces one of our inputs by an *oracle* built from DREES values (diagnostic only:
these oracles read the DREES APL, so they can never be used to compute an APL) and scores the
result on the held-out half (odd-numbered départements), APL 2023:

- ``estimate`` / ``v2``: the providers as shipped (plain population, headcount × activity);
- ``+ demand``: the DREES standardised population (a DREES input) as demand;
- ``+ supply (département)``: each GP's activity set to the activity DREES implies in its
  département, Σ APL × standardised population ÷ BPE headcount — what an activity file would
  bring at département level;
- ``+ both``.

If fixing supply and demand lifts the commune Spearman far more than any travel model change,
the gap to the targets is in the inputs, not in the travel times.

Run: ``.venv/bin/python benchmarks/access_fidelity_ceiling.py``.
"""

from __future__ import annotations

import json
import platform
import time

import numpy as np

from proxisante.access.apl import apl
from proxisante.access.communes import MEAN_ACTIVITY_PER_GP, apl_inputs
from proxisante.access.fidelity import compare_by_levels
from proxisante.access.providers import build_provider
from proxisante.territory import load_territory


def main() -> None:
    start = time.perf_counter()
    terr = load_territory()
    fr = terr.communes[terr.communes["country"] == "FR"]
    codes = list(fr.index)
    official = fr["apl_2023"].to_numpy(dtype=np.float64)
    pop_std = fr["pop_std_2023"].to_numpy(dtype=np.float64)
    pop = fr["population"].to_numpy(dtype=np.float64)
    gp = np.nan_to_num(fr["gp_liberal"].to_numpy(dtype=np.float64))
    number = fr["departement"].str.extract(r"(\d+)$")[0].fillna("1").astype(int).to_numpy()
    held = number % 2 == 1
    dep = fr["departement"].to_numpy()
    # DREES-implied activity per BPE GP, per département (oracle).
    ok = np.isfinite(official) & np.isfinite(pop_std)
    implied = {}
    for d in np.unique(dep):
        m = dep == d
        heads = gp[m].sum()
        implied[d] = float((official[m & ok] * pop_std[m & ok]).sum() / heads) if heads else 0.0
    activity_oracle = np.array([implied[d] for d in dep])
    plain = apl_inputs(fr, year=2023, demand="population").demand
    std_demand = np.where(np.isfinite(pop_std), pop_std, plain)

    def score(values: np.ndarray, weight: np.ndarray) -> dict[str, float]:
        out = compare_by_levels(
            np.where(held, values, np.nan),
            official,
            weight,
            pop_std,
            pop,
            {"epci": fr["epci"].where(held, None).to_numpy()},
        )
        return {
            "commune_spearman": round(out["commune"].spearman, 3),
            "epci_spearman": round(out["epci"].spearman, 3),
            "commune_agreement_population": round(
                out["commune"].under_served_agreement_population, 3
            ),
        }

    rows = {}
    for name in ("estimate", "v2"):
        times, _ = build_provider(name).commune_times(codes, 20.0)
        for label, supply, demand in (
            ("", gp * MEAN_ACTIVITY_PER_GP, plain),
            (" + demand", gp * MEAN_ACTIVITY_PER_GP, std_demand),
            (" + supply (département)", gp * activity_oracle, plain),
            (" + both", gp * activity_oracle, std_demand),
        ):
            rows[name + label] = score(apl(supply, demand, times), demand)
    print(
        json.dumps(
            {
                "benchmark": "access_fidelity_ceiling",
                "machine": platform.machine(),
                "communes_held_out": int(held.sum()),
                "held_out_odd_2023": rows,
                "seconds": round(time.perf_counter() - start, 1),
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
