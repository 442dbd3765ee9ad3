"""``proxisante access apl|nearest|fidelity``: accessibility indicators per commune.

Only the parser lives here; the commands import the engines when they run
(:mod:`proxisante.cli._access_commands`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.config import Settings
from proxisante.i18n import N_, _

_TERRITORY_HELP = N_(
    "code du territoire (défaut fr) : 03310, 200071363, dep:03, reg:84, fr, ch:6266…"
)
_TRAVEL_HELP = N_(
    "temps de trajet : estimate (défaut), v2 (à la METRIC avec le squelette national ; v2-peak,"
    " v2:TMJA.csv), road:FILE.osm.pbf, matrix:FILE.csv|.parquet"
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "access", help=_("accessibilité : APL, structure la plus proche, fidélité à la DREES")
    )
    asub = p.add_subparsers(dest="access_command", metavar="ACTION", parser_class=type(p))
    asub.required = True

    apl = asub.add_parser(
        "apl",
        help=_("APL aux médecins généralistes (méthode DREES) pour chaque commune d'un territoire"),
        description=_("Accessibilité potentielle localisée (méthode DREES) par commune."),
    )
    apl.add_argument("--territory", default="fr", metavar="CODE", help=_(_TERRITORY_HELP))
    apl.add_argument("--year", type=int, choices=(2022, 2023), default=2023)
    apl.add_argument("--travel", default="estimate", metavar="SPEC", help=_(_TRAVEL_HELP))
    add_demand_arguments(apl)
    apl.add_argument(
        "--out", type=Path, metavar="FILE", help=_("écrire une ligne par commune (.csv/.parquet)")
    )
    apl.add_argument("--json", action="store_true", help=_("résumé lisible par une machine"))
    apl.set_defaults(func=run_apl_command)

    near = asub.add_parser(
        "nearest",
        help=_(
            "temps de trajet jusqu'au médecin généraliste ou au site hospitalier le "
            "plus proche pour chaque commune d'un territoire"
        ),
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
        help=_(
            "type de structure : gp et hospital (tous les sites hospitaliers) depuis le "
            "paquet de données ; emergency (services d'urgence SAE 2025 et Valais, ou liste "
            "importée) ; msp, centre_sante, pharmacy, maison_de_garde depuis un fichier "
            "structures-csv importé"
        ),
    )
    near.add_argument("--territory", default="fr", metavar="CODE", help=_(_TERRITORY_HELP))
    near.add_argument("--travel", default="estimate", metavar="SPEC", help=_(_TRAVEL_HELP))
    near.add_argument(
        "--threshold", type=float, default=30.0, help=_("minutes ; part de la population au-delà")
    )
    near.add_argument("--out", type=Path, metavar="FILE", help=_("écrire une ligne par commune"))
    near.add_argument("--json", action="store_true", help=_("résumé lisible par une machine"))
    near.set_defaults(func=run_nearest_command)

    fid = asub.add_parser(
        "fidelity",
        help=_(
            "comparer l'APL calculée aux valeurs officielles de la DREES (commune, "
            "EPCI, département)"
        ),
    )
    fid.add_argument("--year", type=int, choices=(2022, 2023), default=2023)
    fid.add_argument(
        "--travel",
        "--provider",
        dest="travel",
        default="estimate",
        metavar="SPEC",
        help=_(_TRAVEL_HELP),
    )
    add_demand_arguments(fid)
    fid.add_argument(
        "--profession",
        choices=("gp", "nurse"),
        default="gp",
        help=_(
            "gp : médecins généralistes (défaut) ; nurse : infirmiers (offre estimée, demande"
            " standardisée infirmière de la DREES)"
        ),
    )
    fid.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    fid.set_defaults(func=run_fidelity_command)


def add_demand_arguments(parser: Any) -> None:
    """``--demand`` and its shorthand ``--plain-population`` (one destination, ``demand``)."""
    parser.add_argument(
        "--demand",
        choices=("drees-standardised", "population"),
        default="drees-standardised",
        help=_(
            "demande : population standardisée de la DREES (défaut, la demande de l'APL"
            " officielle ; tranches d'âge importées standardisées de même là où elles"
            " existent) ou population municipale brute"
        ),
    )
    parser.add_argument(
        "--plain-population",
        dest="demand",
        action="store_const",
        const="population",
        help=_("demande : population municipale brute (comme --demand population)"),
    )


def run_apl_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import apl_command

    return apl_command(args, settings)


def run_nearest_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import nearest_command

    return nearest_command(args, settings)


def run_fidelity_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import fidelity_command

    return fidelity_command(args, settings)
