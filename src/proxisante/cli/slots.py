"""``proxisante slots``: import and export FHIR R4 bundles of unscheduled-care slots.

``proxisante slots import-fhir BUNDLE.json`` publishes the Schedule and Slot resources of a
bundle (booked slots are never overwritten); ``proxisante slots export-fhir --out FILE
[--hours 48]`` writes the slots of the coming hours as a searchset Bundle. The database is
``PROXISANTE_DATABASE_URL``, brought up to date by ``proxisante db upgrade``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from proxisante.config import Settings

# SQLAlchemy, fhir.resources and the slots core are imported inside the commands, so that
# building the parser stays fast.

_EXAMPLE = '{"resourceType": "Bundle", "type": "collection", "entry": [...]}'


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "slots", help="créneaux de soins non programmés : import et export FHIR"
    )
    sub = parser.add_subparsers(dest="slots_command", metavar="ACTION", required=True)
    imp = sub.add_parser("import-fhir", help="publier les créneaux d'un Bundle FHIR R4")
    imp.add_argument("bundle", metavar="BUNDLE.json")
    imp.add_argument("--json", action="store_true", help="résumé JSON")
    imp.set_defaults(func=run_import)
    exp = sub.add_parser("export-fhir", help="écrire les créneaux à venir en Bundle FHIR R4")
    exp.add_argument("--out", required=True, metavar="FILE")
    exp.add_argument("--hours", type=float, default=48.0, help="horizon en heures (48)")
    exp.set_defaults(func=run_export)


def _where(settings: Settings) -> str:
    return settings.database_url.split("@")[-1]  # never print a password


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from proxisante.cli._output import print_json
    from proxisante.slots import repository as repo
    from proxisante.slots._errors import InvalidSlotError, SlotsDatabaseError
    from proxisante.slots.fhir import from_bundle
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.utils.safe_load import UnsafeInputError, load_json_file

    try:
        data = load_json_file(args.bundle)
    except UnsafeInputError as exc:
        raise InvalidSlotError(args.bundle, [f"{exc.problem} ; attendu {_EXAMPLE}"]) from None
    schedules, slots = from_bundle(data, source=args.bundle)
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            written = repo.publish(db, schedules=schedules, slots=slots, now=datetime.now(UTC))
    except (OperationalError, ProgrammingError) as exc:
        raise SlotsDatabaseError(_where(settings)) from exc
    finally:
        engine.dispose()
    if args.json:
        print_json({"agendas": len(schedules), "creneaux": written})
    else:
        sys.stdout.write(f"{args.bundle} : {len(schedules)} agendas, {written} créneaux publiés.\n")
    return 0


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from proxisante.slots import repository as repo
    from proxisante.slots._errors import SlotsDatabaseError
    from proxisante.slots.fhir import to_bundle
    from proxisante.store.db import make_engine, make_session_factory

    now = datetime.now(UTC)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as db:
            slots = repo.list_slots(db, start=now, end=now + timedelta(hours=args.hours))
            schedules = repo.list_schedules(db, ids=sorted({s.schedule_id for s in slots}))
    except (OperationalError, ProgrammingError) as exc:
        raise SlotsDatabaseError(_where(settings)) from exc
    finally:
        engine.dispose()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(to_bundle(schedules, slots), f, ensure_ascii=False, indent=2)
    os.replace(tmp, out)
    sys.stdout.write(f"{out} : {len(slots)} créneaux.\n")
    return 0
