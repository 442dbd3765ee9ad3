"""``proxisante registry match``: run the matching of a territory's list (or simulate it)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from proxisante.config import Settings
from proxisante.errors import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "registry", help="territorial list of patients without a médecin traitant"
    )
    sub = parser.add_subparsers(dest="registry_command", metavar="ACTION", required=True)
    match = sub.add_parser(
        "match",
        help="propose waiting patients to professionals with room (priority, then travel time)",
    )
    match.add_argument(
        "--territory",
        required=True,
        metavar="ID",
        help="registry territory id, e.g. cpts-vichy-demo",
    )
    match.add_argument(
        "--dry-run",
        action="store_true",
        help="compute and report the matching without writing proposals",
    )
    match.add_argument("--json", action="store_true", help="machine-readable output")
    match.set_defaults(func=run_match)

    terr = sub.add_parser(
        "add-territory",
        help="create a registry territory (a CPTS perimeter) from real communes",
    )
    terr.add_argument(
        "--id",
        required=True,
        metavar="ID",
        help="short id: lower-case letters, digits and dashes, e.g. cpts-vichy",
    )
    terr.add_argument("--name", required=True, help="name shown in the pages")
    terr.add_argument(
        "--area",
        required=True,
        action="append",
        metavar="CODE",
        help="commune INSEE code, EPCI SIREN or any area code of the bundle; repeat to add more",
    )
    terr.add_argument(
        "--max-travel-min",
        type=float,
        default=30.0,
        help="longest travel time of a proposal, minutes (30)",
    )
    terr.set_defaults(func=run_add_territory)

    user = sub.add_parser(
        "add-user",
        help="create a login (password read from PROXISANTE_NEW_PASSWORD or asked for)",
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
    user.add_argument("--territory", metavar="ID", help="registry territory (all roles but admin)")
    user.add_argument("--professional-id", type=int, help="for a professional's login")
    user.set_defaults(func=run_add_user)

    report = sub.add_parser(
        "report", help="monthly figures of a territory, small counts shown as '< 11' (CSV)"
    )
    report.add_argument("--territory", required=True, metavar="ID")
    report.set_defaults(func=run_report)


@contextmanager
def _session(settings: Settings, *, write: bool = True) -> Iterator[Any]:
    """A session on the registry database; missing tables and unique clashes → UserError."""
    from sqlalchemy.exc import IntegrityError

    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.migrate import require_current

    require_current(settings.database_url)  # asked of Alembic, never guessed from an error
    engine = make_engine(settings.database_url)
    try:
        if write:
            with transaction(make_session_factory(engine)) as session:
                yield session
        else:
            with make_session_factory(engine)() as session:
                yield session
    except IntegrityError:
        raise UserError(
            "Conflit : un enregistrement de même identifiant vient d'être créé "
            "(p. ex. le même nom d'utilisateur) ; rien n'a été écrit, réessayez."
        ) from None
    finally:
        engine.dispose()


def run_match(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.registry.ports import CLI
    from proxisante.store.registry.repository import registry_service
    from proxisante.store.registry_travel import access_estimate

    with _session(settings) as session:
        service = registry_service(session, clock=_now, travel=access_estimate)
        summary = service.run_matching(CLI, args.territory, dry_run=args.dry_run)
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
        verb = "seraient faites (simulation, rien n'est écrit)" if summary.dry_run else "faites"
        levels = ", ".join(f"{k} : {v}" for k, v in summary.by_level.items())
        sys.stdout.write(
            f"{summary.territory_id} : {summary.n_waiting} patient(s) en attente ; "
            f"{summary.n_proposals} proposition(s) {verb} ({levels}).\n"
        )
    return 0


_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


_USERNAME = re.compile(r"^[a-z0-9._-]{3,50}$")
_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")


def _check_territory_args(args: argparse.Namespace) -> None:
    if not _ID.match(args.id):
        raise UserError(
            f"Identifiant de territoire invalide {args.id!r} : attendu des minuscules, chiffres "
            "et tirets (64 au plus), p. ex. cpts-vichy."
        )
    if not _TEXT.match(args.name):
        raise UserError(
            "--name : attendu un nom de 1 à 100 caractères sans caractère de contrôle, "
            "p. ex. « CPTS de Vichy »."
        )
    if not 1 <= args.max_travel_min <= 240:
        raise UserError(
            f"--max-travel-min : {args.max_travel_min} ; attendu une durée entre 1 et 240 minutes."
        )


def run_add_territory(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.store.registry import crud
    from proxisante.territory import load_territory

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
            raise UserError(f"Le territoire {args.id!r} existe déjà ; choisissez un autre id.")
        crud.create_territory(
            session,
            territory_id=args.id,
            name=args.name,
            communes=communes,
            now=_now(),
            max_travel_min=args.max_travel_min,
        )
    sys.stdout.write(f"Territoire {args.id} : {len(communes)} commune(s).\n")
    return 0


def _check_user_args(args: argparse.Namespace) -> None:
    if not _USERNAME.match(args.username):
        raise UserError(
            f"Nom d'utilisateur invalide {args.username!r} : attendu 3 à 50 minuscules, "
            "chiffres, points, tirets ou soulignés, p. ex. dr.martin."
        )
    if args.role != "admin" and not args.territory:
        raise UserError(f"Un compte {args.role} a besoin de --territory ID.")
    if args.role == "professional" and not args.professional_id:
        raise UserError("Le compte d'un professionnel a besoin de --professional-id N.")
    if args.role != "professional" and args.professional_id is not None:
        raise UserError("--professional-id ne vaut que pour --role professional.")


def _check_user_scope(session: Any, args: argparse.Namespace) -> None:
    """The territory exists; a professional's id names a professional of that territory."""
    from proxisante.store.registry import crud
    from proxisante.store.registry_audit import get_user_by_username

    if get_user_by_username(session, username=args.username) is not None:
        raise UserError(
            f"Le nom d'utilisateur {args.username!r} est pris ; choisissez-en un autre."
        )
    if args.territory and crud.get_territory(session, territory_id=args.territory) is None:
        raise UserError(f"Territoire du registre inconnu : {args.territory!r}.")
    if args.role == "professional":
        pro = crud.get_professional(session, professional_id=args.professional_id)
        if pro is None or pro.territory_id != args.territory:
            raise UserError(
                f"--professional-id {args.professional_id} : aucun professionnel de ce numéro "
                f"dans le territoire {args.territory!r} ; attendu l'identifiant d'un "
                "professionnel de ce territoire (voir GET /api/v1/territories/ID/professionals)."
            )


