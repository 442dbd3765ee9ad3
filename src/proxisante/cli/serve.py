"""``proxisante serve``: the web app (API + pages); ``--demo`` adds a fictitious CPTS."""

from __future__ import annotations

import argparse
import os
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


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - uvicorn is a declared dependency
        raise MissingDependencyError(
            "uvicorn", _("L'installer avec `pip install uvicorn`.")
        ) from None
    from proxisante.bootstrap import bootstrap
    from proxisante.bootstrap.clock import demo_clock, utc_now
    from proxisante.bootstrap.demo import prepare_demo
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
    root = bootstrap(settings, clock=clock or utc_now)  # builds the one provider
    app = create_app(settings, root=root, demo=demo, background=True)
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
    from proxisante.bootstrap import bootstrap
    from proxisante.bootstrap.clock import demo_clock, utc_now
    from proxisante.bootstrap.demo import demo_logins
    from proxisante.web.app import create_app

    settings = Settings.from_environ(os.environ)
    demo: dict[str, object] | None = None
    clock = None
    if os.environ.get(DEMO_ENV) == "1":
        demo = demo_logins(settings)
        clock = demo_clock(settings.demo_clock_file)
    root = bootstrap(settings, clock=clock or utc_now)  # builds the one provider
    return create_app(settings, root=root, demo=demo, background=True)
