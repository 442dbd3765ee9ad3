"""``proxisante access apl|nearest|fidelity``: accessibility indicators per commune.

Only the parser lives here; the commands import the engines when they run
(:mod:`proxisante.cli._access_commands`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.config import Settings

_TERRITORY_HELP = "code of the area (default fr): 03310, 200071363, dep:03, reg:84, fr, ch:6266…"
_TRAVEL_HELP = (
    "travel times: estimate (default), v2 (METRIC-like with the national skeleton; v2-peak,"
    " v2:TMJA.csv), road:FILE.osm.pbf, matrix:FILE.csv|.parquet"
)


def register(sub: Any) -> None:
    p = sub.add_parser("access", help="accessibility: APL, nearest facility, fidelity to DREES")
    asub = p.add_subparsers(dest="access_command", metavar="ACTION", parser_class=type(p))
    asub.required = True

    apl = asub.add_parser(
        "apl",
        help="APL to general practitioners (DREES method) for every commune of an area",
        description="Accessibilité potentielle localisée (méthode DREES) par commune.",
    )
    apl.add_argument("--territory", default="fr", metavar="CODE", help=_TERRITORY_HELP)
    apl.add_argument("--year", type=int, choices=(2022, 2023), default=2023)
    apl.add_argument("--travel", default="estimate", metavar="SPEC", help=_TRAVEL_HELP)
    apl.add_argument(
        "--demand",
        choices=("population", "drees-standardised"),
        default="population",
        help="demand: plain population (default; age-standardised when age bands are imported)"
        " or the DREES standardised population (a DREES input, labelled as such)",
    )
    apl.add_argument(
        "--out", type=Path, metavar="FILE", help="write one row per commune (.csv/.parquet)"
    )
    apl.add_argument("--json", action="store_true", help="machine-readable summary")
    apl.set_defaults(func=run_apl_command)

    near = asub.add_parser(
        "nearest",
        help="travel time to the nearest GP or hospital site for every commune of an area",
    )
    near.add_argument(
        "--to",
        required=True,
        choices=(
            "gp",
            "hospital",
            "emergency",
            "msp",
            "centre_sante",
            "pharmacy",
            "maison_de_garde",
        ),
        help="facility type: gp and hospital from the bundle (hospitals: a labelled proxy for"
        " emergency care); emergency (imported, else hospitals as a labelled proxy), msp,"
        " centre_sante, pharmacy, maison_de_garde from an imported structures-csv file",
    )
    near.add_argument("--territory", default="fr", metavar="CODE", help=_TERRITORY_HELP)
    near.add_argument("--travel", default="estimate", metavar="SPEC", help=_TRAVEL_HELP)
    near.add_argument(
        "--threshold", type=float, default=30.0, help="minutes; share of population beyond it"
    )
    near.add_argument("--out", type=Path, metavar="FILE", help="write one row per commune")
    near.add_argument("--json", action="store_true", help="machine-readable summary")
    near.set_defaults(func=run_nearest_command)

    fid = asub.add_parser(
        "fidelity",
        help="compare the computed APL with the official DREES values (commune, EPCI, département)",
    )
    fid.add_argument("--year", type=int, choices=(2022, 2023), default=2023)
    fid.add_argument(
        "--travel",
        "--provider",
        dest="travel",
        default="estimate",
        metavar="SPEC",
        help=_TRAVEL_HELP,
    )
    fid.add_argument("--demand", choices=("population", "drees-standardised"), default="population")
    fid.add_argument("--json", action="store_true", help="machine-readable output")
    fid.set_defaults(func=run_fidelity_command)


def run_apl_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import apl_command

    return apl_command(args, settings)


def run_nearest_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import nearest_command

    return nearest_command(args, settings)


def run_fidelity_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import fidelity_command

    return fidelity_command(args, settings)
