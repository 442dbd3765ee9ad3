"""``proxisante serve``: the web app (API + pages); ``--demo`` adds a fictitious CPTS."""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from typing import Any

from proxisante.config import Settings
from proxisante.errors import MissingDependencyError, UserError
from proxisante.i18n import _

MAX_WORKERS = 64
DEMO_ENV = "PROXISANTE_SERVE_DEMO"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("serve", help=_("lancer l'application web"))
    parser.add_argument("--host", default="127.0.0.1", help=_("adresse d'écoute (127.0.0.1)"))
    parser.add_argument("--port", type=int, default=8000, help=_("port d'écoute (8000)"))
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help=_(
            "processus de travail (workers uvicorn, chacun avec ses propres "
            "connexions à la base ; 1)"
        ),
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help=_(
            "utiliser une base de démonstration séparée avec une CPTS FICTIVE dans "
            "CA Vichy Communauté (communes réelles, professionnels et patients "
            "fictifs, identifiants de démonstration sur la page de connexion)"
        ),
    )
    parser.add_argument(
        "--allow-remote-demo",
        action="store_true",
        help=_(
            "laisser --demo écouter sur un --host autre que la boucle locale (ses "
            "identifiants sont affichés sur la page de connexion : quiconque "
            "l'atteint est connecté)"
        ),
    )
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        metavar="ADDR",
        help=_(
            "adresse (ou réseau) du proxy inverse dont les en-têtes X-Forwarded-For et "
            "X-Forwarded-Proto sont crus ; répéter pour en ajouter (défaut : "
            "PROXISANTE_TRUSTED_PROXIES, sinon aucun : ces en-têtes sont ignorés)"
        ),
    )
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        help=_(
            "journaux en texte ou en JSON, un objet par ligne (défaut : "
            "PROXISANTE_LOG_FORMAT, sinon text)"
        ),
    )
    parser.set_defaults(func=run_serve)


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def check_demo_host(host: str, allow_remote: bool) -> None:
    if not allow_remote and not is_loopback(host):
        raise UserError(
            _(
                "--host {host} refusé avec --demo : la démonstration affiche ses identifiants "
                "sur la page de connexion, elle n'écoute que sur la boucle locale (127.0.0.1, "
                "::1, localhost). Ajoutez --allow-remote-demo pour l'exposer quand même."
            ).format(host=repr(host))
        )


def demo_communes(area: str = "200071363") -> list[Any]:
    """The real communes of an area from the embedded bundle: CA Vichy Communauté (SIREN
    200071363), or the Valais district of the Valais demo."""
    from proxisante.registry.demo import DemoCommune
    from proxisante.territory import load_territory

    terr = load_territory()
    codes = terr.communes_in(area)
    table = terr.communes.loc[codes]
    return [
        DemoCommune(
            code=str(code),
            name=str(row["name"]),
            lon=float(row["lon"]),
            lat=float(row["lat"]),
            population=int(row["population"] or 0),
        )
        for code, row in table.iterrows()
    ]


def demo_database(settings: Settings) -> Settings:
    """The settings of the demo database (``demo.db`` in ``PROXISANTE_HOME``), created and
    brought up to date on first use, with its fictitious CPTS and demo logins."""
    from proxisante.store.db import private_dir
    from proxisante.store.migrate import upgrade

    demo_settings = replace(settings, database_url=f"sqlite:///{settings.home / 'demo.db'}")
    private_dir(settings.home)  # 0700: the demo database holds logins (security.md)
    upgrade(demo_settings.database_url)
    _create_demo(demo_settings)
    return demo_settings


