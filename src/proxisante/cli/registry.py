"""``proxisante registry match``: run the matching of a territory's list (or simulate it)."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import OperationalError, ProgrammingError

from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.store.db import make_engine, make_session_factory, transaction
from proxisante.store.registry_proposals import run_matching


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


def run_match(args: argparse.Namespace, settings: Settings) -> int:
    engine = make_engine(settings.database_url)
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    try:
        with transaction(make_session_factory(engine)) as session:
            summary = run_matching(
                session, territory_id=args.territory, now=now, dry_run=args.dry_run
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
