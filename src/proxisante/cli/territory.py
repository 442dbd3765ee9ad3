"""``proxisante territory show|search``."""

from __future__ import annotations

import argparse
from typing import Any

from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _, get_lang


def register(sub: Any) -> None:
    p = sub.add_parser("territory", help=_("territoires : en afficher un, chercher par nom"))
    tsub = p.add_subparsers(dest="territory_command", metavar="ACTION", parser_class=type(p))
    tsub.required = True

    show = tsub.add_parser("show", help=_("chiffres clés d'un territoire"))
    show.add_argument(
        "code",
        metavar="CODE",
        help=_(
            "un code — 03310 (commune), 200071363 (SIREN d'EPCI), dep:03, reg:84, fr, "
            "ch:6266, ch-district:2312, ch-region:bas-valais, ch-canton:VS — ou un nom qui "
            "désigne un seul territoire (Sitten, Vichy)"
        ),
    )
    show.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    _lang_option(show)
    show.set_defaults(func=run_show)

    search = tsub.add_parser(
        "search",
        help=_("chercher des territoires par nom (sans tenir compte des accents ni de la casse)"),
    )
    search.add_argument("text", metavar="TEXT")
    search.add_argument("--limit", type=int, default=20)
    search.add_argument("--json", action="store_true", help=_("sortie lisible par une machine"))
    _lang_option(search)
    search.set_defaults(func=run_search)


def _lang_option(parser: Any) -> None:
    """``--lang`` after the action too (``territory show ch-district:2312 --lang de``)."""
    from proxisante.i18n import LANGS

    parser.add_argument(
        "--lang",
        default=argparse.SUPPRESS,
        choices=LANGS,
        help=_("langue des messages : fr (défaut), de ou en"),
    )


def _fmt(x: Any, decimals: int = 2) -> str:
    """A number as the reader's language writes it (Babel): ``83 990`` / ``83’990``."""
    from proxisante.i18n import format_decimal

    if x is None:
        return "—"
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str(x)
    return format_decimal(x, 0 if isinstance(x, int) else decimals)


def _signed(x: int | float, decimals: int = 0) -> str:
    return ("+" if x > 0 else "") + _fmt(x, decimals)


def _signed_percent(pct: float) -> str:
    """A change in per cent (``-5.3``) as the reader's language writes it: ``-5,3 %``."""
    from proxisante.i18n import format_percent

    return ("+" if pct > 0 else "") + format_percent(pct / 100, 1)


