"""``proxisante registry patient export|correct|withdraw|erase``, ``registry purge`` and
``registry privacy``: patients' rights from the command line, through the same use cases as the
pages and the API (:class:`~proxisante.registry.rights.RightsService`, actor ``cli``).

Files written (an export, its letter) hold personal data: they are created 0600, atomically.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _

YES_NO = {"yes": True, "oui": True, "ja": True, "no": False, "non": False, "nein": False}


def add_rights_parsers(sub: Any) -> None:
    from proxisante.cli._registry_common import _demo_flag, _territory_arg

    patient = sub.add_parser(
        "patient",
        help=_(
            "droits d'un patient : copie de ses données, correction, retrait de la demande, "
            "effacement"
        ),
    )
    actions = patient.add_subparsers(dest="patient_command", metavar="ACTION", required=True)
    exp = actions.add_parser(
        "export", help=_("écrire toutes les données d'un patient (JSON) et sa lettre (PDF)")
    )
    _id_arg(exp)
    exp.add_argument("--out", required=True, metavar="FILE.json", help=_("fichier JSON écrit"))
    exp.add_argument("--letter", metavar="FILE.pdf", help=_("lettre d'accès à envoyer (PDF)"))
    exp.set_defaults(func=run_export)
    cor = actions.add_parser(
        "correct", help=_("corriger la fiche d'un patient (la priorité est recalculée)")
    )
    _id_arg(cor)
    for flag, dest in (
        ("--last-name", "last_name"),
        ("--first-name", "first_name"),
        ("--birth-date", "birth_date"),
        ("--phone", "phone"),
        ("--email", "email"),
        ("--commune", "commune_code"),
        ("--language", "language"),
        ("--precarity", "precarity"),
        ("--lost-doctor", "lost_doctor"),
    ):
        cor.add_argument(flag, dest=dest, metavar="VALUE")
    for flag, dest in (
        ("--ald", "ald"),
        ("--pregnant", "pregnant"),
        ("--disability", "disability"),
        ("--reduced-mobility", "reduced_mobility"),
    ):
        cor.add_argument(flag, dest=dest, choices=sorted(YES_NO), metavar="yes|no")
    cor.set_defaults(func=run_correct)
    wd = actions.add_parser(
        "withdraw", help=_("retirer une demande de la liste (opposition de la personne)")
    )
    _id_arg(wd)
    wd.set_defaults(func=run_withdraw)
    er = actions.add_parser(
        "erase", help=_("effacer les données d'un patient (définitif ; audit sans donnée)")
    )
    _id_arg(er)
    er.add_argument("--yes", action="store_true", help=_("confirmer l'effacement définitif"))
    er.set_defaults(func=run_erase)
    for p in (exp, cor, wd, er):
        p.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
        _demo_flag(p)

    purge = sub.add_parser(
        "purge",
        help=_(
            "effacer les patients rattachés ou retirés depuis plus que la durée de "
            "conservation (--dry-run : les lister, identifiants seulement)"
        ),
    )
    purge.add_argument("--territory", metavar="ID", help=_("un territoire (tous par défaut)"))
    _demo_flag(purge)
    purge.add_argument(
        "--dry-run", action="store_true", help=_("lister ce qui serait effacé, sans rien effacer")
    )
    purge.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    purge.set_defaults(func=run_purge)

    priv = sub.add_parser(
        "privacy",
        help=_(
            "responsable du traitement d'un territoire et durée de conservation (afficher, "
            "ou régler avec les options)"
        ),
    )
    _territory_arg(priv)
    for flag in ("--structure", "--address", "--email", "--phone", "--dpo"):
        priv.add_argument(flag, metavar="TEXT")
    priv.add_argument("--retention-months", type=int, metavar="N")
    priv.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    priv.set_defaults(func=run_privacy)


def _id_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--id",
        required=True,
        type=int,
        metavar="N",
        help=_("numéro du patient (colonne « n° » de la liste territoriale)"),
    )


def _rights(session: Any) -> Any:
    from proxisante.bootstrap.services import rights_service
    from proxisante.cli._registry_common import _now

    return rights_service(session, clock=_now)


def _check_id(value: int) -> int:
    if not 1 <= value <= 2**31 - 1:
        raise UserError(
            _("--id {n} : attendu un numéro de patient de 1 à 2147483647, p. ex. 12.").format(
                n=value
            )
        )
    return value


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, readable by its owner only (0600)."""
    path = path.expanduser()
    if not path.parent.is_dir():
        raise UserError(
            _("{path} : dossier absent ; attendu un fichier dans un dossier existant.").format(
                path=str(path)
            )
        )
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def _print(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    if args.json:
        from proxisante.cli._output import print_json

        print_json(data)
    else:
        sys.stdout.write(text + "\n")


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._registry_common import _now, _session, _settings
    from proxisante.registry.ports import CLI

    pid = _check_id(args.id)
    settings = _settings(args, settings)
    with _session(settings) as session:
        export = _rights(session).export(CLI, pid, "letter" if args.letter else "json")
    data = json.dumps(export.to_json(), ensure_ascii=False, indent=2).encode("utf-8")
    write_private(Path(args.out), data + b"\n")
    if args.letter:
        from proxisante.reports.patient_letter import letter_pdf

        write_private(Path(args.letter), letter_pdf(export, _now().date()))
    files = [args.out] + ([args.letter] if args.letter else [])
    _print(
        args,
        {"patient_id": pid, "files": files, "access_log": len(export.access_log)},
        _("Patient {id} : données écrites dans {files} (fichiers lisibles par vous seul).").format(
            id=pid, files=", ".join(files)
        ),
    )
    return 0


def run_correct(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._registry_common import _session, _settings
    from proxisante.registry.ports import CLI
    from proxisante.registry.privacy import Correction

    pid = _check_id(args.id)
    changes: dict[str, Any] = {}
    for name in ("last_name", "first_name", "phone", "email", "commune_code", "language"):
        changes[name] = getattr(args, name)
    for name in ("precarity", "lost_doctor"):
        changes[name] = getattr(args, name)
    for name in ("ald", "pregnant", "disability", "reduced_mobility"):
        value = getattr(args, name)
        changes[name] = None if value is None else YES_NO[value]
    if args.birth_date is not None:
        try:
            changes["birth_date"] = date.fromisoformat(args.birth_date)
        except ValueError:
            raise UserError(
                _("--birth-date {v} : attendu une date AAAA-MM-JJ, p. ex. 1956-07-14.").format(
                    v=repr(args.birth_date[:20])
                )
            ) from None
    settings = _settings(args, settings)
    with _session(settings) as session:
        row = _rights(session).correct(CLI, pid, Correction(**changes))
        level = row.priority_level
    fields = sorted(k for k, v in changes.items() if v is not None)
    _print(
        args,
        {"patient_id": pid, "corrected": fields, "priority_level": level},
        _("Patient {id} corrigé ({fields}) ; priorité {level}.").format(
            id=pid, fields=", ".join(fields), level=level
        ),
    )
    return 0


def run_withdraw(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._registry_common import _session, _settings
    from proxisante.registry.ports import CLI

    pid = _check_id(args.id)
    settings = _settings(args, settings)
    with _session(settings) as session:
        _rights(session).withdraw(CLI, pid)
    _print(
        args,
        {"patient_id": pid, "status": "withdrawn"},
        _("Demande du patient {id} retirée de la liste.").format(id=pid),
    )
    return 0


def run_erase(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._registry_common import _session, _settings
    from proxisante.registry.ports import CLI

    pid = _check_id(args.id)
    if not args.yes:
        raise UserError(
            _(
                "Effacement du patient {id} non fait : il est définitif ; ajoutez --yes pour "
                "confirmer (p. ex. proxisante registry patient erase --id {id} --yes)."
            ).format(id=pid)
        )
    settings = _settings(args, settings)
    with _session(settings) as session:
        _rights(session).erase(CLI, pid)
    _print(
        args,
        {"patient_id": pid, "erased": True},
        _("Patient {id} effacé : ses données personnelles ne sont plus conservées.").format(id=pid),
    )
    return 0


def run_purge(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._registry_common import _session, _settings
    from proxisante.registry.ports import CLI

    settings = _settings(args, settings)
    with _session(settings, write=False) as session:
        ids = [args.territory] if args.territory else _rights(session).repo.territory_ids()
        if args.territory:
            _rights(session).notice(args.territory)  # unknown → exit 2, named
    results = []
    for tid in ids:
        with _session(settings) as session:
            results.append(_rights(session).purge(tid, dry_run=args.dry_run, actor=CLI))
    total = sum(len(r.patients) for r in results)
    if args.json:
        from proxisante.cli._output import print_json

        print_json(
            {
                "dry_run": args.dry_run,
                "total": total,
                "territories": [
                    {
                        "territory": r.territory_id,
                        "retention_months": r.retention_months,
                        "cutoff": r.cutoff.isoformat(),
                        "patients": [
                            {
                                "id": c.patient_id,
                                "status": c.status,
                                "closed_at": c.closed_at.isoformat(),
                            }
                            for c in r.patients
                        ],
                    }
                    for r in results
                ],
            }
        )
        return 0
    for r in results:
        head = (
            _(
                "{territory} : {n} patient(s) seraient effacés (conservation {months} mois, "
                "closes avant le {cutoff})."
            )
            if args.dry_run
            else _(
                "{territory} : {n} patient(s) effacés (conservation {months} mois, closes "
                "avant le {cutoff})."
            )
        )
        print(
            head.format(
                territory=r.territory_id,
                n=len(r.patients),
                months=r.retention_months,
                cutoff=r.cutoff.date().isoformat(),
            )
        )
        for c in r.patients:
            print(
                _("  patient {id} : {status} depuis le {day}").format(
                    id=c.patient_id, status=c.status, day=c.closed_at.date().isoformat()
                )
            )
    return 0


def run_privacy(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import replace

    from proxisante.cli._registry_common import _check_territory, _session, _settings
    from proxisante.registry.ports import CLI

    settings = _settings(args, settings)
    given = {
        k: getattr(args, k)
        for k in ("structure", "address", "email", "phone", "dpo", "retention_months")
        if getattr(args, k) is not None
    }
    with _session(settings) as session:
        tid = _check_territory(session, args)
        rights = _rights(session)
        notice = rights.notice(tid)
        if given:
            notice = rights.set_controller(CLI, tid, replace(notice.controller, **given))
    c = notice.controller
    data = {
        "territory": tid,
        "country": notice.country,
        "is_default": c.is_default,
        **{k: getattr(c, k) for k in ("structure", "address", "email", "phone", "dpo")},
        "retention_months": c.retention_months,
    }
    lines = [f"{k} : {v}" for k, v in data.items()]
    _print(args, data, "\n".join(lines))
    return 0
