"""How much travel-time error and supply error move the commune APL ranking (a simulation).

Takes the national APL computed with the ``estimate`` provider as if it were the truth, then
(1) multiplies every commune-pair travel time by an independent log-normal error of spread
sigma, (2) replaces the constant activity per GP by activities drawn around the mean (8 % of GPs
at 0, the rest normal, clipped to the DREES cap of 6 000), and reports the Spearman correlation
of the perturbed APL with the unperturbed one. It says which input limits commune-level
fidelity: at the pair level, crow-fly estimates of road times are typically 20–30 % off.

Baseline: the unperturbed APL of the same run. Run:
``.venv/bin/python benchmarks/access_sensitivity.py [--seed 0]``.
"""

from __future__ import annotations

import argparse
import json

import numpy as np
import scipy.sparse as sp
from scipy import stats

from proxisante.access.apl import apl
from proxisante.access.communes import MEAN_ACTIVITY_PER_GP, apl_inputs
from proxisante.access.travel.estimate import estimate_times
from proxisante.access.traveltimes import TravelTimes
from proxisante.territory import load_territory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    fr = load_territory().communes
    fr = fr[fr["country"] == "FR"]
    inputs = apl_inputs(fr, year=2023)
    p = inputs.points
    # Pairs up to 40 minutes, so that errors can bring a pair under 20 minutes.
    wide = estimate_times(p.lon, p.lat, p.density, p.area_km2, 40.0).minutes
    truth = apl(inputs.supply, inputs.demand, TravelTimes(wide, 20.0))
    n = wide.shape[0]
    upper = sp.triu(wide, k=1).tocoo()
    out: dict[str, dict[str, float]] = {"travel_time_error_sigma": {}, "activity_spread_sd": {}}
    for sigma in (0.1, 0.2, 0.3):
        noisy = upper.data * np.exp(rng.normal(0.0, sigma, upper.data.size))
        rows = np.concatenate((upper.row, upper.col, np.arange(n)))
        cols = np.concatenate((upper.col, upper.row, np.arange(n)))
        data = np.concatenate((noisy, noisy, wide.diagonal()))
        keep = data < 20.0
        times = TravelTimes(
            sp.csr_array((data[keep], (rows[keep], cols[keep])), shape=(n, n)), 20.0
        )
        perturbed = apl(inputs.supply, inputs.demand, times)
        out["travel_time_error_sigma"][str(sigma)] = round(
            float(stats.spearmanr(perturbed, truth).statistic), 3
        )
    headcount = np.nan_to_num(fr["gp_liberal"].to_numpy()).astype(np.int64)
    commune_of_gp = np.repeat(np.arange(headcount.size), headcount)
    for sd in (800.0, 1500.0):
        activity = np.clip(rng.normal(MEAN_ACTIVITY_PER_GP, sd, commune_of_gp.size), 0, 6000)
        activity[rng.random(commune_of_gp.size) < 0.08] = 0.0
        supply = np.bincount(commune_of_gp, weights=activity, minlength=headcount.size)
        perturbed = apl(supply, inputs.demand, TravelTimes(wide, 20.0))
        out["activity_spread_sd"][str(int(sd))] = round(
            float(stats.spearmanr(perturbed, truth).statistic), 3
        )
    print(json.dumps({"benchmark": "access_sensitivity", "spearman_vs_unperturbed": out}, indent=2))


if __name__ == "__main__":
    main()
