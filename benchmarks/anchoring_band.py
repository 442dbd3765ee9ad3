"""The evidence for the anchoring band: model / official APL over France's communes.

Ratio anchoring (official × after / before) is used where the model and the official DREES APL
2023 agree within ``proxisante.access.anchoring.RATIO_BAND``. This script prints the
distribution of model / official APL per commune (national baseline of ``plan scenario``:
bundle supply, ``estimate`` travel times), for the standardised demand (the default) and for
plain population, with the share of communes and of population inside candidate bands, and
the Huriel case of issue 22 (every GP of the CC du Pays d'Huriel and of the communes touching
it leaves) under the old additive anchoring and under the current one.

Run: ``.venv/bin/python benchmarks/anchoring_band.py`` (about 10 s; JSON on stdout).
"""

from __future__ import annotations

import json
import platform
import tempfile
from pathlib import Path

import numpy as np
import shapely

from proxisante.access.anchoring import RATIO_BAND, anchor
from proxisante.access.providers import build_provider
from proxisante.diagnosis.context import neighbour_communes, scope_of_area
from proxisante.planning.scenarios.baseline import build_baseline
from proxisante.planning.scenarios.scenario import GpLeave, Scenario
from proxisante.planning.scenarios.whatif import area_figures, commune_table, run_scenario
from proxisante.territory import load_territory
from proxisante.territory.bundle import read_table

QUANTILES = (1, 2.5, 5, 10, 25, 50, 75, 90, 95, 97.5, 99)
BANDS = ((0.8, 1.25), (2 / 3, 1.5), (0.5, 2.0), (1 / 3, 3.0))
HURIEL = "240300657"


def distribution(model: np.ndarray, official: np.ndarray, pop: np.ndarray) -> dict[str, object]:
    both = np.isfinite(model) & np.isfinite(official)
    ok = both & (model > 0) & (official > 0)
    ratio = model[ok] / official[ok]
    w = pop[ok]
    return {
        "communes_compared": int(ok.sum()),
        "official_zero": int((both & (official == 0)).sum()),
        "model_zero": int((both & (model == 0)).sum()),
        "both_zero": int((both & (official == 0) & (model == 0)).sum()),
        "quantiles": {str(q): round(float(np.percentile(ratio, q)), 3) for q in QUANTILES},
        "bands": [
            {
                "band": [round(lo, 3), round(hi, 3)],
                "share_communes": round(float(((ratio >= lo) & (ratio <= hi)).mean()), 4),
                "share_population": round(
                    float(w[(ratio >= lo) & (ratio <= hi)].sum() / w.sum()), 4
                ),
            }
            for lo, hi in BANDS
        ],
    }


def huriel(terr, baseline) -> dict[str, object]:  # type: ignore[no-untyped-def]
    scope = scope_of_area(terr, HURIEL)
    frame = read_table("contours")
    frame = frame[frame["code"].str.len() == 5]
    contours = dict(zip(frame["code"], shapely.from_wkb(frame["wkb"].to_numpy()), strict=True))
    codes = [*scope.communes, *neighbour_communes(scope, contours, terr.communes.index)]
    gps = terr.communes.loc[codes, "gp_liberal"].fillna(0)
    leave = tuple(GpLeave(c, float(g), 1) for c, g in gps.items() if g > 0)
    outcome = run_scenario(baseline, Scenario("huriel", HURIEL, leave))
    table = commune_table(baseline, outcome, list(scope.communes))
    additive = table["apl_official"] + table["apl_change"]
    now = area_figures(table, (None, None))
    old = table.assign(apl_anchored_after=additive)
    w = table["demand"]
    return {
        "gps_leaving": float(gps.sum()),
        "communes_emptied": len(codes),
        "territory_anchored_before": now.apl_anchored_before,
        "territory_anchored_after_additive_unclipped": float(np.average(additive, weights=w)),
        "territory_anchored_after": now.apl_anchored_after,
        "min_commune_additive_unclipped": float(additive.min()),
        "min_commune_anchored": float(table["apl_anchored_after"].min()),
        "communes_below_zero_additive": int((old["apl_anchored_after"] < 0).sum()),
        "methods": anchor(
            table["apl_official"], table["apl_model_before"], table["apl_model_after"]
        ).counts(),
    }


def main() -> None:
    terr = load_territory()
    out: dict[str, object] = {
        "machine": platform.platform(),
        "ratio_band": list(RATIO_BAND),
        "year": 2023,
        "travel": "estimate",
    }
    provider = build_provider()
    with tempfile.TemporaryDirectory() as home:
        for demand in ("drees-standardised", "population"):
            b = build_baseline(terr, Path(home), provider, [], demand=demand)  # type: ignore[arg-type]
            out[demand] = distribution(b.state.apl, b.official, b.population)
            if demand == "drees-standardised":
                out["huriel"] = huriel(terr, b)
    print(json.dumps(out, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
