"""``proxisante registry match``: run the matching of a territory's list (or simulate it)."""

from __future__ import annotations

import argparse
import re
import sys
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
        choices=["coordinator", "professional", "regulator", "helper", "analyst", "admin"],
    )
    user.add_argument("--territory", metavar="ID", help="registry territory (all roles but admin)")
    user.add_argument("--professional-id", type=int, help="for a professional's login")
    user.set_defaults(func=run_add_user)

    report = sub.add_parser(
        "report", help="monthly figures of a territory, small counts shown as '< 11' (CSV)"
    )
    report.add_argument("--territory", required=True, metavar="ID")
    report.set_defaults(func=run_report)


def run_match(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.registry_proposals import run_matching
    from proxisante.store.registry_travel import access_estimate

    engine = make_engine(settings.database_url)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    try:
        with transaction(make_session_factory(engine)) as session:
            summary = run_matching(
                session,
                territory_id=args.territory,
                now=now,
                dry_run=args.dry_run,
                travel=access_estimate,
            )
    except (OperationalError, ProgrammingError) as exc:
        if "no such table" in str(exc) or "does not exist" in str(exc):
            raise UserError(
                "The registry tables do not exist in this database; run `proxisante db upgrade`."
            ) from None
        raise
    finally:
        engine.dispose()
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
        verb = "would be made (dry run, nothing written)" if summary.dry_run else "made"
        levels = ", ".join(f"{k}: {v}" for k, v in summary.by_level.items())
        sys.stdout.write(
            f"{summary.territory_id}: {summary.n_waiting} waiting patient(s); "
            f"{summary.n_proposals} proposal(s) {verb} ({levels}).\n"
        )
    return 0


_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def run_add_territory(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.store import registry_crud as crud
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.territory import load_territory

    if not _ID.match(args.id):
        raise UserError(
            f"Invalid territory id {args.id!r}: use lower-case letters, digits and dashes, "
            "e.g. cpts-vichy."
        )
    terr = load_territory()
    codes: list[str] = []
    for area in args.area:
        codes += [c for c in terr.communes_in(area) if c not in codes]
    table = terr.communes.loc[codes]
    communes = [
        crud.CommuneRecord(str(code), str(row["name"]), float(row["lon"]), float(row["lat"]))
        for code, row in table.iterrows()
    ]
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            if crud.get_territory(session, territory_id=args.id) is not None:
                raise UserError(f"Territory {args.id!r} already exists; choose another id.")
            crud.create_territory(
                session,
                territory_id=args.id,
                name=args.name,
                communes=communes,
                now=_now(),
                max_travel_min=args.max_travel_min,
            )
    finally:
        engine.dispose()
    sys.stdout.write(f"Territory {args.id}: {len(communes)} commune(s).\n")
    return 0


def run_add_user(args: argparse.Namespace, settings: Settings) -> int:
    import getpass
    import os

    import pyotp

    from proxisante.store import registry_crud as crud
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.registry_audit import create_user, get_user_by_username
    from proxisante.web.security import ROLES_WITH_TOTP, hash_password, new_totp_secret

    if args.role != "admin" and not args.territory:
        raise UserError(f"A {args.role} needs --territory ID.")
    if args.role == "professional" and not args.professional_id:
        raise UserError("A professional's login needs --professional-id N.")
    password = os.environ.get("PROXISANTE_NEW_PASSWORD") or getpass.getpass("Mot de passe : ")
    if len(password) < 10:
        raise UserError("The password needs at least 10 characters.")
    secret = new_totp_secret() if args.role in ROLES_WITH_TOTP else None
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            if get_user_by_username(session, username=args.username) is not None:
                raise UserError(f"The user name {args.username!r} is taken; choose another.")
            if args.territory and crud.get_territory(session, territory_id=args.territory) is None:
                raise UserError(f"Unknown registry territory {args.territory!r}.")
            create_user(
                session,
                username=args.username,
                password_hash=hash_password(password),
                role=args.role,
                territory_id=None if args.role == "admin" else args.territory,
                professional_id=args.professional_id,
                totp_secret=secret,
                now=_now(),
            )
    finally:
        engine.dispose()
    sys.stdout.write(f"User {args.username} ({args.role}) created.\n")
    if secret:
        uri = pyotp.TOTP(secret).provisioning_uri(name=args.username, issuer_name="ProxiSanté")
        sys.stdout.write(
            f"Second factor: add this secret to an authenticator app: {secret}\n{uri}\n"
        )
    return 0


def run_report(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.registry._errors import UnknownTerritoryIdError
    from proxisante.registry.reporting import monthly_report, months_between, report_to_csv
    from proxisante.store import registry_crud as crud
    from proxisante.store.db import make_engine, make_session_factory

    engine = make_engine(settings.database_url)
    now = _now()
    try:
        with make_session_factory(engine)() as session:
            if crud.get_territory(session, territory_id=args.territory) is None:
                raise UnknownTerritoryIdError(args.territory)
            history = crud.patient_histories(session, territory_id=args.territory)
    finally:
        engine.dispose()
    first = min((h.registered_at.date() for h in history), default=now.date())
    sys.stdout.write(report_to_csv(monthly_report(history, months_between(first, now.date()))))
    return 0
