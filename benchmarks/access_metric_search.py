"""Fitting the ``v2`` travel model (METRIC-like, with the national skeleton) and how it scores.

Training set: communes of even-numbered départements; held out: odd ones (and Corsica, 2A/2B).
The search is a coordinate descent on the *training* objective

    commune Spearman + EPCI Spearman + sous-dense agreement (population)

against the DREES APL 2023, over a handful of parameters: the local speeds of METRIC's three
density classes, the motorway and national-road speed factors, the terminal time and the
intra-commune rule (the detour is fixed at 1.3: with one speed per class, detour and speed cannot
be told apart). For each candidate the mean activity per GP is the value of a grid that
maximises the training sous-dense agreement by population. Scores on the held-out half, and
against APL 2022 (never fitted on), are printed for the start and the end of the search.

DREES values are only the target here; nothing reads them when an APL is computed.

Run: ``.venv/bin/python benchmarks/access_metric_search.py [--search] [--passes 2]``
(without ``--search``: score the parameters in the code, ``estimate`` and ``v2``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import time
from typing import Any

import numpy as np

from proxisante.access.apl import apl
from proxisante.access.communes import apl_inputs
from proxisante.access.fidelity import compare_by_levels
from proxisante.access.providers import build_provider
from proxisante.access.travel.metric import MetricModel
from proxisante.access.travel.v2 import DEFAULT_METRIC_MODEL, V2Network
from proxisante.territory import load_territory

ACTIVITY_GRID = np.arange(3000.0, 6501.0, 100.0)


class Bench:
    """Inputs loaded once; ``per_gp(model)`` gives the APL per unit of activity per GP."""

    def __init__(self) -> None:
        terr = load_territory()
        self.fr = fr = terr.communes[terr.communes["country"] == "FR"]
        # Fitted on plain population (before demand became the DREES standardised one).
        self.inputs = apl_inputs(fr, year=2023, demand="population", mean_activity=1.0)
        number = fr["departement"].str.extract(r"(\d+)$")[0].fillna("1").astype(int).to_numpy()
        self.even = number % 2 == 0
        self.pop = fr["population"].to_numpy(dtype=np.float64)
        provider = build_provider("v2")
        assert provider.v2 is not None
        self.network: V2Network = provider.v2
        self.index = provider.positions(list(fr.index))

    def per_gp(self, model: MetricModel | None) -> np.ndarray:
        if model is None:  # the estimate provider
            times, _ = build_provider("estimate").commune_times(list(self.fr.index), 20.0)
        else:
            times = self.network.with_model(model).square(self.index, 20.0)
        return apl(self.inputs.supply, self.inputs.demand, times)

    def scores(self, values: np.ndarray, year: int, mask: np.ndarray) -> dict[str, Any]:
        fr = self.fr
        official = fr[f"apl_{year}"].to_numpy(dtype=np.float64)
        levels = {
            "epci": fr["epci"].where(mask, None).to_numpy(),
            "departement": fr["departement"].where(mask, None).to_numpy(),
        }
        out = compare_by_levels(
            np.where(mask, values, np.nan),
            official,
            self.inputs.demand,
            fr[f"pop_std_{year}"].to_numpy(dtype=np.float64),
            self.pop,
            levels,
        )
        return {k: v.as_dict() for k, v in out.items()}

    def best_activity(self, per_gp: np.ndarray) -> float:
        official = self.fr["apl_2023"].to_numpy(dtype=np.float64)
        ok = self.even & np.isfinite(official)
        agree = [
            float(np.sum(self.pop[ok] * ((per_gp[ok] * a < 2.5) == (official[ok] < 2.5))))
            for a in ACTIVITY_GRID
        ]
        return float(ACTIVITY_GRID[int(np.argmax(agree))])

    def objective(self, model: MetricModel | None) -> tuple[float, float, np.ndarray]:
        per_gp = self.per_gp(model)
        activity = self.best_activity(per_gp)
        s = self.scores(per_gp * activity, 2023, self.even)
        value = (
            s["commune"]["spearman"]
            + s["epci"]["spearman"]
            + s["commune"]["under_served_agreement_population"]
        )
        return value, activity, per_gp

    def report(self, model: MetricModel | None, activity: float, per_gp: np.ndarray) -> dict:
        v = per_gp * activity
        return {
            "mean_activity": activity,
            "training_even_2023": self.scores(v, 2023, self.even),
            "held_out_odd_2023": self.scores(v, 2023, ~self.even),
            "held_out_odd_2022": self.scores(v, 2022, ~self.even),
        }


def candidates(model: MetricModel) -> list[MetricModel]:
    out = []
    for k in range(3):
        for delta in (-10.0, -5.0, 5.0, 10.0):
            speeds = list(model.local_kmh)
            speeds[k] = max(10.0, speeds[k] + delta)
            out.append(dataclasses.replace(model, local_kmh=tuple(speeds)))  # type: ignore[arg-type]
    for name in ("motorway_factor", "national_factor"):
        for f in (0.85, 0.95, 1.05):
            out.append(dataclasses.replace(model, **{name: getattr(model, name) * f}))
    for t in (0.0, 1.0, 2.0, 3.0):
        if t != model.terminal_min:
            out.append(dataclasses.replace(model, terminal_min=t))
    out.append(dataclasses.replace(model, intra="disc" if model.intra == "zero" else "zero"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--search", action="store_true", help="run the search (long)")
    parser.add_argument("--passes", type=int, default=2)
    args = parser.parse_args()
    start = time.perf_counter()
    bench = Bench()
    result: dict[str, Any] = {
        "benchmark": "access_metric_search",
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "communes": {"training": int(bench.even.sum()), "held_out": int((~bench.even).sum())},
    }
    obj, act, per_gp = bench.objective(None)
    result["estimate"] = {"objective": round(obj, 4), **bench.report(None, act, per_gp)}
    model = DEFAULT_METRIC_MODEL
    obj, act, per_gp = bench.objective(model)
    result["v2_start"] = {"model": dataclasses.asdict(model), "objective": round(obj, 4)}
    trail = []
    if args.search:
        for _ in range(args.passes):
            improved = False
            for cand in candidates(model):
                o, a, v = bench.objective(cand)
                if o > obj + 1e-4:
                    model, obj, act, per_gp, improved = cand, o, a, v, True
                    trail.append({"model": dataclasses.asdict(model), "objective": round(o, 4)})
                    print(json.dumps(trail[-1]), flush=True)
            if not improved:
                break
    result["v2"] = {
        "model": dataclasses.asdict(model),
        "objective": round(obj, 4),
        **bench.report(model, act, per_gp),
    }
    result["search_trail"] = trail
    result["seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(result, indent=1, default=float))


if __name__ == "__main__":
    main()