def run_add_user(args: argparse.Namespace, settings: Settings) -> int:
    import getpass
    import os

    import pyotp

    from proxisante.accounts import service as accounts
    from proxisante.store.accounts.repository import SqlAccountStore
    from proxisante.store.db import make_engine, make_session_factory

    _check_user_args(args)
    password = os.environ.get("PROXISANTE_NEW_PASSWORD") or getpass.getpass("Mot de passe : ")
    if len(password) < 10:
        raise UserError("Le mot de passe doit avoir au moins 10 caractères.")
    with _session(settings, write=False) as session:
        _check_user_scope(session, args)
    request = accounts.UserRequest(
        username=args.username,
        password=password,
        role=args.role,
        territory_id=None if args.role == "admin" else args.territory,
        professional_id=args.professional_id,
    )
    engine = make_engine(settings.database_url)
    try:
        store = SqlAccountStore(make_session_factory(engine))
        secret = accounts.create_user(store, request, _now()).totp_secret
    finally:
        engine.dispose()
    sys.stdout.write(f"Utilisateur {args.username} ({args.role}) créé.\n")
    if secret:
        uri = pyotp.TOTP(secret).provisioning_uri(name=args.username, issuer_name="ProxiSanté")
        sys.stdout.write(
            "Second facteur : ajoutez ce secret à une application d'authentification : "
            f"{secret}\n{uri}\n"
        )
    return 0


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.registry._errors import UnknownTerritoryIdError
    from proxisante.registry.reporting import monthly_report, months_between, report_to_csv
    from proxisante.store.registry import crud

    now = _now()
    with _session(settings, write=False) as session:
        if crud.get_territory(session, territory_id=args.territory) is None:
            raise UnknownTerritoryIdError(args.territory)
        history = crud.patient_histories(session, territory_id=args.territory)
    first = min((h.registered_at.date() for h in history), default=now.date())
    sys.stdout.write(report_to_csv(monthly_report(history, months_between(first, now.date()))))
    return 0