def _create_demo(demo_settings: Settings) -> list[Any]:
    from datetime import UTC, datetime

    from proxisante.accounts.passwords import hash_password
    from proxisante.accounts.totp import new_totp_secret
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.registry.demo import (
        VALAIS_DISTRICT,
        create_demo,
        create_valais_demo,
        demo_accounts,
    )

    engine = make_engine(demo_settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
            create_demo(
                session,
                communes=demo_communes(),
                now=now,
                hash_password=hash_password,
                new_totp_secret=new_totp_secret,
            )
            create_valais_demo(
                session,
                communes=demo_communes(VALAIS_DISTRICT),
                now=now,
                hash_password=hash_password,
                new_totp_secret=new_totp_secret,
            )
            accounts: list[Any] = demo_accounts(session)
    finally:
        engine.dispose()
    return accounts


def prepare_demo(settings: Settings) -> tuple[Settings, dict[str, object]]:
    """Create (once) the demo database and return its settings and the demo logins."""
    from proxisante.store.db import make_engine, make_session_factory, transaction
    from proxisante.store.migrate import upgrade

    demo_settings = replace(settings, database_url=f"sqlite:///{settings.home / 'demo.db'}")
    upgrade(demo_settings.database_url)
    accounts = _create_demo(demo_settings)
    engine = make_engine(demo_settings.database_url)
    try:
        with transaction(make_session_factory(engine)) as session:
            publish_demo_slots(session, [c.code for c in demo_communes()])
            publish_demo_rotas(session)
    finally:
        engine.dispose()
    return demo_settings, {"accounts": accounts}


def publish_demo_slots(session: Any, communes: list[str]) -> None:
    """Fictitious free slots over the next two days (published again at each start)."""
    from datetime import UTC, datetime

    from proxisante.actor import Actor
    from proxisante.slots.demo import demo_slots
    from proxisante.slots.service import SlotService
    from proxisante.store.registry.demo import DEMO_TERRITORY
    from proxisante.store.slots import SqlSlotAudit, SqlSlotRepository

    now = datetime.now(UTC).replace(microsecond=0)
    schedules, drafts = demo_slots(communes, now)
    service = SlotService(SqlSlotRepository(session), SqlSlotAudit(session), lambda: now)
    service.publish(Actor.operator(DEMO_TERRITORY), schedules, drafts, via="demo")


def publish_demo_rotas(session: Any) -> None:
    """The demo's rota of on-call shifts (its fictitious doctors linked to their demo logins),
    for this month and the next two; published again when the one stored has ended. Another
    demo territory adds its own ``publish_demo_rota`` call here."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from proxisante.store.registry.demo import DEMO_TERRITORY, VALAIS_TERRITORY
    from proxisante.store.rota.demo import publish_demo_rota

    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Paris")).date()
    publish_demo_rota(session, territory_id=DEMO_TERRITORY, today=today, label="Vichy Communauté")
    # The Valais demo (district of Visp): Valais holidays, German pages; its six doctors in one
    # sector (two sectors of three could not cover every night with the rest rules).
    publish_demo_rota(
        session,
        territory_id=VALAIS_TERRITORY,
        today=today,
        label="Bezirk Visp",
        country="CH",
        sectors=1,
    )


def demo_clock(path: Any) -> Any:
    """The demo's clock: real time plus the number of seconds written in ``path``
    (``PROXISANTE_DEMO_CLOCK_FILE``, honoured with ``--demo`` only), so that a test or a
    demonstration can make days pass. None without a file: the real clock."""
    if path is None:
        return None
    from datetime import timedelta
    from pathlib import Path

    from proxisante.web.app import utc_now

    file = Path(path)

    def now() -> Any:
        try:
            offset = float(file.read_text(encoding="utf-8").strip() or 0)
        except (OSError, ValueError):
            offset = 0.0
        return utc_now() + timedelta(seconds=offset)

    return now


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - uvicorn is a declared dependency
        raise MissingDependencyError(
            "uvicorn", _("L'installer avec `pip install uvicorn`.")
        ) from None
    from proxisante.config import check_proxies
    from proxisante.store.migrate import upgrade
    from proxisante.web.app import create_app

    proxies = (
        check_proxies(",".join(args.trusted_proxy), "--trusted-proxy")
        if args.trusted_proxy
        else settings.trusted_proxies
    )
    log_format = args.log_format or settings.log_format
    if not 1 <= args.workers <= MAX_WORKERS:
        raise UserError(
            _("--workers {n} : attendu un nombre de processus de 1 à {max}.").format(
                n=args.workers, max=MAX_WORKERS
            )
        )
    demo = None
    clock = None
    if args.demo:
        check_demo_host(args.host, args.allow_remote_demo)
        settings, demo = prepare_demo(settings)
        print(
            _(
                "Démonstration fictive : {url} (identifiants affichés sur la page de connexion)."
            ).format(url=f"http://{args.host}:{args.port}/login"),
            flush=True,
        )
        clock = demo_clock(settings.demo_clock_file)
    else:
        upgrade(settings.database_url)
    from proxisante.access.providers import build_provider
    from proxisante.registry.travel_provider import from_provider
    from proxisante.web.app import utc_now

    options = server_options(proxies, log_format)
    if "log_config" in options:
        import logging.config

        logging.config.dictConfig(options["log_config"])
    _announce(args, proxies)
    if args.workers > 1:
        # Each worker builds its app from the environment (uvicorn starts them by import).
        os.environ["PROXISANTE_DATABASE_URL"] = settings.database_url
        os.environ[DEMO_ENV] = "1" if demo is not None else ""
        metrics_dir(settings)  # the workers add up their counters there (web/ops.py)
        uvicorn.run(
            "proxisante.cli.serve:worker_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            **options,
        )
        return 0
    provider = build_provider("estimate", settings.home)  # the app's one provider
    app = create_app(
        settings,
        demo=demo,
        travel=from_provider(provider),
        provider=provider,
        background=True,
        clock=clock or utc_now,
    )
    uvicorn.run(app, host=args.host, port=args.port, **options)
    return 0


def server_options(proxies: tuple[str, ...], log_format: str) -> dict[str, Any]:
    """uvicorn's options: forwarded headers believed only from ``proxies`` (none: ignored,
    whoever sends them, the loopback included), and the logging configuration."""
    from proxisante.web.logs import logging_config

    options: dict[str, Any] = {"log_level": "warning", "proxy_headers": bool(proxies)}
    if proxies:
        options["forwarded_allow_ips"] = ",".join(proxies)
    if log_format == "json":
        options["log_config"] = logging_config("json")
    return options


def _announce(args: argparse.Namespace, proxies: tuple[str, ...]) -> None:
    import logging

    logging.getLogger("proxisante.serve").info(
        "serving on %s:%d, %d worker(s), forwarded headers trusted from: %s",
        args.host,
        args.port,
        args.workers,
        ", ".join(proxies) or "nobody",
    )


def metrics_dir(settings: Settings) -> None:
    """``PROMETHEUS_MULTIPROC_DIR`` for the workers: a private folder in ``PROXISANTE_HOME``,
    emptied of a previous run's files (unless the operator set the variable)."""
    from proxisante.store.db import private_dir
    from proxisante.web.ops import MULTIPROC_ENV

    if os.environ.get(MULTIPROC_ENV):
        return
    folder = settings.home / "metrics"
    private_dir(folder)
    for old in folder.glob("*.db"):
        old.unlink()
    os.environ[MULTIPROC_ENV] = str(folder)


def worker_app() -> Any:
    """The app of one worker of ``serve --workers N`` (settings from the environment the
    parent prepared: the database, and whether it is the demo)."""
    from proxisante.access.providers import build_provider
    from proxisante.registry.travel_provider import from_provider
    from proxisante.store.db import make_engine, make_session_factory
    from proxisante.store.registry.demo import demo_accounts
    from proxisante.web.app import create_app, utc_now

    settings = Settings.from_environ(os.environ)
    demo: dict[str, object] | None = None
    clock = None
    if os.environ.get(DEMO_ENV) == "1":
        engine = make_engine(settings.database_url)
        try:
            with make_session_factory(engine)() as session:
                demo = {"accounts": demo_accounts(session)}
        finally:
            engine.dispose()
        clock = demo_clock(settings.demo_clock_file)
    provider = build_provider("estimate", settings.home)  # the worker's one provider
    return create_app(
        settings,
        demo=demo,
        travel=from_provider(provider),
        provider=provider,
        background=True,
        clock=clock or utc_now,
    )
