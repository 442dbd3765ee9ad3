"""Backups of the application database and their restoration.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent snapshot
while the application keeps writing (WAL mode: readers and the backup see the last committed
transaction, never half of one); the copy is one self-contained file (journal mode DELETE).
Restoring copies it back into the database through the same API, in one transaction: a failure
leaves the database as it was.

PostgreSQL: ``pg_dump --format=custom``; a restore turns the backup into an SQL script
(``pg_restore``) and runs it with ``psql --single-transaction`` after dropping the current
tables, in the same transaction (all or nothing). The password, if the URL has one, goes
through ``PGPASSWORD``, never on the command line. ``pg_dump`` must be of the server's major
version or newer.

Before anything is written, a restore reads the backup's Alembic revision and refuses (French
:class:`BackupError`, exit 2): a file that is not a backup of this application, a backup of the
other kind of database, a backup made by a newer version (its revision is unknown here), and a
database whose schema is newer than the backup's (unless ``allow_older``: then run
``proxisante db upgrade``). Backup files are created 0600 and written atomically.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from proxisante.errors import MissingDependencyError, UserError
from proxisante.i18n import _
from proxisante.store.db import normalise_url, secure_sqlite_files, sqlite_path

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
PG_TIMEOUT_S = 3600


class BackupError(UserError):
    """A backup or a restore refused: what, why, and what to do (exit 2)."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # "sqlite" or "postgresql"
    revisions: frozenset[str]
    size: int


# ---------------------------------------------------------------- revisions


def _order() -> dict[str, int]:
    """Each shipped revision's rank, oldest first (the migrations form one line)."""
    from alembic.script import ScriptDirectory

    from proxisante.store.migrate import alembic_config

    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revs = [r.revision for r in scripts.walk_revisions()]  # newest first
    return {rev: i for i, rev in enumerate(reversed(revs))}


def _rank(revisions: frozenset[str] | set[str], order: dict[str, int]) -> int:
    return max((order[r] for r in revisions), default=-1)


def _names(revisions: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(revisions)) or _("aucune")


# ---------------------------------------------------------------- inspecting a file


def inspect_backup(path: Path) -> BackupInfo:
    """The kind and revision of a backup file, or :class:`BackupError` naming the file."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
        size = path.stat().st_size
    except OSError as exc:
        raise BackupError(
            _(
                "{path} : fichier illisible ({error}) ; attendu un fichier de "
                "`proxisante db backup`."
            ).format(path=str(path), error=exc.strerror or exc)
        ) from None
    if head.startswith(SQLITE_MAGIC):
        return BackupInfo(path, "sqlite", _sqlite_revisions(path), size)
    if head.startswith(PG_MAGIC):
        return BackupInfo(path, "postgresql", _pg_revisions(path), size)
    raise _not_a_backup(path)


def _not_a_backup(path: Path) -> BackupError:
    return BackupError(
        _(
            "{path} n'est pas une sauvegarde de ProxiSanté : attendu un fichier écrit par "
            "`proxisante db backup --out FICHIER` (base SQLite, ou format personnalisé de "
            "pg_dump), p. ex. proxisante-2027-01-10.backup. Rien n'a été restauré."
        ).format(path=str(path))
    )


def _sqlite_revisions(path: Path) -> frozenset[str]:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if conn.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise sqlite3.DatabaseError("quick_check")
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            conn.close()
    except sqlite3.Error:
        raise _not_a_backup(path) from None
    revisions = frozenset(str(r[0]) for r in rows)
    if not revisions:
        raise _not_a_backup(path)
    return revisions


def _pg_revisions(path: Path) -> frozenset[str]:
    done = subprocess.run(
        [_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(path)],
        capture_output=True,
        text=True,
        timeout=PG_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise _not_a_backup(path)
    revisions: set[str] = set()
    copying = False
    for line in done.stdout.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            copying = True
        elif copying and line == "\\.":
            copying = False
        elif copying and line.strip():
            revisions.add(line.strip())
    if not revisions:
        raise _not_a_backup(path)
    return frozenset(revisions)


# ---------------------------------------------------------------- backup


def backup(url: str, out: Path) -> BackupInfo:
    """Write a backup of the database at ``url`` to ``out`` (0600, atomically)."""
    out = out.expanduser()
    if not out.parent.is_dir():
        raise BackupError(
            _("--out {path} : dossier absent ; attendu un fichier dans un dossier existant.")
            .format(path=str(out))
        )  # fmt: skip
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    try:
        if _is_postgres(url):
            _pg_dump(url, tmp)
        else:
            _sqlite_backup(url, tmp)
        tmp.chmod(0o600)
        info = inspect_backup(tmp)
        os.replace(tmp, out)
    finally:
        if tmp.exists():
            tmp.unlink()
    return BackupInfo(out, info.kind, info.revisions, info.size)


def _is_postgres(url: str) -> bool:
    return normalise_url(url).startswith("postgresql")


def _sqlite_file(url: str) -> Path:
    path = sqlite_path(url)
    if path is None:
        raise BackupError(
            _(
                "PROXISANTE_DATABASE_URL : attendu une base SQLite dans un fichier ou une base "
                "PostgreSQL (une base en mémoire ne se sauvegarde pas)."
            )
        )
    return path


def _sqlite_backup(url: str, tmp: Path) -> None:
    source = _sqlite_file(url)
    if not source.exists():
        raise BackupError(
            _("Base SQLite absente : {path} ; lancez d'abord `proxisante db upgrade`.").format(
                path=str(source)
            )
        )
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)  # one step: a consistent snapshot of the last committed transaction
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for the PostgreSQL tools, and the environment with the password."""
    from sqlalchemy.engine import make_url

    u = make_url(normalise_url(url))
    args = []
    if u.host:
        args += ["--host", u.host]
    if u.port:
        args += ["--port", str(u.port)]
    if u.username:
        args += ["--username", u.username]
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    args += ["--dbname", u.database or "postgres"]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise MissingDependencyError(
            name,
            _(
                "Installer le client PostgreSQL de la version du serveur (Debian : "
                "apt install postgresql-client-15)."
            ),
        )
    return found


