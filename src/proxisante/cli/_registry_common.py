"""What the ``proxisante registry`` commands share: the ``--demo`` and ``--territory`` options,
the database a command acts on, a session on a migrated database and the clock.

Apart from :mod:`proxisante.cli.registry` so that its sub-command modules
(:mod:`~proxisante.cli._registry_rights`, :mod:`~proxisante.cli._registry_tick`) import these
without importing the module that imports them: no import cycle
(tests/unit/test_no_import_cycles.py).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import N_, _

DEMO_HELP = N_(
    "agir sur la base de démonstration de `proxisante serve --demo` (créée si absente ; "
    "son territoire cpts-vichy-demo est le --territory par défaut)"
)


def _demo_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo", action="store_true", help=_(DEMO_HELP))


def _territory_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--territory",
        metavar="ID",
        help=_(
            "identifiant du territoire du registre, p. ex. cpts-vichy (obligatoire "
            "sauf avec --demo)"
        ),
    )
    _demo_flag(parser)


def _settings(args: argparse.Namespace, settings: Settings) -> Settings:
    """The database the command acts on: the demo one with ``--demo``, else the settings'."""
    if not getattr(args, "demo", False):
        return settings
    from proxisante.bootstrap.demo import demo_database
    from proxisante.bootstrap.demo_registry import DEMO_TERRITORY

    if hasattr(args, "territory") and not args.territory and "id" not in args:
        args.territory = DEMO_TERRITORY
    return demo_database(settings)


def _where(settings: Settings) -> str:
    return settings.database_url.split("@")[-1]  # never print a password


def _check_schema(settings: Settings) -> None:
    """Refuse a database without the tables, or behind the migrations (exit 2)."""
    from sqlalchemy.exc import SQLAlchemyError

    from proxisante.store.migrate import current_heads, expected_heads

    try:
        current = current_heads(settings.database_url)
    except SQLAlchemyError:
        raise UserError(
            _(
                "Base de données injoignable ({where}) ; attendu une base PostgreSQL ou SQLite "
                "accessible (PROXISANTE_DATABASE_URL), créée par `proxisante db upgrade`."
            ).format(where=_where(settings))
        ) from None
    if not current:
        raise UserError(
            _(
                "Les tables du registre n'existent pas dans cette base ({where}) ; lancez "
                "`proxisante db upgrade` (ou ajoutez --demo pour la base de démonstration)."
            ).format(where=_where(settings))
        )
    if current != expected_heads():
        raise UserError(
            _(
                "La base ({where}) n'est pas à jour (révision {current}) ; lancez "
                "`proxisante db upgrade`."
            ).format(where=_where(settings), current=", ".join(sorted(current)))
        )


@contextmanager
def _session(settings: Settings, *, write: bool = True) -> Iterator[Any]:
    """A session on a migrated registry database; unique clashes → UserError."""
    from sqlalchemy.exc import IntegrityError

    from proxisante.store.db import make_engine, make_session_factory, transaction

    _check_schema(settings)
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
            _(
                "Conflit : un enregistrement de même identifiant vient d'être créé "
                "(p. ex. le même nom d'utilisateur) ; rien n'a été écrit, réessayez."
            )
        ) from None
    finally:
        engine.dispose()


def _check_territory(session: Any, args: argparse.Namespace) -> str:
    """The ``--territory`` of the command, which must exist in this database."""
    from proxisante.store.registry import crud

    known = [t.id for t in crud.list_territories(session)]
    if not args.territory:
        raise UserError(
            _("--territory ID requis (ou --demo) ; territoires de cette base : {known}.").format(
                known=", ".join(known) or _("aucun")
            )
        )
    if args.territory not in known:
        raise UserError(
            _(
                "Territoire du registre inconnu : {id} ; territoires de cette base : {known}. "
                "Créez-le avec `proxisante registry add-territory`, ou ajoutez --demo pour "
                "la base de démonstration (territoire cpts-vichy-demo)."
            ).format(id=repr(args.territory), known=", ".join(known) or _("aucun"))
        )
    return str(args.territory)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)
