"""``proxisante db upgrade``: create or update the application database's tables."""

from __future__ import annotations

import argparse
from typing import Any

from proxisante.config import Settings
from proxisante.i18n import _


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help=_("base de données de l'application (migrations)"))
    sub = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    up = sub.add_parser(
        "upgrade",
        help=_(
            "appliquer toutes les migrations (fichier SQLite dans PROXISANTE_HOME, "
            "ou PROXISANTE_DATABASE_URL)"
        ),
    )
    up.set_defaults(func=run_upgrade)


def run_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.store.migrate import current_heads, upgrade

    del args
    upgrade(settings.database_url)
    heads = ", ".join(sorted(current_heads(settings.database_url)))
    print(_("Base de données à jour (révision {heads}).").format(heads=heads))
    return 0
