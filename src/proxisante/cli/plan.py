"""``proxisante plan site|scenario|project|zoning``: siting, what-if scenarios, projections.

Only the parser lives here; the commands import the planning core when they run.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.cli.access import add_demand_arguments
from proxisante.config import Settings
from proxisante.i18n import N_, _

_TERRITORY_HELP = N_("code du territoire : 03310, 200071363, dep:03, reg:84, fr…")
_TRAVEL_HELP = N_(
    "temps de trajet : estimate (défaut), road:FILE.osm.pbf, matrix:FILE.csv|.parquet"
)
_OBJECTIVES = ("mclp", "p-median", "capacitated", "apl-gain", "lift-above-2.5")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "plan", help=_("planification : implantation, scénarios, projections, zonage")
    )
    psub = p.add_subparsers(dest="plan_command", metavar="ACTION", parser_class=type(p))
    psub.required = True
    _register_site(psub)
    _register_scenario(psub)
    _register_project(psub)
    _register_zoning(psub)
    _register_sectors(psub)


def _register_site(psub: Any) -> None:
    site = psub.add_parser(
        "site",
        help=_(
            "choisir où implanter de nouvelles structures (MCLP, p-médiane, avec "
            "capacités, gain d'APL, passage au-dessus de 2,5)"
        ),
        description=_(
            "Implantation de nouvelles structures : modèles exacts (OR-Tools) ou"
            " glouton + recherche locale avec borne et écart."
        ),
    )
    site.add_argument("territory", nargs="?", metavar="TERRITORY", help=_(_TERRITORY_HELP))
    site.add_argument(
        "--objective",
        required=True,
        metavar="NAME",
        help=_("l'un de {objectives}").format(objectives=", ".join(_OBJECTIVES)),
    )
    site.add_argument("--p", type=int, required=True, help=_("nombre de sites à ouvrir"))
    site.add_argument(
        "--radius", type=float, metavar="MIN", help=_("rayon de couverture en minutes")
    )
    site.add_argument("--budget", type=float, help=_("coût total maximal des sites ouverts"))
    site.add_argument(
        "--capacity", type=float, help=_("capacité des candidats qui n'en ont pas (capacitated)")
    )
    site.add_argument(
        "--fte",
        type=float,
        default=1.0,
        help=_(
            "équivalents temps plein de médecin généraliste qu'apporte un nouveau "
            "site (objectifs APL ; défaut 1)"
        ),
    )
    site.add_argument(
        "--candidates", type=Path, metavar="CSV", help=_("candidats : id[,capacity,locked,cost]")
    )
    site.add_argument("--demand", type=Path, metavar="CSV", help=_("points de demande : id,weight"))
    site.add_argument(
        "--times", type=Path, metavar="CSV", help=_("temps : demand_id,candidate_id,minutes")
    )
    site.add_argument("--travel", default="estimate", metavar="SPEC", help=_(_TRAVEL_HELP))
    site.add_argument(
        "--plain-population",
        action="store_true",
        help=_(
            "objectifs APL : demande = population municipale brute au lieu de la population"
            " standardisée DREES (défaut)"
        ),
    )
    site.add_argument(
        "--ignore-existing",
        action="store_true",
        help=_(
            "ne pas fixer les communes qui ont déjà un médecin généraliste (territoire seulement)"
        ),
    )
    site.add_argument(
        "--time-limit",
        type=float,
        default=60.0,
        metavar="S",
        help=_("limite de temps du solveur (s)"),
    )
    site.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=_(
            "ordonnanceur Dask pour l'évaluation de chaque candidat (objectifs APL) "
            ": fils d'exécution locaux (défaut) ou tcp://hôte:port"
        ),
    )
    site.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    site.set_defaults(func=run_site_command)


def _register_scenario(psub: Any) -> None:
    sc = psub.add_parser(
        "scenario",
        help=_(
            "scénarios sur l'APL (départs de médecins, ouverture de MSP, "
            "consultations avancées, IPA)"
        ),
        description=_(
            "Scénarios : APL avant / après (modèle et ancrée sur l'APL officielle),"
            " population qui franchit 2,5, changements de classe. Recalcul incrémental."
        ),
    )
    sc.add_argument(
        "files", nargs="+", type=Path, metavar="FILE.yaml", help=_("fichiers de scénario")
    )
    sc.add_argument("--travel", default="estimate", metavar="SPEC", help=_(_TRAVEL_HELP))
    add_demand_arguments(sc)
    sc.add_argument(
        "--out", type=Path, metavar="DIR", help=_("y écrire FILE.json, .csv, .gpkg, -carte.svg")
    )
    sc.add_argument(
        "--formats",
        default="json,csv,gpkg,svg",
        help=_("fichiers à écrire avec --out (défaut : tous)"),
    )
    sc.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=_(
            "ordonnanceur Dask pour le lot : fils d'exécution locaux (défaut) ou tcp://hôte:port"
        ),
    )
    sc.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    sc.set_defaults(func=run_scenario_command)


def run_scenario_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_scenario import scenario_command

    return scenario_command(args, settings)


def _register_project(psub: Any) -> None:
    pr = psub.add_parser(
        "project",
        help=_(
            "offre de médecins généralistes, demande standardisée et APL à +5 / +10 ans (P10–P90)"
        ),
        description=_(
            "Projection stock-flux de l'offre de médecins généralistes (sorties par lieu"
            " d'exercice estimées, exercice après 65 ans paramétrable) et de la demande"
            " standardisée (pyramides des âges INSEE), APL aux horizons, bandes P10–P90 par"
            " Monte Carlo ; rétro-tests par département."
        ),
    )
    pr.add_argument("territory", metavar="TERRITORY", help=_(_TERRITORY_HELP))
    pr.add_argument("--years", default="5,10", help=_("horizons en années (défaut 5,10)"))
    pr.add_argument(
        "--entry-rate",
        type=float,
        metavar="R",
        help=_(
            "installations annuelles de médecins généralistes en part de l'effectif "
            "actuel (défaut : tendance du département)"
        ),
    )
    pr.add_argument(
        "--work-after-65",
        type=float,
        metavar="SHARE",
        help=_(
            "part des médecins atteignant 65 ans qui continuent d'exercer (défaut : calée sur"
            " les effectifs DREES 2012–2020)"
        ),
    )
    pr.add_argument(
        "--work-after-65-years",
        type=float,
        metavar="YEARS",
        help=_(
            "durée moyenne d'exercice après 65 ans, en années (défaut : calée sur les"
            " effectifs DREES 2012–2020)"
        ),
    )
    pr.add_argument(
        "--demand",
        default="drees-standardised",
        help=_(
            "demande : drees-standardised (population standardisée DREES, défaut) ou"
            " population (population municipale, non standardisée)"
        ),
    )
    pr.add_argument("--draws", type=int, default=200, help=_("tirages de Monte Carlo (défaut 200)"))
    pr.add_argument("--seed", type=int, default=0, help=_("graine aléatoire (défaut 0)"))
    pr.add_argument("--travel", default="estimate", metavar="SPEC", help=_(_TRAVEL_HELP))
    pr.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=_("ordonnanceur Dask : local (défaut) ou tcp://hôte:port"),
    )
    pr.add_argument(
        "--backtest",
        action="store_true",
        help=_("rétro-tests par département (offre et demande, face aux règles naïves)"),
    )
    pr.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    pr.set_defaults(func=run_project_command)


def run_project_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_project import project_command

    return project_command(args, settings)


def _register_zoning(psub: Any) -> None:
    zo = psub.add_parser(
        "zoning",
        help=_(
            "SIMULATION du zonage (ZIP / ZAC) des médecins (APL ≤ 65) ou des infirmiers, "
            "comparée au zonage compilé"
        ),
        description=_(
            "Simulation du zonage (ZIP / ZAC) selon la méthode nationale (arrêté du 13 novembre"
            " 2017 modifié le 1er octobre 2021) : bassins de vie reconstitués, sélection"
            " nationale APL < 2,5, vivier jusqu'à 4, plafonds régionaux de population. Une"
            " simulation, jamais le zonage arrêté par l'ARS."
        ),
    )
    zo.add_argument("territory", metavar="TERRITORY", help=_(_TERRITORY_HELP))
    zo.add_argument(
        "--profession",
        choices=("gp", "nurse"),
        default="gp",
        help=_("gp : médecins généralistes (défaut) ; nurse : infirmiers (APL infirmière)"),
    )
    zo.add_argument(
        "--unit",
        choices=("bv", "epci", "commune"),
        default="bv",
        help=_(
            "unités : bassins de vie reconstitués (défaut, au plus près des territoires de"
            " vie-santé), EPCI ou commune"
        ),
    )
    zo.add_argument(
        "--grouping", type=Path, metavar="CSV", help=_("unités fournies : commune,group")
    )
    zo.add_argument("--year", type=int, choices=(2022, 2023), default=2023)
    zo.add_argument(
        "--zip-ceiling",
        type=float,
        metavar="SHARE",
        help=_("plafond de population en ZIP pour toutes les régions (part, p. ex. 0.3)"),
    )
    zo.add_argument(
        "--zac-ceiling",
        type=float,
        metavar="SHARE",
        help=_("plafond de population en ZAC pour toutes les régions (part)"),
    )
    zo.add_argument(
        "--ceiling",
        action="append",
        default=[],
        metavar="REG=SHARE",
        help=_("plafond ZIP d'une région, p. ex. --ceiling reg:84=0.25 (répétable)"),
    )
    zo.add_argument(
        "--ceilings",
        choices=("default", "none", "compiled"),
        default="default",
        help=_(
            "default : valeurs sourcées et part nationale restante ; none : aucun plafond ;"
            " compiled : parts du zonage compilé (calibrage pour l'analyse, pas une prévision)"
        ),
    )
    zo.add_argument(
        "--split-above",
        type=float,
        default=50_000,
        metavar="POP",
        help=_("bassin de vie coupé par EPCI au-delà de POP habitants (défaut 50000 ; 0 : jamais)"),
    )
    zo.add_argument(
        "--score",
        action="store_true",
        help=_("comparer au zonage médecins compilé (part de population dans la même classe)"),
    )
    zo.add_argument("--travel", default="estimate", metavar="SPEC", help=_(_TRAVEL_HELP))
    zo.add_argument(
        "--out", type=Path, metavar="FILE", help=_("écrire une ligne par commune (.csv)")
    )
    zo.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    zo.set_defaults(func=run_zoning_command)


def run_zoning_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_zoning import zoning_command

    return zoning_command(args, settings)


def run_site_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_site import site_command

    return site_command(args, settings)


def _register_sectors(psub: Any) -> None:
    se = psub.add_parser(
        "sectors",
        help=_(
            "proposer des secteurs de garde (PDSA) contigus et les comparer aux secteurs donnés"
        ),
        description=_(
            "Secteurs de garde : le moins de secteurs possible sous une limite de trajet jusqu'au"
            " point de garde et un minimum de médecins, puis la charge par médecin la plus"
            " équilibrée ; comparés aux secteurs d'un fichier de tableau de garde. SIMULATION."
        ),
    )
    se.add_argument("--territory", metavar="TERRITORY", help=_(_TERRITORY_HELP))
    se.add_argument(
        "--max-minutes",
        type=float,
        default=30.0,
        metavar="M",
        help=_("trajet maximal d'une commune au point de garde, en minutes (défaut 30)"),
    )
    se.add_argument(
        "--min-doctors",
        type=float,
        default=3.0,
        metavar="N",
        help=_("médecins au moins par secteur (défaut 3)"),
    )
    se.add_argument(
        "--sectors",
        type=Path,
        metavar="FILE.yaml",
        help=_("tableau de garde dont les secteurs sont comparés (ex. examples/rota-allier.yaml)"),
    )
    se.add_argument(
        "--out",
        type=Path,
        metavar="FILE.yaml",
        help=_(
            "écrire les secteurs proposés au format du tableau de garde (avec --sectors : le"
            " fichier entier, prêt pour `rota solve`)"
        ),
    )
    se.add_argument(
        "--year",
        type=int,
        help=_("année de la charge de garde sans --sectors (défaut : l'an prochain)"),
    )
    se.add_argument("--travel", default="estimate", metavar="SPEC", help=_(_TRAVEL_HELP))
    se.add_argument(
        "--time-limit",
        type=float,
        default=300.0,
        metavar="S",
        help=_("limite de temps du solveur pour chaque étape (s)"),
    )
    se.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    se.set_defaults(func=run_sectors_command)


def run_sectors_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._plan_sectors import sectors_command

    return sectors_command(args, settings)
