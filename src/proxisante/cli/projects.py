"""``proxisante projects list|show|export|snapshot``: territorial health projects."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _

TEST_CLOCK = "PROXISANTE_TEST_NOW"  # tests only: an ISO date-time used as "now"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "projects",
        help=_("projets territoriaux de santé : lister, afficher, exporter, relevé mensuel"),
    )
    sub = parser.add_subparsers(dest="projects_command", metavar="ACTION", required=True)
    lst = sub.add_parser("list", help=_("tous les projets (une ligne chacun)"))
    lst.add_argument("--territory", metavar="ID", help=_("seulement ce territoire du registre"))
    lst.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    lst.set_defaults(func=run_list)
    show = sub.add_parser("show", help=_("un projet, ses jalons, indicateurs et évaluation"))
    show.add_argument("id", type=int, help=_("numéro du projet"))
    show.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    show.set_defaults(func=run_show)
    export = sub.add_parser(
        "export",
        help=_(
            "les projets et leurs indicateurs en CSV ou JSON (chiffres publiés : "
            "effectifs de 1 à 10 masqués)"
        ),
    )
    export.add_argument(
        "--format", choices=["csv", "json"], default="csv", help=_("csv (défaut) ou json")
    )
    export.add_argument(
        "--output", metavar="FILE", help=_("écrire dans ce fichier (défaut : sortie standard)")
    )
    export.set_defaults(func=run_export)
    snap = sub.add_parser(
        "snapshot",
        help=_(
            "relevé des indicateurs du mois pour chaque projet (une fois par mois ; "
            "à lancer chaque mois)"
        ),
    )
    snap.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    snap.set_defaults(func=run_snapshot)


def _now() -> datetime:
    text = os.environ.get(TEST_CLOCK)
    if text:
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise UserError(
                _("{name}={value} invalide : attendu AAAA-MM-JJTHH:MM:SS").format(
                    name=TEST_CLOCK, value=repr(text)
                )
            ) from None
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@contextmanager
def _service(settings: Settings, commit: bool = False) -> Iterator[Any]:
    from proxisante.bootstrap.services import project_service
    from proxisante.bootstrap.travel import travel_provider
    from proxisante.store.db import make_engine, make_session_factory
    from proxisante.store.migrate import require_current

    require_current(settings.database_url)
    engine = make_engine(settings.database_url)
    session = make_session_factory(engine)()
    try:
        yield project_service(session, _now, travel_provider("estimate", settings.home))
        if commit:
            session.commit()
    finally:
        session.close()
        engine.dispose()


def _records(svc: Any, projects: list[Any], *, published: bool = False) -> list[Any]:
    """The projects with their indicators: exact for the operator (``show``), published (small
    counts hidden) for an export, which leaves the system."""
    from proxisante.projects.export import ProjectRecord
    from proxisante.projects.service import SYSTEM

    views = (
        svc.published_records(projects)
        if published
        else [svc.indicators(SYSTEM, p.id) for p in projects]
    )
    return [ProjectRecord(v.project, v.snapshots, v.evaluation) for v in views]


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.projects.service import SYSTEM

    with _service(settings) as svc:
        projects = [p for p in svc.find(SYSTEM) if args.territory in (None, p.territory_id)]
    if args.json:
        from dataclasses import asdict

        from proxisante.cli._output import print_json

        print_json([asdict(p) for p in projects])
        return 0
    for p in projects:
        d = p.draft
        sys.stdout.write(
            f"{p.id}\t{p.territory_id}\t{d.kind.value}\t{d.stage.value}\t{d.nature.value}\t"
            f"{p.status.value}\t{d.area.name}\t{d.title}\n"
        )
    if not projects:
        sys.stdout.write(_("Aucun projet.") + "\n")
    return 0


def run_show(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.projects.service import SYSTEM

    with _service(settings) as svc:
        record = _records(svc, [svc.get(SYSTEM, args.id)])[0]
    if args.json:
        from proxisante.cli._output import print_json
        from proxisante.projects.export import to_json

        print_json(to_json([record])[0])
        return 0
    _print_record(record, sys.stdout.write)
    return 0


def _print_record(record: Any, write: Callable[[str], Any]) -> None:
    from proxisante.projects import display
    from proxisante.projects.model import KIND_LABELS, NATURE_LABELS, STAGE_LABELS

    p, d = record.project, record.project.draft
    write(_("Projet {id} : {title}").format(id=p.id, title=d.title) + "\n")
    labels = (_(KIND_LABELS[d.kind]), _(STAGE_LABELS[d.stage]), _(NATURE_LABELS[d.nature]))
    write("  " + " ; ".join(labels) + "\n")
    write(
        "  "
        + _("territoire : {name} ({code}) ; registre {registry}").format(
            name=d.area.name, code=d.area.code or "communes", registry=p.territory_id
        )
        + "\n"
    )
    for m in d.milestones:
        done = _("[fait]") if m.done else "[ ]"
        write(f"  {_('jalon')} {m.due} {done} {m.title} ({m.owner or '—'})\n")
    for s in record.snapshots:
        values = " ; ".join(
            f"{label} {display.figure_text(s.area, key)}" for key, label in display.figure_labels()
        )
        write("  " + _("relevé {month} : {values}").format(month=s.month, values=values) + "\n")
    for c in record.evaluation.changes:
        write(
            "  "
            + _(
                "{label} : évolution {change}, comparables {comparables}, différence {diff}"
            ).format(
                label=c.label,
                change=display.change_text(c.change, c.key),
                comparables=display.change_text(c.comparables_change, c.key),
                diff=display.change_text(c.difference, c.key),
            )
            + "\n"
        )
    if record.evaluation.snapshots:
        write(f"  {record.evaluation.caveat}\n")


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from proxisante.projects.export import to_csv, to_json
    from proxisante.projects.service import SYSTEM

    with _service(settings) as svc:
        records = _records(svc, svc.find(SYSTEM), published=True)
    if args.format == "csv":
        text = to_csv(records)
    else:
        text = json.dumps(to_json(records), ensure_ascii=False, indent=2, default=str) + "\n"
    if args.output:
        from pathlib import Path

        target = Path(args.output)
        tmp = target.with_name(target.name + ".tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(target)
        except OSError as exc:
            raise UserError(
                _("--output {path} : écriture impossible ({reason}).").format(
                    path=repr(args.output), reason=exc.strerror
                )
            ) from None
        sys.stdout.write(
            _("{n} projet(s) écrits dans {path}.").format(n=len(records), path=args.output) + "\n"
        )
    else:
        sys.stdout.write(text)
    return 0


def run_snapshot(args: argparse.Namespace, settings: Settings) -> int:
    with _service(settings, commit=True) as svc:
        done = svc.snapshot_all()
    month = _now().strftime("%Y-%m")
    if args.json:
        from proxisante.cli._output import print_json

        print_json(
            {"month": month, "projects": [{"id": pid, "taken": taken} for pid, taken in done]}
        )
        return 0
    taken = sum(t for _pid, t in done)
    sys.stdout.write(
        _("{month} : {taken} relevé(s) pris, {present} déjà présent(s) ce mois-ci.").format(
            month=month, taken=taken, present=len(done) - taken
        )
        + "\n"
    )
    return 0


def recorded_projects(settings: Settings) -> list[Any] | None:
    """Every project of the application database, or None when there is no such database (an
    SQLite file not created yet, or not migrated): the diagnosis then shows no project list."""
    from pathlib import Path

    from sqlalchemy.exc import OperationalError, ProgrammingError

    from proxisante.projects.service import SYSTEM

    url = settings.database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return None
    try:
        with _service(settings) as svc:
            return list(svc.find(SYSTEM))
    except (OperationalError, ProgrammingError, UserError):
        return None
