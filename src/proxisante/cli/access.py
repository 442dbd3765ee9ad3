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
    apl.add_argument(
        "--demand",
        choices=("population", "drees-standardised"),
        default="population",
        help=_(
            "demande : population brute (défaut ; standardisée par âge si les "
            "tranches d'âge sont importées) ou population standardisée de la DREES "
            "(une donnée DREES, signalée comme telle)"
        ),
    )
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
            "type de structure : gp et hospital depuis le paquet de données "
            "(hôpitaux : une approximation signalée des urgences) ; emergency "
            "(importé, sinon les hôpitaux comme approximation signalée), msp, "
            "centre_sante, pharmacy, maison_de_garde depuis un fichier "
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
    fid.add_argument("--demand", choices=("population", "drees-standardised"), default="population")
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


def run_apl_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import apl_command

    return apl_command(args, settings)


def run_nearest_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import nearest_command

    return nearest_command(args, settings)


def run_fidelity_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._access_commands import fidelity_command

    return fidelity_command(args, settings)