def _pg_dump(url: str, tmp: Path) -> None:
    args, env = _libpq(url)
    done = subprocess.run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(tmp), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=PG_TIMEOUT_S,
        check=False,
    )
    if done.returncode != 0:
        raise BackupError(
            _("pg_dump a échoué : {reason} ; rien n'a été écrit.").format(
                reason=_last_line(done.stderr)
            )
        )


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return re.sub(r"password=\S+", "password=***", lines[-1] if lines else "?")[:300]


# ---------------------------------------------------------------- restore


def restore(url: str, path: Path, *, allow_older: bool = False) -> BackupInfo:
    """Restore ``path`` into the database at ``url``, after the checks of the module's
    docstring; nothing is written when one fails."""
    info = inspect_backup(path.expanduser())
    target = "postgresql" if _is_postgres(url) else "sqlite"
    if info.kind != target:
        raise BackupError(
            _(
                "{path} est une sauvegarde {kind} ; la base cible est {target} : attendu une "
                "sauvegarde du même type de base (`proxisante db backup` sur celle-ci). Rien "
                "n'a été restauré."
            ).format(path=str(path), kind=info.kind, target=target)
        )
    order = _order()
    unknown = info.revisions - set(order)
    if unknown:
        raise BackupError(
            _(
                "{path} vient d'une version plus récente de ProxiSanté (révision {rev}, inconnue "
                "ici ; cette version va jusqu'à {head}) : restaurez-la avec la version qui l'a "
                "faite. Rien n'a été restauré."
            ).format(path=str(path), rev=_names(unknown), head=max(order, key=order.__getitem__))
        )
    current = _current(url)
    newer = current - set(order)
    if newer or (_rank(current, order) > _rank(info.revisions, order) and not allow_older):
        raise BackupError(
            _(
                "La base est à la révision {current}, plus récente que celle de la sauvegarde "
                "{path} ({rev}) : la restaurer remettrait un schéma plus ancien. Restaurez-la "
                "dans une base vide puis lancez `proxisante db upgrade`, ou ajoutez "
                "--allow-older si c'est voulu. Rien n'a été restauré."
            ).format(current=_names(current), path=str(path), rev=_names(info.revisions))
        )
    if target == "postgresql":
        _pg_restore(url, info.path)
    else:
        _sqlite_restore(url, info.path)
    return info


def _current(url: str) -> set[str]:
    from sqlalchemy.exc import SQLAlchemyError

    from proxisante.store.migrate import current_heads

    try:
        return current_heads(url)
    except SQLAlchemyError:
        raise BackupError(
            _(
                "Base de données injoignable ({where}) ; attendu une base PostgreSQL ou SQLite "
                "accessible (PROXISANTE_DATABASE_URL). Rien n'a été restauré."
            ).format(where=url.split("@")[-1])
        ) from None


def _sqlite_restore(url: str, path: Path) -> None:
    target = _sqlite_file(url)
    src = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)  # one transaction on the target: all pages, or none
    finally:
        dst.close()
        src.close()
    secure_sqlite_files(url)


# Run first, in the restore's transaction: the tables of the database go, those of the backup
# come back (a database at a newer schema may hold tables the backup does not know).
_DROP_TABLES = """
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
    EXECUTE 'DROP TABLE IF EXISTS public.' || quote_ident(r.tablename) || ' CASCADE';
  END LOOP;
END $$;
"""


def _pg_restore(url: str, path: Path) -> None:
    """The backup as an SQL script (``pg_restore --file``, checked whole), then run by ``psql``
    in one transaction after dropping the current tables: all or nothing."""
    import tempfile

    args, env = _libpq(url)
    with tempfile.TemporaryDirectory(prefix="proxisante-restore-") as folder:
        script = Path(folder) / "restore.sql"  # the folder is 0700: the script holds the data
        script.write_text(_DROP_TABLES, encoding="utf-8")
        with script.open("a", encoding="utf-8") as out:
            done = subprocess.run(
                [_tool("pg_restore"), "--no-owner", "--file=-", str(path)],
                stdout=out,
                stderr=subprocess.PIPE,
                text=True,
                timeout=PG_TIMEOUT_S,
                check=False,
            )
        if done.returncode != 0:
            raise BackupError(
                _("pg_restore a échoué : {reason} ; la base est restée telle qu'elle était.")
                .format(reason=_last_line(done.stderr))
            )  # fmt: skip
        done = subprocess.run(
            [_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
             "--set", "ON_ERROR_STOP=1", "--file", str(script), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=PG_TIMEOUT_S,
            check=False,
        )  # fmt: skip
    if done.returncode != 0:
        raise BackupError(
            _("La restauration a échoué : {reason} ; la base est restée telle qu'elle était.")
            .format(reason=_last_line(done.stderr))
        )  # fmt: skip
