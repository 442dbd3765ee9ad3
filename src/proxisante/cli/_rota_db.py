"""``proxisante rota publish`` and ``proxisante rota swap …``: a rota published in the database.

``proxisante rota publish INPUT.yaml --territory ID [--rota ROTA.csv] [--doctor D1=12 …]``
stores a rota (solved here, or the CSV made elsewhere, checked against every hard rule) for
territory ``ID``; ``proxisante rota swap list --rota N``, ``swap propose --rota N --shift S
--to D2 [--from D1] [--in-return S2]``, ``swap accept --rota N --swap K [--by D2]`` and
``swap refuse …`` act on it as the coordination of its territory (the ``operator``): the same
service as the web, the same hard-rule checks and audit events. The database is
``PROXISANTE_DATABASE_URL``, brought up to date by ``proxisante db upgrade``. A shift, doctor,
rota or swap that does not exist → exit 2 with a French message.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from proxisante.config import Settings
from proxisante.i18n import _

if TYPE_CHECKING:
    from proxisante.rota.service import RotaService


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pub = sub.add_parser("publish", help=_("publier un tableau de garde dans la base"))
    pub.add_argument("input", metavar="INPUT.yaml")
    pub.add_argument("--territory", required=True, metavar="ID", help=_("territoire du registre"))
    pub.add_argument("--rota", metavar="ROTA.csv", help=_("tableau fait ailleurs (sinon calculé)"))
    pub.add_argument(
        "--doctor",
        action="append",
        default=[],
        metavar="D1=N",
        help=_("lier le médecin D1 au professionnel n° N du registre (répétable)"),
    )
    pub.add_argument("--time-limit", type=float, default=60.0, metavar="S")
    pub.add_argument("--json", action="store_true")
    pub.set_defaults(func=run_publish)

    swap = sub.add_parser("swap", help=_("échanges de gardes d'un tableau publié"))
    actions = swap.add_subparsers(dest="swap_command", metavar="ACTION", required=True)
    ls = actions.add_parser("list", help=_("lister les échanges"))
    ls.add_argument("--rota", type=int, required=True, metavar="N")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=run_list)
    pro = actions.add_parser("propose", help=_("proposer un échange (règles vérifiées)"))
    pro.add_argument("--rota", type=int, required=True, metavar="N")
    pro.add_argument("--shift", required=True, metavar="S", help=_("ex. S1/2027-01-02/nuit"))
    pro.add_argument("--to", required=True, metavar="D2", help=_("médecin qui reçoit la garde"))
    pro.add_argument("--from", dest="from_doctor", metavar="D1", help=_("(défaut : son titulaire)"))
    pro.add_argument("--in-return", metavar="S2", help=_("garde de D2 prise en retour"))
    pro.add_argument(
        "--confirm",
        action="store_true",
        help=_("envoyer même si l'échange dépasse le seuil d'alerte d'équité du secteur"),
    )
    pro.add_argument("--json", action="store_true")
    pro.set_defaults(func=run_propose)
    for name, helptext in (
        ("accept", _("accepter un échange")),
        ("refuse", _("refuser un échange")),
    ):
        act = actions.add_parser(name, help=helptext)
        act.add_argument("--rota", type=int, required=True, metavar="N")
        act.add_argument("--swap", type=int, required=True, metavar="K")
        act.add_argument("--by", metavar="D2", help=_("(défaut : le médecin à qui il est proposé)"))
        act.add_argument("--json", action="store_true")
        act.set_defaults(func=run_answer, accept=name == "accept")


@contextmanager
def _service(settings: Settings, commit: bool) -> Iterator[RotaService]:
    from proxisante.bootstrap.services import rota_service
    from proxisante.cli._rota_input import utc_now
    from proxisante.store.db import make_engine, make_session_factory
    from proxisante.store.migrate import require_current

    require_current(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        with make_session_factory(engine)() as db:
            yield rota_service(db, clock=utc_now)
            if commit:
                db.commit()
    finally:
        engine.dispose()


def _actor(territory: str | None = None) -> Any:
    from proxisante.actor import Actor

    return Actor.operator(territory)


def _links(values: list[str]) -> dict[str, int | None]:
    from proxisante.rota._errors import RotaInputError

    out: dict[str, int | None] = {}
    for v in values:
        doctor, _sep, number = v.partition("=")
        if not doctor or not number.isdigit():
            raise RotaInputError("--doctor", [_("attendu D1=N (reçu : {value})").format(value=v)])
        out[doctor] = int(number)
    return out


def run_publish(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._output import print_json
    from proxisante.cli._rota_input import read_text
    from proxisante.rota.export import read_rota_csv
    from proxisante.rota.input import EXAMPLE

    description = read_text(args.input, _("fichier de description du tableau de garde"), EXAMPLE)
    given = None
    if args.rota:
        text = read_text(args.rota, _("tableau de garde CSV"), "secteur,date,type,medecin_id")
        given = [a for _line, a in read_rota_csv(text, source=args.rota)]
    with _service(settings, commit=True) as service:
        rota_id = service.publish(
            _actor(args.territory),
            args.territory,
            description,
            assignments=given,
            doctors=_links(args.doctor),
            time_limit_s=args.time_limit,
        )
    if args.json:
        from proxisante.rota.schemas import PublishedOut

        print_json(PublishedOut(id=rota_id, territory=args.territory).model_dump(mode="json"))
    else:
        sys.stdout.write(_("Tableau de garde n° {id} publié.").format(id=rota_id) + "\n")
    return 0


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._output import print_json
    from proxisante.rota.schemas import SwapOut

    with _service(settings, commit=False) as service:
        swaps = service.swaps(_actor(), args.rota)
    if args.json:
        print_json([SwapOut.of(s).model_dump(mode="json") for s in swaps])
        return 0
    for s in swaps:
        back = f" ⇄ {s.in_return}" if s.in_return else ""
        sys.stdout.write(
            f"{s.id}\t{s.shift_id}{back}\t{s.from_doctor} → {s.to_doctor}\t{s.status}\n"
        )
    return 0


def _outcome(o: Any, as_json: bool, head: str) -> None:
    from proxisante.cli._output import print_json
    from proxisante.rota.schemas import SwapOutcomeOut

    if as_json:
        print_json(SwapOutcomeOut.of(o).model_dump(mode="json"))
        return
    sys.stdout.write(head + "\n")
    line = _("Écart de charge du secteur {sector} : {before} avant, {after} après.")
    sys.stdout.write(
        line.format(
            sector=o.before.sector,
            before=f"{o.before.load_spread:g}",
            after=f"{o.after.load_spread:g}",
        )
        + "\n"
    )


def run_propose(args: argparse.Namespace, settings: Settings) -> int:
    with _service(settings, commit=True) as service:
        o = service.propose(
            _actor(),
            args.rota,
            shift_id=args.shift,
            to_doctor=args.to,
            in_return=args.in_return,
            from_doctor=args.from_doctor,
            confirm=args.confirm,
        )
    _outcome(o, args.json, _("Échange n° {id} proposé.").format(id=o.swap.id))
    return 0


def run_answer(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.cli._output import print_json
    from proxisante.rota.schemas import SwapOut

    with _service(settings, commit=True) as service:
        if args.accept:
            o = service.accept(_actor(), args.rota, args.swap, by=args.by)
            _outcome(o, args.json, _("Échange n° {id} accepté.").format(id=args.swap))
            return 0
        s = service.refuse(_actor(), args.rota, args.swap, by=args.by)
    if args.json:
        print_json(SwapOut.of(s).model_dump(mode="json"))
    else:
        sys.stdout.write(_("Échange n° {id} refusé.").format(id=args.swap) + "\n")
    return 0