def run_show(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.access.providers import build_provider
    from proxisante.access.summary import summarise
    from proxisante.territory import load_territory
    from proxisante.territory.display import level_name, local_name

    terr = load_territory()
    info = summarise(terr, _resolve(terr, args.code), build_provider("estimate", settings.home))
    if args.json:
        print_json(info)
        return 0
    parents = " › ".join(local_name(p["code"], p["name"]) or p["name"] for p in info["parents"])
    lines = [
        f"{local_name(info['code'], info['name'])} ({info['code']}) — {level_name(info['level'])}",
        _("  rattachement      : {parents}").format(parents=parents or "—"),
        _("  population        : {n} ({vintage} ; {source})").format(
            n=_fmt(info["population"]),
            vintage=info["population_vintage"],
            source=_(info["population_source"]),
        ),
        _("  communes          : {n}").format(n=_fmt(info["communes"])),
        _("  superficie        : {area} km² — densité {density} hab./km²").format(
            area=_fmt(info["area_km2"], 1), density=_fmt(info["density_per_km2"], 1)
        ),
    ]
    if info.get("valais"):
        lines += _valais_lines(info["valais"])
    elif info["country"] == "FR":
        lines += [
            _("  généralistes lib. : {n} ({d} pour 10 000 hab.) — {source}").format(
                n=_fmt(info["gp_liberal"]),
                d=_fmt(info["gp_liberal_per_10000"]),
                source=_(info["gp_liberal_source"]) if info["gp_liberal_source"] else "—",
            ),
            _("  APL 2023 (DREES)  : {apl} consultations/an/hab. standardisé").format(
                apl=_fmt(info.get("apl_2023"))
            ),
        ]
    if info.get("apl_nurse_2023") is not None:
        lines.append(
            _("  APL infirmières   : {a} (2023), {b} (2022) ETP/100 000 hab. std — DREES").format(
                a=_fmt(info["apl_nurse_2023"], 1), b=_fmt(info.get("apl_nurse_2022"), 1)
            )
        )
    dep = info.get("departement_figures")
    if dep:
        codes = dep["codes"]
        name = terr.area(codes[0]).name if len(codes) == 1 else info["name"]
        lines += _departement_lines(dep, name)
    if info.get("professions_2024"):
        lines += _profession_lines(info["professions_2024"])
    if info.get("seasonal"):
        lines += _seasonal_lines(info["seasonal"])
    print("\n".join(lines))
    return 0


def _profession_lines(block: dict[str, Any]) -> list[str]:
    """The DREES APL 2024 of five professions, labelled département (or national) averages."""
    from proxisante.territory.professions import LABELS

    head = (
        _("  APL 2024 (DREES), moyennes du département {name} :")
        if block["level"] == "departement"
        else _("  APL 2024 (DREES), moyennes nationales :")
    )
    out = [head.format(name=block["name"])]
    for key, v in block["values"].items():
        digits = 2 if key == "gp" else 1
        france = (
            ""
            if block["level"] == "country"
            else " " + _("(France {x})").format(x=_fmt(v["france_2024"], digits))
        )
        out.append(
            "    "
            + _("{label:<28} {value:>7}{france} {unit}").format(
                label=_(LABELS[key]),
                value=_fmt(v["apl_2024"], digits),
                france=france,
                unit=_(v["unit"]),
            )
        )
    return out


def _seasonal_lines(block: dict[str, Any]) -> list[str]:
    from proxisante.i18n import format_percent

    share = block["share_secondary_homes"]
    ratio = block["seasonal_to_resident"]
    return [
        _(
            "  résidences second.: {n} ({share} des logements, INSEE RP 2018) — population"
            " saisonnière estimée {people} ({ratio} des résidents) : {params}"
        ).format(
            n=_fmt(block["secondary_homes_2018"]),
            share="—" if share is None else format_percent(share, 1),
            people=_fmt(block["seasonal_population"]),
            ratio="—" if ratio is None else format_percent(ratio, 1),
            params=block["parameters"],
        )
    ]


def _resolve(terr: Any, text: str) -> str:
    """The area ``text`` is the code of, or names exactly (the one place search); a name that
    names several areas or none is refused with the choices, each with its country."""
    from proxisante.errors import UnknownTerritoryError
    from proxisante.territory.display import level_name

    try:
        return str(terr.area(text).code)
    except UnknownTerritoryError:
        found = terr.find(text, limit=8)
        only = found.only()
        if only is not None:
            return str(only.code)
        if not found.hits:
            raise
        choices = "; ".join(
            f"{h.code} ({h.name}, {level_name(h.level)}, {h.country_name()})"
            for h in (found.exact or found.hits)
        )
        raise UserError(
            _(
                "territoire {text} : ce nom ne désigne pas un seul territoire ; donnez le code de "
                "l'un de ceux-ci : {choices}"
            ).format(text=repr(text[:60]), choices=choices)
        ) from None


def _valais_lines(v: dict[str, Any]) -> list[str]:
    """The estimated supply, accessibility and emergency figures of a Valais area."""
    from proxisante.i18n import format_percent

    supply, access, ed = v["primary_care"], v["access"], v["emergency"]
    nature = _("estimation")
    return [
        _(
            "  médecins de premier recours : ≈ {fte} EPT ({d} pour 1 000 hab.), ≈ {n} médecins"
        ).format(
            fte=_fmt(supply["fte"], 0), d=_fmt(supply["fte_per_1000"]), n=_fmt(supply["doctors"])
        ),
        f"      {nature} — {_(supply['source'])} ; {_(supply['doctors_source'])}",
        _("  accessibilité estimée (Valais) : {x} EPT accessibles pour 1 000 hab.").format(
            x=_fmt(access["fte_per_1000"])
        ),
        f"      {nature} — {_(access['source'])}",
        _("  urgences : {m} min en moyenne jusqu'au service d'urgence le plus proche").format(
            m=_fmt(ed["minutes_mean"], 0)
        )
        + " — "
        + _("{share} de la population à plus de 30 min").format(
            share="—" if ed["share_beyond_30"] is None else format_percent(ed["share_beyond_30"])
        ),
        f"      {nature} — {_(ed['source'])}",
    ]


def _departement_lines(dep: dict[str, Any], name: str) -> list[str]:
    """The GP trend 2020 → 2024 and the professions per 10 000 of the département(s)."""
    per = dep["per_10000"]
    scope = {
        "departement": _("niveau départemental : {name}"),
        "region": _("niveau régional : {name}"),
        "country": _("niveau national : {name}"),
    }.get(dep["level"], "{name}")
    return [
        "  " + scope.format(name=name) + " — INSEE BPE",
        _("    généralistes libéraux : {a} (2020) → {b} (2024), {change} ({pct})").format(
            a=_fmt(dep["gp_2020"]),
            b=_fmt(dep["gp_2024"]),
            change=_signed(dep["gp_change"]),
            pct=_signed_percent(dep["gp_change_pct"]),
        ),
        _(
            "    pour 10 000 hab. (2024) : infirmiers {nurses}, pharmacies {pharmacies},"
            " dentistes {dentists}"
        ).format(
            nurses=_fmt(per["nurses"], 1),
            pharmacies=_fmt(per["pharmacies"], 1),
            dentists=_fmt(per["dentists"], 1),
        ),
    ]


def run_search(args: argparse.Namespace, settings: Settings) -> int:
    if not args.text.strip():
        raise UserError(
            _(
                "TEXTE est vide : donner une partie d'un nom, "
                "p. ex. `proxisante territory search vichy`."
            )
        )
    from proxisante.territory import load_territory

    found = load_territory().find(args.text, lang=get_lang(), limit=args.limit)
    if args.json:
        print_json(load_territory().search(args.text, limit=args.limit))
        return 0
    if not found.hits:
        print(_("Aucun territoire ne correspond à « {text} ».").format(text=args.text))
        return 0
    from proxisante.territory.display import level_name, local_name

    for h in found.hits:
        where = ", ".join(p for p in (local_name(h.parent, h.parent_name), h.country_name()) if p)
        why = "" if h.reason == "name" else f" [{h.reason_label()}]"
        print(f"{h.code:<22} {h.name} ({level_name(h.level)}) — {where}{why}")
    return 0
