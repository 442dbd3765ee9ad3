"""``proxisante territory show|search``."""

from __future__ import annotations

import argparse
from typing import Any

from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _


def register(sub: Any) -> None:
    p = sub.add_parser("territory", help="areas: show one, search by name")
    tsub = p.add_subparsers(dest="territory_command", metavar="ACTION", parser_class=type(p))
    tsub.required = True

    show = tsub.add_parser("show", help="key figures of an area")
    show.add_argument(
        "code",
        metavar="CODE",
        help="03310 (commune), 200071363 (EPCI SIREN), dep:03, reg:84, fr, ch:6266, "
        "ch-district:2312, ch-region:bas-valais, ch-canton:VS",
    )
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(func=run_show)

    search = tsub.add_parser("search", help="find areas by name (accents and case ignored)")
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help="machine-readable output")
    search.set_defaults(func=run_search)


def _fmt(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, int):
        return f"{x:,}".replace(",", "\u202f")
    if isinstance(x, float):
        return f"{x:,.2f}".replace(",", "\u202f").replace(".", ",")
    return str(x)


def run_show(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.territory import load_territory
    from proxisante.territory.summary import summarise

    info = summarise(load_territory(), args.code)
    if args.json:
        print_json(info)
        return 0
    parents = " › ".join(p["name"] for p in info["parents"]) or "—"
    lines = [
        f"{info['name']} ({info['code']}) — {info['level_label']}",
        _("  rattachement      : {parents}").format(parents=parents),
        _("  population        : {x} ({population_vintage}; {population_source})").format(
            x=_fmt(info["population"]),
            population_vintage=info["population_vintage"],
            population_source=info["population_source"],
        ),
        _("  communes          : {x}").format(x=_fmt(info["communes"])),
        _("  superficie        : {x} km² — densité {x2} hab./km²").format(
            x=_fmt(info["area_km2"]), x2=_fmt(info["density_per_km2"])
        ),
        _("  généralistes lib. : {x} ({x2} pour 10 000 hab.) — {gp_liberal_source}").format(
            x=_fmt(info["gp_liberal"]),
            x2=_fmt(info["gp_liberal_per_10000"]),
            gp_liberal_source=info["gp_liberal_source"],
        ),
        _("  APL 2023 (DREES)  : {x} consultations/an/hab. standardisé").format(
            x=_fmt(info.get("apl_2023"))
        ),
    ]
    dep = info.get("departement_figures")
    if dep:
        per = dep["per_10000"]
        lines += [
            f"  {dep['label']} :",
            _("    généralistes BPE : {x} (2020) → {x2} (2024), {gp_change:+d} ({x3} %)").format(
                x=_fmt(dep["gp_2020"]),
                x2=_fmt(dep["gp_2024"]),
                gp_change=dep["gp_change"],
                x3=_fmt(dep["gp_change_pct"]),
            ),
            _(
                "    pour 10 000 hab. (2024) : infirmiers {x}, pharmacies {x2}, dentistes {x3}"
            ).format(x=_fmt(per["nurses"]), x2=_fmt(per["pharmacies"]), x3=_fmt(per["dentists"])),
        ]
    print("\n".join(lines))
    return 0


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    if not args.text.strip():
        raise UserError(
            _(
                "TEXTE est vide : donner une partie d'un nom, "
                "p. ex. `proxisante territory search vichy`."
            )
        )
    from proxisante.territory import load_territory

    hits = load_territory().search(args.text, limit=args.limit)
    if args.json:
        print_json(hits)
        return 0
    if not hits:
        print(_("Aucun territoire ne correspond à « {text} ».").format(text=args.text))
        return 0
    for h in hits:
        parent = f" — {h['parent_name']}" if h["parent_name"] else ""
        print(f"{h['code']:<22} {h['name']} ({h['level']}){parent}")
    return 0
