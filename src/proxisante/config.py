"""Settings, read once at the edge (the CLI, the web app factory) and passed down as values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from proxisante.errors import UserError
from proxisante.i18n import _

DEFAULT_HOME = Path.home() / ".local" / "share" / "proxisante"


@dataclass(frozen=True)
class SmtpSettings:
    """The e-mail server of the notifications (``PROXISANTE_SMTP_*``, see
    :mod:`proxisante.notify.smtp`), read here so that the settings import no core package."""

    host: str
    port: int = 25
    sender: str = "ProxiSanté <ne-pas-repondre@localhost>"
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout_s: int = 10

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> SmtpSettings | None:
        """The settings, or None when ``PROXISANTE_SMTP_HOST`` is not set."""
        host = environ.get("PROXISANTE_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=_port(environ.get("PROXISANTE_SMTP_PORT", "").strip() or "25"),
            sender=environ.get("PROXISANTE_SMTP_FROM") or cls.sender,
            username=environ.get("PROXISANTE_SMTP_USER") or None,
            password=environ.get("PROXISANTE_SMTP_PASSWORD") or None,
            starttls=environ.get("PROXISANTE_SMTP_STARTTLS", "") in {"1", "true", "yes"},
            timeout_s=_port(environ.get("PROXISANTE_SMTP_TIMEOUT_S", "").strip() or "10", 600),
        )


def _port(text: str, top: int = 65535) -> int:
    if not text.isdigit() or not 1 <= int(text) <= top:
        raise UserError(
            _("réglage SMTP {v} invalide : attendu un nombre entier de 1 à {top}").format(
                v=repr(text[:20]), top=top
            )
        )
    return int(text)


@dataclass(frozen=True)
class Settings:
    """Every setting, with its default.

    ``home``: folder of the local store (imported files, the embedded SQLite database);
    environment variable ``PROXISANTE_HOME``, default ``~/.local/share/proxisante``.
    ``database_url``: SQLAlchemy URL; ``PROXISANTE_DATABASE_URL``, default an SQLite file in
    ``home``. ``lang``: language of user-facing text (fr, de, en); ``PROXISANTE_LANG``, default fr.
    ``smtp``: e-mail server of the notifications (``PROXISANTE_SMTP_*``, see
    :class:`SmtpSettings`); None: e-mails wait in the outbox.
    ``tick_interval_s``: how often ``serve`` expires overdue proposals, passes them on and sends
    the outbox (``PROXISANTE_TICK_INTERVAL_S``, default 60; 0 switches the task off).
    ``outbox_lease_s``: how long a dispatcher holds a message before another may take it over
    (``PROXISANTE_OUTBOX_LEASE_S``, default 60).
    ``demo_clock_file``: ``serve --demo`` only: a file holding a number of seconds added to the
    clock, to make time pass in a demonstration or an end-to-end test
    (``PROXISANTE_DEMO_CLOCK_FILE``; ignored without ``--demo``).
    ``trusted_proxies``: addresses (or networks) of the reverse proxy whose ``X-Forwarded-For``
    and ``X-Forwarded-Proto`` ``serve`` believes (``PROXISANTE_TRUSTED_PROXIES``, comma-separated;
    none by default: the headers are ignored, whoever sends them).
    ``log_format``: ``text`` (default) or ``json``, one JSON object per line
    (``PROXISANTE_LOG_FORMAT``).
    ``metrics_token``: the bearer token that ``/metrics`` asks for (``PROXISANTE_METRICS_TOKEN``);
    without one ``/metrics`` answers 404.
    ``publisher``, ``publisher_contact``, ``host_provider``: the legal notice of this instance
    (``/mentions-legales``): who publishes it (name and address of the structure that runs it,
    ``PROXISANTE_PUBLISHER``), how to reach them (``PROXISANTE_PUBLISHER_CONTACT``, an e-mail or
    postal address, also the contact of the accessibility statement) and who hosts it
    (``PROXISANTE_HOST_PROVIDER``: name, address, HDS certification). Empty: the page says so.
    ``heavy_max_communes``, ``heavy_concurrency``, ``heavy_timeout_s``: the web's limits on heavy
    computations (workbench scenarios and siting, diagnostics not yet cached): largest area in
    communes (``PROXISANTE_HEAVY_MAX_COMMUNES``, default 1500; the country and régions are
    always refused), computations at once per worker (``PROXISANTE_HEAVY_CONCURRENCY``, default
    2) and seconds before a 503 (``PROXISANTE_HEAVY_TIMEOUT_S``, default 60); see
    ``docs/explanation/heavy-requests.md``.
    """

    home: Path
    database_url: str
    lang: str = "fr"
    smtp: SmtpSettings | None = None
    tick_interval_s: float = 60.0
    outbox_lease_s: float = 60.0
    demo_clock_file: Path | None = None
    trusted_proxies: tuple[str, ...] = ()
    log_format: str = "text"
    metrics_token: str | None = None
    publisher: str = ""
    publisher_contact: str = ""
    host_provider: str = ""
    heavy_max_communes: int = 1500
    heavy_concurrency: int = 2
    heavy_timeout_s: float = 60.0

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
            trusted_proxies=check_proxies(environ.get("PROXISANTE_TRUSTED_PROXIES", "")),
            log_format=_log_format(environ.get("PROXISANTE_LOG_FORMAT", "")),
            metrics_token=environ.get("PROXISANTE_METRICS_TOKEN", "").strip() or None,
            publisher=environ.get("PROXISANTE_PUBLISHER", "").strip()[:500],
            publisher_contact=environ.get("PROXISANTE_PUBLISHER_CONTACT", "").strip()[:200],
            host_provider=environ.get("PROXISANTE_HOST_PROVIDER", "").strip()[:500],
            heavy_max_communes=_count(environ, "PROXISANTE_HEAVY_MAX_COMMUNES", 1500, 100_000),
            heavy_concurrency=_count(environ, "PROXISANTE_HEAVY_CONCURRENCY", 2, 64),
            heavy_timeout_s=_seconds(environ, "PROXISANTE_HEAVY_TIMEOUT_S", 60.0) or 60.0,
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


def _count(environ: Mapping[str, str], name: str, default: int, most: int) -> int:
    text = environ.get(name, "").strip()
    if not text:
        return default
    value = int(text) if text.isdigit() else 0
    if not 1 <= value <= most:
        from proxisante.errors import UserError
        from proxisante.i18n import _

        raise UserError(
            _("{name}={v} : attendu un nombre entier de 1 à {most}.").format(
                name=name, v=repr(text[:20]), most=most
            )
        )
    return value


def check_proxies(text: str, name: str = "PROXISANTE_TRUSTED_PROXIES") -> tuple[str, ...]:
    """Addresses or networks (``127.0.0.1``, ``10.0.0.0/8``, ``::1``), comma-separated.

    >>> check_proxies(" 127.0.0.1, 172.18.0.0/16 ")
    ('127.0.0.1', '172.18.0.0/16')
    """
    import ipaddress

    out = []
    for item in (x.strip() for x in text.split(",")):
        if not item:
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            from proxisante.errors import UserError
            from proxisante.i18n import _

            raise UserError(
                _(
                    "{name} : {v} n'est pas une adresse IP ; attendu l'adresse du proxy inverse "
                    "ou son réseau, p. ex. 127.0.0.1 ou 172.18.0.0/16 (jamais « * »)."
                ).format(name=name, v=repr(item[:40]))
            ) from None
        out.append(item)
    return tuple(out)


def _log_format(text: str) -> str:
    value = text.strip().lower() or "text"
    if value not in ("text", "json"):
        from proxisante.errors import UserError
        from proxisante.i18n import _

        raise UserError(
            _("PROXISANTE_LOG_FORMAT={v} : attendu text ou json.").format(v=repr(text[:20]))
        )
    return value
