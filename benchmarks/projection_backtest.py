"""The projection's backtests by département as Markdown tables (docs/explanation/
projection-backtest.md): the default rule against its two naive baselines, measured in the same
run.

Reads the JSON of ``proxisante plan project TERRITORY --backtest --json`` (the backtests do not
depend on the territory) on standard input or from a file, prints the tables.

Run: ``.venv/bin/python -m proxisante plan project dep:03 --draws 10 --backtest --json |
.venv/bin/python benchmarks/projection_backtest.py``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

TITLES = {
    "doctors": "DREES doctors (all specialities) by département, 2016 → 2020 projected from "
    "2012–2016",
    "gps": "Liberal GPs (INSEE BPE, D201) by département, 2020 → 2024; trend = DREES doctors "
    "2016 → 2020",
}


def supply_table(key: str, b: dict[str, Any]) -> list[str]:
    lines = [
        f"### {TITLES[key]}",
        "",
        f"Mean absolute error: **stock-flow {b['mape']:.2f} %** (median {b['median_ape']:.2f} %),"
        f" trend {b['mape_trend']:.2f} %, no change {b['mape_no_change']:.2f} %; best rule:"
        f" {b['best']}. Work after 65 used: keep share {b['work']['keep_share']:.3f}, mean years"
        f" {b['work']['keep_years']:.2f}, early exits {b['work']['early_exit']:.4f} a year"
        f" ({b['work']['calibrated_on']}).",
        "",
        "| département | start | observed | stock-flow | error % | trend error % |"
        " no change error % |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in b["departments"]:
        lines.append(
            f"| {d['dep']} | {d['start']:.0f} | {d['observed']:.0f} | {d['projected']:.0f} |"
            f" {d['error_pct']:+.2f} | {d['trend_error_pct']:+.2f} |"
            f" {d['no_change_error_pct']:+.2f} |"
        )
    return [*lines, ""]


def demand_table(d: dict[str, Any]) -> list[str]:
    lines = [
        "### Standardised demand (DREES 2023 weights) by département, INSEE pyramids",
        "",
        "| from → to | cohorts (default) | trend | no change |",
        "|---|---|---|---|",
    ]
    for m in d["mape"]:
        lines.append(
            f"| {m['base']} → {m['base'] + m['years']} | **{m['cohort']:.2f} %** |"
            f" {m['trend']:.2f} % | {m['no_change']:.2f} % |"
        )
    lines += [
        "",
        "By département, 2011 → 2021 (error %):",
        "",
        "| département | observed | cohorts | trend | no change |",
        "|---|---|---|---|---|",
    ]
    for r in d["departments"]:
        if (r["base"], r["years"]) != (2011, 10):
            continue
        obs = r["observed"]

        def e(x: float, obs: float = obs) -> str:
            return f"{100 * (x - obs) / obs:+.2f}"

        lines.append(
            f"| {r['dep']} | {obs:.0f} | {e(r['cohort'])} | {e(r['trend'])} | {e(r['no_change'])} |"
        )
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("json", nargs="?", help="plan project --backtest --json output")
    args = parser.parse_args()
    text = Path(args.json).read_text(encoding="utf-8") if args.json else sys.stdin.read()
    bt = json.loads(text)["backtest"]
    lines: list[str] = []
    for key in ("doctors", "gps"):
        lines += supply_table(key, bt[key])
    lines += demand_table(bt["demand"])
    print("\n".join(lines))


if __name__ == "__main__":
    main()
