"""``proxisante registry``: the territorial list of patients from the command line.

``match`` runs the matching (or simulates it with ``--dry-run``); ``import patients|capacities
FILE.csv`` loads a CSV file validated whole (nothing stored on error, exit 2);
``add-territory``, ``add-user`` and ``report`` prepare and read a territory. Each command acts
on ``PROXISANTE_DATABASE_URL`` (an SQLite file in ``PROXISANTE_HOME`` by default), or on the
demo database of ``proxisante serve --demo`` with ``--demo``. A database without the tables, or
behind the migrations, is refused with the command that fixes it.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from typing import Any

from proxisante.cli._registry_common import (
    _check_schema,
    _check_territory,
    _demo_flag,
    _now,
    _session,
    _settings,
    _territory_arg,
)
from proxisante.cli._registry_rights import add_rights_parsers
from proxisante.cli._registry_tick import add_tick_parser
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "registry", help=_("liste territoriale des patients sans médecin traitant")
    )
    sub = parser.add_subparsers(dest="registry_command", metavar="ACTION", required=True)
    match = sub.add_parser(
        "match",
        help=_(
            "proposer les patients en attente aux professionnels qui ont de la "
            "place (priorité, puis temps de trajet)"
        ),
    )
    _territory_arg(match)
    match.add_argument(
        "--dry-run",
        action="store_true",
        help=_("calculer et présenter l'appariement sans écrire de propositions"),
    )
    match.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    match.set_defaults(func=run_match)
    add_tick_parser(sub)
    _register_import(sub)
    _register_setup(sub)
    add_rights_parsers(sub)
    report = sub.add_parser(
        "report",
        help=_(
            "chiffres mensuels publiés d'un territoire (mois clos, effectifs de 1 à 10 "
            "affichés '< 11') (CSV)"
        ),
    )
    _territory_arg(report)
    report.set_defaults(func=run_report)


def _register_import(sub: Any) -> None:
    imp = sub.add_parser(
        "import",
        help=_(
            "importer des patients ou des capacités depuis un fichier CSV, validé "
            "en entier (rien n'est enregistré en cas d'erreur ; voir "
            "docs/reference/import-formats.md)"
        ),
    )
    kinds = imp.add_subparsers(dest="import_kind", metavar="KIND", required=True)
    for kind, text in (
        ("patients", _("inscrire les patients d'un fichier CSV (ceux déjà inscrits sont ignorés)")),
        (
            "capacities",
            _(
                "déclarer les capacités d'un fichier CSV "
                "(professionnels par identifiant ou par nom)"
            ),
        ),
    ):
        one = kinds.add_parser(kind, help=text)
        one.add_argument("file", metavar="FILE.csv")
        _territory_arg(one)
        one.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
        one.set_defaults(func=run_import, kind=kind)


def _register_setup(sub: Any) -> None:
    terr = sub.add_parser(
        "add-territory",
        help=_(
            "créer un territoire du registre (un périmètre de CPTS) à partir de communes réelles"
        ),
    )
    terr.add_argument(
        "--id",
        required=True,
        metavar="ID",
        help=_("identifiant court : minuscules, chiffres et tirets, p. ex. cpts-vichy"),
    )
    terr.add_argument("--name", required=True, help=_("nom affiché dans les pages"))
    terr.add_argument(
        "--area",
        required=True,
        action="append",
        metavar="CODE",
        help=_(
            "code INSEE de commune, SIREN d'EPCI ou tout code de territoire du "
            "paquet de données ; répéter pour en ajouter"
        ),
    )
    terr.add_argument(
        "--max-travel-min",
        type=float,
        default=30.0,
        help=_("temps de trajet maximal d'une proposition, en minutes (30)"),
    )
    _demo_flag(terr)
    terr.set_defaults(func=run_add_territory)

    user = sub.add_parser(
        "add-user",
        help=_(
            "créer un identifiant de connexion (mot de passe lu dans "
            "PROXISANTE_NEW_PASSWORD ou demandé)"
        ),
    )
    user.add_argument("--username", required=True)
    user.add_argument(
        "--role",
        required=True,
        choices=[
            "coordinator",
            "professional",
            "regulator",
            "helper",
            "analyst",
            "admin",
            "elected",
        ],
    )
    user.add_argument(
        "--territory", metavar="ID", help=_("territoire du registre (tous les rôles sauf admin)")
    )
    user.add_argument(
        "--professional-id", type=int, help=_("pour l'identifiant d'un professionnel")
    )
    _demo_flag(user)
    user.set_defaults(func=run_add_user)


def run_match(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.bootstrap.services import registry_service
    from proxisante.bootstrap.travel import registry_travel, travel_provider
    from proxisante.registry.ports import CLI

    settings = _settings(args, settings)
    with _session(settings) as session:
        territory = _check_territory(session, args)
        travel = registry_travel(travel_provider("estimate", settings.home))
        service = registry_service(session, clock=_now, travel=travel)
        summary = service.run_matching(CLI, territory, dry_run=args.dry_run)
    if args.json:
        from proxisante.cli._output import print_json

        print_json(
            {
                "territory": summary.territory_id,
                "run_id": summary.run_id,
                "dry_run": summary.dry_run,
                "waiting": summary.n_waiting,
                "proposals": summary.n_proposals,
                "by_level": summary.by_level,
                "travel": summary.travel_note,
                "assignments": [
                    {
                        "patient_id": a.patient_id,
                        "professional_id": a.professional_id,
                        "level": a.level,
                        "travel_time_min": a.travel_time_min,
                    }
                    for a in summary.assignments
                ],
            }
        )
    else:
        levels = ", ".join(f"{k} : {v}" for k, v in summary.by_level.items())
        text = (
            _(
                "{territory} : {waiting} patient(s) en attente ; {n} proposition(s) seraient "
                "faites (simulation, rien n'est écrit) ({levels})."
            )
            if summary.dry_run
            else _(
                "{territory} : {waiting} patient(s) en attente ; {n} proposition(s) faites "
                "({levels})."
            )
        )
        sys.stdout.write(
            text.format(
                territory=summary.territory_id,
                waiting=summary.n_waiting,
                n=summary.n_proposals,
                levels=levels,
            )
            + "\n"
        )
    return 0


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from proxisante.bootstrap.services import registry_service
    from proxisante.bootstrap.travel import registry_travel, travel_provider
    from proxisante.registry.ports import CLI

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(
            _("{path} : fichier illisible ({error}) ; attendu un fichier CSV existant.").format(
                path=args.file, error=exc.strerror or exc
            )
        ) from None
    settings = _settings(args, settings)
    with _session(settings) as session:
        territory = _check_territory(session, args)
        travel = registry_travel(travel_provider("estimate", settings.home))
        service = registry_service(session, clock=_now, travel=travel)
        if args.kind == "patients":
            done = service.import_patients(CLI, territory, data, args.file)
        else:
            done = service.import_capacities(CLI, territory, data, args.file)
    if args.json:
        from proxisante.cli._output import print_json

        print_json({"kind": args.kind, **vars(done)})
    elif args.kind == "patients":
        sys.stdout.write(
            _(
                "{path} : {n} patient(s) inscrit(s) dans {territory}, {skipped} déjà inscrit(s)."
            ).format(path=args.file, n=done.created, territory=territory, skipped=done.skipped)
            + "\n"
        )
    else:
        sys.stdout.write(
            _(
                "{path} : {n} capacité(s) déclarée(s) dans {territory} ({added} professionnel(s) "
                "créé(s), {withdrawn} proposition(s) retirée(s))."
            ).format(
                path=args.file,
                n=done.created,
                territory=territory,
                added=done.professionals_created,
                withdrawn=done.withdrawn,
            )
            + "\n"
        )
    return 0


_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")


def _check_territory_args(args: argparse.Namespace) -> None:
    if not _ID.match(args.id):
        raise UserError(
            _(
                "Identifiant de territoire invalide {id} : attendu des minuscules, chiffres "
                "et tirets (64 au plus), p. ex. cpts-vichy."
            ).format(id=repr(args.id))
        )
    if not _TEXT.match(args.name):
        raise UserError(
            _(
                "--name : attendu un nom de 1 à 100 caractères sans caractère de contrôle, "
                "p. ex. « CPTS de Vichy »."
            )
        )
    if not 1 <= args.max_travel_min <= 240:
        raise UserError(
            _("--max-travel-min : {value} ; attendu une durée entre 1 et 240 minutes.").format(
                value=args.max_travel_min
            )
        )


def run_add_territory(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.store.registry import crud
    from proxisante.territory import load_territory

    settings = _settings(args, settings)
    _check_territory_args(args)
    terr = load_territory()
    codes: list[str] = []
    for area in args.area:
        codes += [c for c in terr.communes_in(area) if c not in codes]
    table = terr.communes.loc[codes]
    communes = [
        crud.CommuneRecord(str(code), str(row["name"]), float(row["lon"]), float(row["lat"]))
        for code, row in table.iterrows()
    ]
    with _session(settings) as session:
        if crud.get_territory(session, territory_id=args.id) is not None:
            raise UserError(
                _("Le territoire {id} existe déjà ; choisissez un autre id.").format(
                    id=repr(args.id)
                )
            )
        crud.create_territory(
            session,
            territory_id=args.id,
            name=args.name,
            communes=communes,
            now=_now(),
            max_travel_min=args.max_travel_min,
        )
    sys.stdout.write(
        _("Territoire {id} : {n} commune(s).").format(id=args.id, n=len(communes)) + "\n"
    )
    return 0


def run_add_user(args: argparse.Namespace, settings: Settings) -> int:
    import getpass
    import os

    import pyotp

    from proxisante.accounts import service as accounts
    from proxisante.store.accounts.repository import SqlAccountStore
    from proxisante.store.db import make_engine, make_session_factory

    settings = _settings(args, settings)
    _check_schema(settings)
    request = accounts.UserRequest(
        username=args.username,
        password="",
        role=args.role,
        territory_id=None if args.role == "admin" else args.territory,
        professional_id=args.professional_id,
    )
    engine = make_engine(settings.database_url)
    try:
        store = SqlAccountStore(make_session_factory(engine))
        accounts.check_new_user(store, request)  # before asking for a password
        password = os.environ.get("PROXISANTE_NEW_PASSWORD") or getpass.getpass(
            _("Mot de passe : ")
        )
        created = accounts.create_user(store, replace(request, password=password), _now())
    finally:
        engine.dispose()
    sys.stdout.write(
        _("Utilisateur {name} ({role}) créé.").format(name=args.username, role=args.role) + "\n"
    )
    if created.totp_secret:
        secret = created.totp_secret
        uri = pyotp.TOTP(secret).provisioning_uri(name=args.username, issuer_name="ProxiSanté")
        sys.stdout.write(
            _(
                "Second facteur : ajoutez ce secret à une application d'authentification : {secret}"
            ).format(secret=secret)
            + f"\n{uri}\n"
        )
    return 0


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.registry.views import published_report
    from proxisante.store.registry.repository import SqlRegistryReader

    settings = _settings(args, settings)
    with _session(settings, write=False) as session:
        territory = _check_territory(session, args)
        report = published_report(SqlRegistryReader(session), territory, _now())
    sys.stdout.write(report.to_csv())
    return 0
