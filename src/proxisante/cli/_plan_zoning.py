"""The work of ``proxisante plan zoning`` (imported only when it runs)."""

from __future__ import annotations

import argparse
import math
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from proxisante.cli._access_commands import _check_out, _write_table
from proxisante.cli._output import print_json, progress
from proxisante.cli._plan_inputs import ids, lookup, read_csv
from proxisante.config import Settings
from proxisante.errors import InputFileError, Problem, UserError
from proxisante.i18n import N_, _, format_decimal, format_percent
from proxisante.planning.zoning.service import (
    COMPILED_LABEL,
    ZoningRequest,
    ZoningResult,
    simulate_zoning,
)
from proxisante.territory import load_territory

MAX_UNITS_PRINTED = 80
ZONE_LABELS = {
    "ZIP": N_("ZIP"),
    "ZAC": N_("ZAC"),
    "hors zonage": N_("hors zonage"),
    "non classé": N_("non classé"),
}


def _zone(zone: str) -> str:
    return _(ZONE_LABELS[zone]) if zone in ZONE_LABELS else zone


def _share(value: float | None, flag: str) -> float | None:
    if value is not None and not (math.isfinite(value) and 0 <= value <= 1):
        raise UserError(
            _("{flag} {value} : part de population entre 0 et 1 attendue (ex. 0.3).").format(
                flag=flag, value=value
            )
        )
    return value


