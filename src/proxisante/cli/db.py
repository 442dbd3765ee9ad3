"""``proxisante db upgrade|backup|restore``: the application database's tables, its backups
(:mod:`proxisante.store.backup`: SQLite online backup API, PostgreSQL pg_dump/pg_restore)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.config import Settings
from proxisante.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "db", help=_("base de données de l'application (migrations, sauvegardes)")
    )
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser(
        "upgrade",
        help=_(
            "appliquer toutes les migrations (fichier SQLite dans PROXISANTE_HOME, "
            "ou PROXISANTE_DATABASE_URL)"
        ),
    )
    up.set_defaults(func=run_upgrade)
    back = sub.add_parser(
        "backup",
        help=_(
            "sauvegarder la base pendant qu'elle sert (SQLite : API de sauvegarde en ligne ; "
            "PostgreSQL : pg_dump, format personnalisé) ; fichier lisible par vous seul"
        ),
    )
    back.add_argument("--out", required=True, metavar="FILE", help=_("fichier de sauvegarde"))
    back.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    back.set_defaults(func=run_backup)
    rest = sub.add_parser(
        "restore",
        help=_(
            "restaurer une sauvegarde (refusée si la base est à un schéma plus récent ; "
            "arrêtez l'application pendant la restauration)"
        ),
    )
    rest.add_argument("file", metavar="FILE", help=_("fichier écrit par `proxisante db backup`"))
    rest.add_argument(
        "--allow-older",
        action="store_true",
        help=_(
            "restaurer quand même une sauvegarde d'un schéma plus ancien que la base "
            "(puis lancer `proxisante db upgrade`)"
        ),
    )
    rest.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    rest.set_defaults(func=run_restore)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.store.migrate import current_heads, upgrade

    del args
    upgrade(settings.database_url)
    heads = ", ".join(sorted(current_heads(settings.database_url)))
    print(_("Base de données à jour (révision {heads}).").format(heads=heads))
    return 0


def _report(args: argparse.Namespace, info: Any, text: str) -> None:
    if args.json:
        from proxisante.cli._output import print_json

        print_json(
            {
                "file": str(info.path),
                "kind": info.kind,
                "revision": sorted(info.revisions),
                "bytes": info.size,
            }
        )
    else:
        print(text)


def run_backup(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.store.backup import backup

    info = backup(settings.database_url, Path(args.out))
    text = _(
        "Sauvegarde {kind} écrite : {path} ({size} octets, révision {rev}, lisible par vous seul)."
    ).format(kind=info.kind, path=info.path, size=info.size, rev=", ".join(sorted(info.revisions)))
    _report(args, info, text)
    return 0


def run_restore(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.store.backup import restore
    from proxisante.store.migrate import expected_heads

    info = restore(settings.database_url, Path(args.file), allow_older=args.allow_older)
    text = _("Sauvegarde {path} restaurée (révision {rev}).").format(
        path=info.path, rev=", ".join(sorted(info.revisions))
    )
    if set(info.revisions) != expected_heads():
        text += " " + _("Lancez `proxisante db upgrade` pour la mettre à jour.")
    _report(args, info, text)
    return 0
