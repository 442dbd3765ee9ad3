"""``proxisante registry tick``: for cron — expire overdue proposals, pass their patients on to
the next professional, erase the requests closed for longer than the retention period, send the
notifications outbox. Idempotent; two at once are safe."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from typing import Any

from proxisante.config import Settings
from proxisante.i18n import _


def add_tick_parser(sub: Any) -> None:
    tick = sub.add_parser(
        "tick",
        help=_(
            "faire expirer les propositions échues, les transmettre, effacer les demandes "
            "closes au-delà de la durée de conservation, envoyer les notifications (à lancer "
            "par cron)"
        ),
    )
    tick.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    tick.set_defaults(func=run_tick_command)


def run_tick_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.bootstrap import bootstrap
    from proxisante.bootstrap.runners import run_outbox, run_registry_tick
    from proxisante.cli._registry_common import _now, _session
    from proxisante.store.notify.repository import outbox_summary

    with _session(settings, write=False):  # a clear error when the tables are missing
        pass
    root = bootstrap(settings, clock=_now)  # the run's one provider (bundle estimate)
    try:
        factory = root.session_factory
        report = run_registry_tick(factory, clock=root.clock, travel=root.travel)
        sent = run_outbox(
            factory, smtp=settings.smtp, clock=root.clock, lease_s=settings.outbox_lease_s
        )
        box = outbox_summary(factory, root.clock(), timedelta(seconds=settings.outbox_lease_s))
    finally:
        root.engine.dispose()
    if args.json:
        print(
            json.dumps(
                {
                    "territories": len(report.done),
                    "busy": list(report.busy),
                    "expired": report.expired,
                    "passed_on": report.passed_on,
                    "purged": report.purged,
                    "sent": sent.sent,
                    "to_retry": sent.retried,
                    "outbox": box,
                }
            )
        )
        return 0
    print(
        _(
            "{t} territoire(s) : {e} proposition(s) échue(s), {p} passée(s) au professionnel "
            "suivant ; {s} notification(s) envoyée(s), {r} à réessayer."
        ).format(
            t=len(report.done), e=report.expired, p=report.passed_on, s=sent.sent, r=sent.retried
        )
    )
    print(
        _(
            "Boîte d'envoi : {w} message(s) en attente, {f} abandonné(s), {c} à vérifier "
            "(remis au serveur sans son accusé de réception)."
        ).format(w=box["waiting"], f=box["failed"], c=box["to_check"])
    )
    if report.purged:
        print(
            _(
                "{n} patient(s) effacé(s) : rattachés ou retirés depuis plus que la durée de "
                "conservation (proxisante registry purge --dry-run les liste avant)."
            ).format(n=report.purged)
        )
    if report.busy:
        print(
            _("Territoires en cours de traitement ailleurs, repris au prochain passage : {ids}")
            .format(ids=", ".join(report.busy))
        )  # fmt: skip
    return 0
