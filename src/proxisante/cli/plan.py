"""``proxisante plan site|scenario|project|zoning``: siting, what-if scenarios, projections.

Only the parser lives here; the commands import the planning core when they run.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.config import Settings

_TERRITORY_HELP = "code of the area: 03310, 200071363, dep:03, reg:84, fr…"
_TRAVEL_HELP = "travel times: estimate (default), road:FILE.osm.pbf, matrix:FILE.csv|.parquet"
_OBJECTIVES = ("mclp", "p-median", "capacitated", "apl-gain", "lift-above-2.5")


def register(sub: Any) -> None:
    p = sub.add_parser("plan", help="planning: siting, what-if scenarios, projections, zoning")
    psub = p.add_subparsers(dest="plan_command", metavar="ACTION", parser_class=type(p))
    psub.required = True
    _register_site(psub)


def _register_site(psub: Any) -> None:
    site = psub.add_parser(
        "site",
        help="choose where new sites go (MCLP, p-median, capacitated, APL gain, lift above 2.5)",
        description="Implantation de nouvelles structures : modèles exacts (OR-Tools) ou"
        " glouton + recherche locale avec borne et écart.",
    )
    site.add_argument("territory", nargs="?", metavar="TERRITORY", help=_TERRITORY_HELP)
    site.add_argument(
        "--objective",
        required=True,
        metavar="NAME",
        help="one of " + ", ".join(_OBJECTIVES),
    )
    site.add_argument("--p", type=int, required=True, help="number of sites to open")
    site.add_argument("--radius", type=float, metavar="MIN", help="coverage radius in minutes")
    site.add_argument("--budget", type=float, help="maximum total cost of the opened sites")
    site.add_argument(
        "--capacity", type=float, help="capacity of candidates that have none (capacitated)"
    )
    site.add_argument(
        "--fte",
        type=float,
        default=1.0,
        help="GP full-time equivalents a new site brings (APL objectives; default 1)",
    )
    site.add_argument(
        "--candidates", type=Path, metavar="CSV", help="candidates: id[,capacity,locked,cost]"
    )
    site.add_argument("--demand", type=Path, metavar="CSV", help="demand points: id,weight")
    site.add_argument(
        "--times", type=Path, metavar="CSV", help="times: demand_id,candidate_id,minutes"
    )
    site.add_argument("--travel", default="estimate", metavar="SPEC", help=_TRAVEL_HELP)
    site.add_argument(
        "--ignore-existing",
        action="store_true",
        help="do not lock the communes that already have a GP (territory only)",
    )
    site.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="solver time limit (s)"
    )
    site.add_argument("--json", action="store_true", help="machine-readable output")
    site.set_defaults(func=run_site_command)


def run_site_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_site import site_command

    return site_command(args, settings)
