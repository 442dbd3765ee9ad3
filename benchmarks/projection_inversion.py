"""How well the catchment → place inversion recovers a known truth, and how its λ was chosen.

A synthetic truth is laid on the real communes (bundle, ``estimate`` travel times, DREES
standardised demand): each place with n liberal GPs (BPE 2020) gets a share over 65 drawn as
Binomial(n, π_d) / n, with π_d a département level around the national 12 % (so small places are
0 or 1, as real ones are). The catchment exposures that truth gives are computed on a *perturbed*
catchment (each place's activity × a log-normal factor, sd 0.3: the model never knows the real
activity; each trip's time × a log-normal factor, sd ``--time-noise`` 0.2: nor the real times),
then inverted with the model's catchment. Reported, weighted by supply:

- error per place: mean |ŝ_j − s_j|;
- error per EPCI: |Σ ŝ_j O_j − Σ s_j O_j| / Σ O_j over the EPCI's places (what a territory's
  projection uses);

for the inversion and two baselines in the same run: *catchment as place* (s_j = the exposure of
commune j's residents, the rule before the inversion) and *prior only* (the département's mean
exposure). λ is chosen on even-numbered départements and the errors are reported on the odd
ones (as ``access_calibration.py``).

Run: ``.venv/bin/python benchmarks/projection_inversion.py [--deps 12] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp

from proxisante.access.apl import DREES_DECAY
from proxisante.access.communes import apl_inputs
from proxisante.access.providers import build_provider
from proxisante.access.traveltimes import TravelTimes
from proxisante.planning.projection import local_exits as le
from proxisante.territory import load_territory

STRENGTHS = (0.001, 0.01, 0.03, 0.1, 0.3, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deps", type=int, default=12, help="départements per half")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--prior", choices=("block", "own"), default="own")
    parser.add_argument(
        "--time-noise", type=float, default=0.2, help="sd of the log of each trip's time error"
    )
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    terr = load_territory()
    com = terr.communes
    fr = com[(com["country"] == "FR") & com["lon"].notna()]
    inputs = apl_inputs(fr, year=2023, demand="drees-standardised")
    times, _ = build_provider().commune_times(list(fr.index), DREES_DECAY.cutoff_min)
    model = le.catchment(inputs.supply, inputs.demand, times)
    gp = fr["gp_liberal"].fillna(0).to_numpy(dtype=np.int64)
    dep = fr["departement"].astype(str).to_numpy()
    names, block = np.unique(dep, return_inverse=True)
    level = rng.beta(12, 88, size=len(names))  # π_d around 12 %
    truth = np.where(gp > 0, rng.binomial(gp, level[block]) / np.maximum(gp, 1), np.nan)
    activity = np.exp(rng.normal(0.0, 0.3, size=len(gp)))
    wide, _ = build_provider().commune_times(list(fr.index), 30.0)
    noisy = wide.minutes.copy()
    noisy.data = noisy.data * np.exp(rng.normal(0.0, args.time_noise, size=noisy.nnz))
    real_times = TravelTimes(sp.csr_array(noisy), 30.0)
    real = le.catchment(inputs.supply * activity, inputs.demand, real_times)
    exposure = le.to_catchment(real, truth)
    weight = inputs.demand
    prior = le.block_mean_prior(exposure, weight, block, float(np.nanmean(exposure)))
    block_prior = prior
    if args.prior == "own":
        prior = np.where(np.isfinite(exposure), exposure, prior)
    number = pd.Series(names).str.extract(r"(\d+)$")[0].fillna("1").astype(int).to_numpy()
    metro = np.array([len(n.removeprefix("dep:")) == 2 for n in names])
    even = rng.permutation(np.flatnonzero(metro & (number % 2 == 0)))[: args.deps]
    odd = rng.permutation(np.flatnonzero(metro & (number % 2 == 1)))[: args.deps]
    epci = fr["epci"].fillna("").astype(str).to_numpy()
    o = inputs.supply

    def errors(estimate: np.ndarray, blocks: np.ndarray) -> tuple[float, float]:
        m = np.isin(block, blocks) & (o > 0)
        place = float(np.average(np.abs(estimate[m] - truth[m]), weights=o[m]))
        frame = pd.DataFrame({"e": epci[m], "x": estimate[m] * o[m], "t": truth[m] * o[m]})
        frame["o"] = o[m]
        g = frame.groupby("e").sum()
        per_epci = float(np.mean(np.abs(g["x"] - g["t"]) / g["o"]))
        return place, per_epci

    naive = np.where(o > 0, np.where(np.isfinite(exposure), exposure, block_prior), np.nan)
    print(f"places with GPs: {int((o > 0).sum())}; national truth {np.nanmean(truth):.3f}")
    print("half  rule                      λ       place error  EPCI error  seconds")
    chosen, best = STRENGTHS[0], np.inf
    for lam in STRENGTHS:
        t0 = time.perf_counter()
        est = le.to_place(model, exposure, weight, prior, blocks=block, solve=even, strength=lam)
        place, per_epci = errors(est.share, even)
        print(
            f"even  inversion               {lam:<7} {place:10.4f}  {per_epci:10.4f}"
            f"  {time.perf_counter() - t0:7.1f}"
        )
        if place < best:
            chosen, best = lam, place
    for name, est_share in (("catchment as place", naive), ("département mean", block_prior)):
        place, per_epci = errors(est_share, even)
        print(f"even  {name:<25} {'':7} {place:10.4f}  {per_epci:10.4f}")
    t0 = time.perf_counter()
    est = le.to_place(model, exposure, weight, prior, blocks=block, solve=odd, strength=chosen)
    seconds = time.perf_counter() - t0
    place, per_epci = errors(est.share, odd)
    n_place, n_epci = errors(naive, odd)
    p_place, p_epci = errors(block_prior, odd)
    print(
        f"odd   inversion               {chosen:<7} {place:10.4f}  {per_epci:10.4f}  {seconds:7.1f}"
    )
    print(f"odd   catchment as place      {'':7} {n_place:10.4f}  {n_epci:10.4f}")
    print(f"odd   département mean             {'':7} {p_place:10.4f}  {p_epci:10.4f}")
    print(
        f"ratio inversion / catchment-as-place (odd half): place {place / n_place:.2f},"
        f" EPCI {per_epci / n_epci:.2f}; chosen λ = {chosen} (code: {le.STRENGTH})"
    )


if __name__ == "__main__":
    main()
