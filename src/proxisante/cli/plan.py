"""``proxisante plan site|scenario|project|zoning``: siting, what-if scenarios, projections.

Only the parser lives here; the commands import the planning core when they run.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.config import Settings
from proxisante.i18n import _

_TERRITORY_HELP = "code of the area: 03310, 200071363, dep:03, reg:84, fr…"
_TRAVEL_HELP = "travel times: estimate (default), road:FILE.osm.pbf, matrix:FILE.csv|.parquet"
_OBJECTIVES = ("mclp", "p-median", "capacitated", "apl-gain", "lift-above-2.5")


def register(sub: Any) -> None:
    p = sub.add_parser("plan", help="planning: siting, what-if scenarios, projections, zoning")
    psub = p.add_subparsers(dest="plan_command", metavar="ACTION", parser_class=type(p))
    psub.required = True
    _register_site(psub)
    _register_scenario(psub)
    _register_project(psub)
    _register_zoning(psub)


def _register_site(psub: Any) -> None:
    site = psub.add_parser(
        "site",
        help="choose where new sites go (MCLP, p-median, capacitated, APL gain, lift above 2.5)",
        description=_(
            "Implantation de nouvelles structures : modèles exacts (OR-Tools) ou"
            " glouton + recherche locale avec borne et écart."
        ),
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
    site.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler for the evaluation of every candidate (APL objectives):"
        " local threads (default) or tcp://host:port",
    )
    site.add_argument("--json", action="store_true", help="machine-readable output")
    site.set_defaults(func=run_site_command)


def _register_scenario(psub: Any) -> None:
    sc = psub.add_parser(
        "scenario",
        help="what-if scenarios on the APL (GPs leave, MSP opens, advanced consultations, IPA)",
        description=_(
            "Scénarios : APL avant / après (modèle et ancrée sur l'APL officielle),"
            " population qui franchit 2,5, changements de classe. Recalcul incrémental."
        ),
    )
    sc.add_argument("files", nargs="+", type=Path, metavar="FILE.yaml", help="scenario files")
    sc.add_argument("--travel", default="estimate", metavar="SPEC", help=_TRAVEL_HELP)
    sc.add_argument(
        "--out", type=Path, metavar="DIR", help="write FILE.json, .csv, .gpkg, -carte.svg there"
    )
    sc.add_argument(
        "--formats", default="json,csv,gpkg,svg", help="files to write with --out (default all)"
    )
    sc.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler for the batch: local threads (default) or tcp://host:port",
    )
    sc.add_argument("--json", action="store_true", help="machine-readable output")
    sc.set_defaults(func=run_scenario_command)


def run_scenario_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_scenario import scenario_command

    return scenario_command(args, settings)


def _register_project(psub: Any) -> None:
    pr = psub.add_parser(
        "project",
        help="GP supply, standardised demand and APL at +5 / +10 years (P10–P90)",
        description=_(
            "Projection stock-flux de l'offre de médecins généralistes et de la demande,"
            " APL aux horizons, bandes P10–P90 par Monte Carlo ; rétro-test DREES 2012–2020."
        ),
    )
    pr.add_argument("territory", metavar="TERRITORY", help=_TERRITORY_HELP)
    pr.add_argument("--years", default="5,10", help="horizons in years (default 5,10)")
    pr.add_argument(
        "--entry-rate",
        type=float,
        metavar="R",
        help="yearly GP entries as a share of today's stock (default: département trend)",
    )
    pr.add_argument("--draws", type=int, default=200, help="Monte Carlo draws (default 200)")
    pr.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    pr.add_argument("--travel", default="estimate", metavar="SPEC", help=_TRAVEL_HELP)
    pr.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler: local (default) or tcp://host:port"
    )
    pr.add_argument("--backtest", action="store_true", help="print the per-département backtest")
    pr.add_argument("--json", action="store_true", help="machine-readable output")
    pr.set_defaults(func=run_project_command)


def run_project_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_project import project_command

    return project_command(args, settings)


def _register_zoning(psub: Any) -> None:
    zo = psub.add_parser(
        "zoning",
        help="simulation of the doctors' zoning (ZIP / ZAC) from the APL ≤ 65",
        description=_(
            "Simulation du zonage médecins (ZIP / ZAC) selon les règles nationales"
            " (arrêté du 1er octobre 2021), simplifiée : unité EPCI ou regroupement fourni."
        ),
    )
    zo.add_argument("territory", metavar="TERRITORY", help=_TERRITORY_HELP)
    zo.add_argument(
        "--grouping", type=Path, metavar="CSV", help="units: commune,group (default: EPCI)"
    )
    zo.add_argument(
        "--zip-ceiling",
        type=float,
        metavar="SHARE",
        help="ceiling of population in ZIP per région (share, e.g. 0.3); none by default",
    )
    zo.add_argument("--json", action="store_true", help="machine-readable output")
    zo.set_defaults(func=run_zoning_command)


def run_zoning_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_zoning import zoning_command

    return zoning_command(args, settings)


def run_site_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_site import site_command

    return site_command(args, settings)
