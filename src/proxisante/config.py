"""Settings, read once at the edge (the CLI, the web app factory) and passed down as values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = Path.home() / ".local" / "share" / "proxisante"


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default.

    ``home``: folder of the local store (imported files, the embedded SQLite database);
    environment variable ``PROXISANTE_HOME``, default ``~/.local/share/proxisante``.
    ``database_url``: SQLAlchemy URL; ``PROXISANTE_DATABASE_URL``, default an SQLite file in
    ``home``. ``lang``: language of user-facing text (fr, de, en); ``PROXISANTE_LANG``, default fr.
    """

    home: Path
    database_url: str
    lang: str = "fr"

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        home = Path(environ.get("PROXISANTE_HOME") or DEFAULT_HOME)
        url = environ.get("PROXISANTE_DATABASE_URL") or f"sqlite:///{home / 'proxisante.db'}"
        lang = environ.get("PROXISANTE_LANG", "fr")
        return cls(home=home, database_url=url, lang=lang)
