"""``proxisante slots``: import and export FHIR R4 bundles of unscheduled-care slots.

``proxisante slots import-fhir BUNDLE.json --territory ID [--professional-id N]`` publishes
the Schedule and Slot resources of a bundle as the coordination of territory ``ID`` (or as the
agendas of professional ``N`` of that territory); booked slots are never overwritten and a slot
never moves to another schedule. ``proxisante slots export-fhir --out FILE [--hours 48]
[--territory ID]`` writes the slots of the coming hours as a searchset Bundle. Both go through
the slot service (one audit row per import). The database is ``PROXISANTE_DATABASE_URL``,
brought up to date by ``proxisante db upgrade``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from proxisante.config import Settings
from proxisante.i18n import _

# SQLAlchemy, fhir.resources and the slots core are imported inside the commands, so that
# building the parser stays fast.

_EXAMPLE = '{"resourceType": "Bundle", "type": "collection", "entry": [...]}'
MAX_HOURS = 24 * 31


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "slots", help=_("créneaux de soins non programmés : import et export FHIR")
    )
    sub = parser.add_subparsers(dest="slots_command", metavar="ACTION", required=True)
    imp = sub.add_parser("import-fhir", help=_("publier les créneaux d'un Bundle FHIR R4"))
    imp.add_argument("bundle", metavar="BUNDLE.json")
    imp.add_argument(
        "--territory", required=True, metavar="ID", help=_("territoire du registre propriétaire")
    )
    imp.add_argument(
        "--professional-id",
        type=int,
        metavar="N",
        help=_("professionnel du territoire propriétaire des agendas (sinon la coordination)"),
    )
    imp.add_argument("--json", action="store_true", help=_("résumé JSON"))
    imp.set_defaults(func=run_import)
    exp = sub.add_parser("export-fhir", help=_("écrire les créneaux à venir en Bundle FHIR R4"))
    exp.add_argument("--out", required=True, metavar="FILE")
    exp.add_argument("--hours", type=float, default=48.0, help=_("horizon en heures (48)"))
    exp.add_argument("--territory", metavar="ID", help=_("un seul territoire (sinon tous)"))
    exp.set_defaults(func=run_export, format="fhir")
    sas = sub.add_parser(
        "export",
        help=_(
            "écrire les créneaux à venir en Bundle FHIR (fhir) ou selon le guide "
            "SAS 1.2.0 de l'ANS (fhir-sas)"
        ),
    )
    sas.add_argument("--format", choices=("fhir", "fhir-sas"), default="fhir-sas")
    sas.add_argument(
        "--case",
        choices=("indiv", "cpts"),
        default="indiv",
        help=_("cas du guide SAS : praticiens individuels (indiv) ou CPTS (cpts)"),
    )
    sas.add_argument(
        "--cpts-finess", metavar="FINESS", help=_("cas cpts : numéro FINESS de la CPTS")
    )
    sas.add_argument("--cpts-name", metavar="NOM", help=_("cas cpts : nom de la CPTS"))
    sas.add_argument(
        "--base-url",
        default="https://proxisante.invalid/fhir",
        help=_("adresse de base des fullUrl du bundle (https://proxisante.invalid/fhir)"),
    )
    sas.add_argument("--out", required=True, metavar="FILE")
    sas.add_argument("--hours", type=float, default=48.0, help=_("horizon en heures (48)"))
    sas.add_argument("--territory", metavar="ID", help=_("un seul territoire (sinon tous)"))
    sas.set_defaults(func=run_export)


def _where(settings: Settings) -> str:
    return settings.database_url.split("@")[-1]  # never print a password


def _read_bundle(path: str) -> Any:
    """The JSON of a bundle file, read with limits on size and depth (exit 2 otherwise)."""
    from proxisante.slots._errors import InvalidSlotError
    from proxisante.utils.safe_load import UnsafeInputError, load_json_file

    try:
        return load_json_file(path)
    except UnsafeInputError as exc:
        raise InvalidSlotError(path, [f"{exc.problem} ; attendu {_EXAMPLE}"]) from None


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from proxisante.actor import Actor
    from proxisante.bootstrap.services import slot_service
    from proxisante.cli._output import print_json
    from proxisante.slots._errors import SlotsDatabaseError
    from proxisante.store.db import make_engine, make_session_factory, transaction

    data = _read_bundle(args.bundle)
    engine = make_engine(settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as db:
            service = slot_service(db, clock=_utc_now)
            done = service.import_bundle(
                Actor.operator(args.territory),
                data,
                source=args.bundle,
                professional_id=args.professional_id,
            )
    except (OperationalError, ProgrammingError) as exc:
        raise SlotsDatabaseError(_where(settings)) from exc
    finally:
        engine.dispose()
    if args.json:
        print_json({"agendas": done.schedules, "creneaux": done.slots})
    else:
        sys.stdout.write(
            _("{path} : {schedules} agendas, {slots} créneaux publiés.").format(
                path=args.bundle, schedules=done.schedules, slots=done.slots
            )
            + "\n"
        )
    return 0


def _utc_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from proxisante.actor import Actor
    from proxisante.bootstrap.services import slot_service
    from proxisante.slots._errors import SlotsDatabaseError, SlotsError
    from proxisante.slots.fhir import to_bundle
    from proxisante.store.db import make_engine, make_session_factory

    if not 0 < args.hours <= MAX_HOURS:
        raise SlotsError(
            _("--hours : attendu un nombre d'heures de 0 à {n} (reçu {got})").format(
                n=MAX_HOURS, got=args.hours
            )
        )
    actor = Actor(None, "admin", None) if args.territory is None else Actor.operator(args.territory)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as db:
            service = slot_service(db, clock=_utc_now)
            schedules, slots = service.export(actor, args.hours)
    except (OperationalError, ProgrammingError) as exc:
        raise SlotsDatabaseError(_where(settings)) from exc
    finally:
        engine.dispose()
    if args.format == "fhir-sas":
        from proxisante.slots.sas_export import Cpts, to_sas_bundle

        cpts = Cpts(args.cpts_finess or "", args.cpts_name or "") if args.case == "cpts" else None
        done = to_sas_bundle(schedules, slots, case=args.case, base_url=args.base_url, cpts=cpts)
        bundle, n = done.bundle, done.slots
        for why in done.omitted:
            sys.stderr.write(_("laissé de côté : {why}").format(why=why) + "\n")
    else:
        bundle, n = to_bundle(schedules, slots), len(slots)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(bundle, f, ensure_ascii=False, indent=2)
    os.replace(tmp, out)
    sys.stdout.write(_("{path} : {n} créneaux.").format(path=out, n=n) + "\n")
    return 0
