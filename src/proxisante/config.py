"""Settings, read once at the edge (the CLI, the web app factory) and passed down as values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from proxisante.notify.smtp import SmtpSettings

DEFAULT_HOME = Path.home() / ".local" / "share" / "proxisante"


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default.

    ``home``: folder of the local store (imported files, the embedded SQLite database);
    environment variable ``PROXISANTE_HOME``, default ``~/.local/share/proxisante``.
    ``database_url``: SQLAlchemy URL; ``PROXISANTE_DATABASE_URL``, default an SQLite file in
    ``home``. ``lang``: language of user-facing text (fr, de, en); ``PROXISANTE_LANG``, default fr.
    ``smtp``: e-mail server of the notifications (``PROXISANTE_SMTP_*``, see
    :mod:`proxisante.notify.smtp`); None: e-mails wait in the outbox.
    ``tick_interval_s``: how often ``serve`` expires overdue proposals, passes them on and sends
    the outbox (``PROXISANTE_TICK_INTERVAL_S``, default 60; 0 switches the task off).
    ``outbox_lease_s``: how long a dispatcher holds a message before another may take it over
    (``PROXISANTE_OUTBOX_LEASE_S``, default 60).
    ``demo_clock_file``: ``serve --demo`` only: a file holding a number of seconds added to the
    clock, to make time pass in a demonstration or an end-to-end test
    (``PROXISANTE_DEMO_CLOCK_FILE``; ignored without ``--demo``).
    """

    home: Path
    database_url: str
    lang: str = "fr"
    smtp: SmtpSettings | None = None
    tick_interval_s: float = 60.0
    outbox_lease_s: float = 60.0
    demo_clock_file: Path | None = None

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> Settings:
        home = Path(environ.get("PROXISANTE_HOME") or DEFAULT_HOME)
        url = environ.get("PROXISANTE_DATABASE_URL") or f"sqlite:///{home / 'proxisante.db'}"
        lang = environ.get("PROXISANTE_LANG", "fr")
        return cls(
            home=home,
            database_url=url,
            lang=lang,
            smtp=SmtpSettings.from_environ(environ),
            tick_interval_s=_seconds(environ, "PROXISANTE_TICK_INTERVAL_S", 60.0),
            outbox_lease_s=_seconds(environ, "PROXISANTE_OUTBOX_LEASE_S", 60.0),
            demo_clock_file=Path(c) if (c := environ.get("PROXISANTE_DEMO_CLOCK_FILE")) else None,
        )


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        from proxisante.errors import UserError
        from proxisante.i18n import _

        raise UserError(
            _("{name}={v} : attendu un nombre de secondes de 0 à 86400.").format(
                name=name, v=repr(text[:20])
            )
        )
    return value