def _overrides(terr: Any, items: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in items:
        code, sep, text = item.partition("=")
        try:
            share = float(text.replace(",", "."))
        except ValueError:
            share = float("nan")
        known = False
        if sep:
            try:
                known = terr.area(code.strip()).level == "region"
            except UserError:
                known = False
        if not sep or not known or not (math.isfinite(share) and 0 <= share <= 1):
            raise UserError(
                _(
                    "--ceiling {item} : attendu RÉGION=PART, une région connue et une part entre"
                    " 0 et 1 (ex. --ceiling reg:84=0.25)."
                ).format(item=repr(item))
            )
        out[terr.area(code.strip()).code] = share
    return out


def zoning_command(args: argparse.Namespace, settings: Settings) -> int:
    _check_out(args.out)
    zip_all = _share(args.zip_ceiling, "--zip-ceiling")
    zac_all = _share(args.zac_ceiling, "--zac-ceiling")
    if not math.isfinite(args.split_above) or args.split_above < 0:
        raise UserError(
            _("--split-above {value} : population ≥ 0 attendue (ex. 50000 ; 0 : jamais).").format(
                value=args.split_above
            )
        )
    terr = load_territory()
    overrides = _overrides(terr, args.ceiling)
    if args.ceilings != "default" and (overrides or zip_all is not None or zac_all is not None):
        raise UserError(
            _(
                "--ceilings {choice} : ne se combine pas avec --ceiling, --zip-ceiling ou"
                " --zac-ceiling (choisir l'un ou l'autre)."
            ).format(choice=args.ceilings)
        )
    area = terr.area(args.territory)
    grouping = _grouping(args, terr, area.code) if args.grouping is not None else None
    provider = bassins = None
    if args.unit == "bv" and grouping is None:
        from proxisante.access.providers import build_provider
        from proxisante.territory.bundle import load_bassins_vie

        provider = build_provider(args.travel, settings.home)
        bassins = load_bassins_vie()
    request = ZoningRequest(
        territory=area.code,
        profession=args.profession,
        unit=args.unit,
        year=args.year,
        zip_overrides=overrides,
        zip_all=zip_all,
        zac_all=zac_all,
        no_ceiling=args.ceilings == "none",
        calibrate=args.ceilings == "compiled",
        split_above=args.split_above or None,
        grouping=grouping,
        with_score=args.score,
    )
    for _step in progress(range(1), desc=_("zonage")):
        result = simulate_zoning(terr, request, provider, bassins)
    summary = _summary(result, args)
    if args.out is not None:
        _write_table(_commune_table(terr, result), args.out)
        summary["out"] = str(args.out)
    if args.json:
        print_json(summary)
        return 0
    _print(result, args)
    return 0


def _grouping(args: argparse.Namespace, terr: Any, code: str) -> pd.Series:
    com = terr.communes
    regions = set(com.loc[terr.communes_in(code), "region"].dropna())
    universe = com[(com["country"] == "FR") & com["region"].isin(regions)]
    problems: list[Problem] = []
    frame = read_csv(args.grouping, ("commune", "group"), "commune,group (ex. 03310,bassin-vichy)")
    ids(frame, "commune", problems)
    where = lookup(
        frame["commune"], list(universe.index), "commune", _("commune du territoire"), problems
    )
    for k in np.flatnonzero((frame["group"].str.strip() == "").to_numpy())[:50]:
        problems.append(Problem(int(k) + 2, _("group vide : nom de regroupement attendu")))
    if problems:
        raise InputFileError(str(args.grouping), problems)
    out = pd.Series(universe.index.to_numpy(), index=universe.index, dtype=object)
    out.iloc[where] = frame["group"].str.strip().to_numpy()
    return out


def _summary(result: ZoningResult, args: argparse.Namespace) -> dict[str, Any]:
    score = None
    if result.national_score is not None:
        score = {
            "against": _(COMPILED_LABEL),
            "measure": _(
                "part de la population des communes classées par la compilation qui est du même"
                " côté ZIP / non ZIP dans les deux"
            ),
            "national": result.national_score.as_dict(),
            "regions": [a.as_dict() for a in result.region_scores],
        }
    return {
        "territory": result.territory,
        "name": result.name,
        "profession": result.profession,
        "year": result.year,
        "label": result.label,
        "simulation": True,
        "unit": result.unit,
        "unit_label": result.unit_label,
        "indicator": result.indicator,
        "thresholds": asdict(result.thresholds),
        "thresholds_source": result.thresholds_source,
        "ceilings": [asdict(c) for c in result.ceilings],
        "nature": {"apl": _("officiel (DREES)"), "zone": _("simulation")},
        "units": [asdict(u) for u in result.units],
        "population_by_zone": dict(result.population_by_zone),
        "score": score,
        "bassins_check": asdict(result.bassins) if result.bassins is not None else None,
        "notes": list(result.notes),
    }


def _commune_table(terr: Any, result: ZoningResult) -> pd.DataFrame:
    codes = list(result.commune_zone)
    com = terr.communes.loc[codes]
    compiled = com.get("zoning_compiled", pd.Series(index=com.index, dtype=object))
    return pd.DataFrame(
        {
            "code": codes,
            "name": com["name"].to_numpy(),
            "population": com["population"].to_numpy(),
            "zone_simulation": [result.commune_zone[c] for c in codes],
            "zoning_compiled_unverified": compiled.to_numpy(),
        }
    )


def _pct(x: float | None) -> str:
    return "—" if x is None else format_percent(x, 1)


def _print(result: ZoningResult, args: argparse.Namespace) -> None:
    print(
        _("Zonage ({profession}) — {name} ({code})").format(
            profession=result.profession, name=result.name, code=result.territory
        )
    )
    print(f"  {result.label}")
    print(_("  unités     : {x}").format(x=result.unit_label))
    print(_("  indicateur : {x}").format(x=result.indicator))
    print(
        _("  seuils     : sélection < {a}, vivier < {b} ({source})").format(
            a=format_decimal(result.thresholds.selection, 2),
            b=format_decimal(result.thresholds.vivier, 2),
            source=result.thresholds_source,
        )
    )
    print(_("  plafonds régionaux (part de la population) :"))
    for c in result.ceilings:
        print(
            _("    {name:<28} ZIP {zip:>7}  ZAC {zac:>7}  ({source})").format(
                name=c.name, zip=_pct(c.zip_ceiling), zac=_pct(c.zac_ceiling), source=c.source
            )
        )
    if len(result.units) <= MAX_UNITS_PRINTED:
        for u in result.units:
            value = "—" if u.apl_le65 is None else format_decimal(u.apl_le65, 2)
            print(
                _("  {zone:<12} {x:<44} APL {value:>7}  {population:>9} hab.  ({reason})").format(
                    zone=_zone(u.zone),
                    x=u.name[:44],
                    value=value,
                    population=format_decimal(u.population, 0),
                    reason=u.reason,
                )
            )
    else:
        print(_("  {n} unités (détail : --json ou --out)").format(n=len(result.units)))
    for zone, pop in result.population_by_zone.items():
        print(
            _("  population {zone} : {population}").format(
                zone=_zone(zone), population=format_decimal(pop, 0)
            )
        )
    if result.bassins is not None:
        print(
            _(
                "  bassins reconstitués vs CartoSanté (APL 2023 des {n} BV) : Spearman {rho},"
                " écart absolu moyen {mae}"
            ).format(
                n=result.bassins.bassins,
                rho=format_decimal(result.bassins.spearman, 3),
                mae=format_decimal(result.bassins.mean_absolute_error, 2),
            )
        )
    if result.national_score is not None:
        print(_("  accord avec : {x}").format(x=_(COMPILED_LABEL)))
        print(
            "    "
            + _("{name:<28} {agree:>8} {sim:>10} {comp:>10} {base:>10}").format(
                name="",
                agree=_("accord"),
                sim=_("ZIP simulé"),
                comp=_("ZIP compilé"),
                base=_("tout non-ZIP"),
            )
        )
        for a in (result.national_score, *result.region_scores):
            print(
                "    "
                + _("{name:<28} {agree:>8} {sim:>10} {comp:>10} {base:>10}").format(
                    name=a.name[:28],
                    agree=_pct(a.agreement),
                    sim=_pct(a.zip_share_simulated),
                    comp=_pct(a.zip_share_compiled),
                    base=_pct(a.all_not_zip_agreement),
                )
            )
    for note in result.notes:
        print(_("  note : {note}").format(note=note))
    if args.out is not None:
        print(_("  écrit : {out}").format(out=args.out))
