"""The work of ``proxisante plan zoning`` (imported only when it runs)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from proxisante.cli._output import print_json
from proxisante.cli._plan_inputs import ids, lookup, read_csv
from proxisante.config import Settings
from proxisante.errors import InputFileError, Problem, UserError
from proxisante.i18n import N_, _
from proxisante.planning.zoning.simulation import simulate
from proxisante.territory import load_territory

LABEL = N_(
    "SIMULATION du zonage médecins (ZIP / ZAC), pas le zonage arrêté par "
    "l'ARS : règles nationales de l'arrêté du 1er octobre 2021 simplifiées "
    "(unité EPCI ou regroupement fourni, choix dans le vivier par APL "
    "croissante sous plafond)."
)


def zoning_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.zip_ceiling is not None and not 0 <= args.zip_ceiling <= 1:
        raise UserError(
            _(
                "--zip-ceiling {zip_ceiling} : part de population entre 0 et 1 attendue (ex. 0.3)."
            ).format(zip_ceiling=args.zip_ceiling)
        )
    terr = load_territory()
    area = terr.area(args.territory)
    codes = [c for c in terr.communes_in(args.territory) if c in terr.communes.index]
    com = terr.communes.loc[codes]
    com = com[com["country"] == "FR"]
    if com.empty:
        raise UserError(
            _("{name} ({code}) : aucune commune française à zoner.").format(
                name=area.name, code=area.code
            )
        )
    group = _groups(args, com)
    frame = pd.DataFrame(
        {
            "group": group,
            "region": com["region"].astype(str),
            "population": com["population"].fillna(0).astype(float),
            "w": com["pop_std_2023"].fillna(0).astype(float),
            "apl": com["apl_2023_le65"].astype(float),
        }
    )
    frame["wa"] = frame["apl"] * frame["w"]
    ok = frame["apl"].notna() & (frame["w"] > 0)
    g = frame.groupby("group")
    wsum = frame[ok].groupby("group")["w"].sum()
    apl = (frame[ok].groupby("group")["wa"].sum() / wsum).reindex(g.size().index)
    region = g["region"].agg(lambda s: s.mode().iloc[0])
    names = [terr.name_of(c) if _known(terr, c) else str(c) for c in g.size().index]
    units = simulate(
        [str(c) for c in g.size().index],
        names,
        list(region),
        g["population"].sum().to_numpy(dtype=np.float64),
        apl.to_numpy(dtype=np.float64),
        args.zip_ceiling,
    )
    summary = _summary(area.code, area.name, units, args)
    if args.json:
        print_json(summary)
        return 0
    print(_("Zonage médecins — {name} ({code})").format(name=area.name, code=area.code))
    print(f"  {_(LABEL)}")
    for u in units:
        value = "—" if u.apl_le65 is None else f"{u.apl_le65:.2f}"
        print(
            _(
                "  {zone:<12} {code:<10} {x:<40} APL ≤65 {value:>5}  {population:>9.0f} "
                "hab.  ({reason})"
            ).format(
                zone=u.zone,
                code=u.code,
                x=u.name[:40],
                value=value,
                population=u.population,
                reason=u.reason,
            )
        )
    for zone, pop in summary["population_by_zone"].items():
        print(_("  population {zone} : {population:.0f}").format(zone=zone, population=pop))
    return 0


def _known(terr: Any, code: str) -> bool:
    try:
        terr.area(code)
    except UserError:
        return False
    return True


def _groups(args: argparse.Namespace, com: pd.DataFrame) -> pd.Series:
    if args.grouping is None:
        epci = com["epci"].astype(object)
        return epci.where(epci.notna(), com.index.to_series())
    problems: list[Problem] = []
    frame = read_csv(args.grouping, ("commune", "group"), "commune,group (ex. 03310,bassin-vichy)")
    ids(frame, "commune", problems)
    where = lookup(
        frame["commune"], list(com.index), "commune", _("commune du territoire"), problems
    )
    for k in np.flatnonzero((frame["group"].str.strip() == "").to_numpy())[:50]:
        problems.append(Problem(int(k) + 2, _("group vide : nom de regroupement attendu")))
    if problems:
        raise InputFileError(str(args.grouping), problems)
    out = pd.Series(com.index.to_numpy(), index=com.index, dtype=object)
    out.iloc[where] = frame["group"].str.strip().to_numpy()
    return out


def _summary(code: str, name: str, units: list[Any], args: argparse.Namespace) -> dict[str, Any]:
    by_zone: dict[str, float] = {}
    for u in units:
        by_zone[u.zone] = by_zone.get(u.zone, 0.0) + u.population
    return {
        "territory": code,
        "name": name,
        "label": _(LABEL),
        "simulation": True,
        "unit": _("regroupement fourni") if args.grouping is not None else "EPCI",
        "zip_ceiling": args.zip_ceiling,
        "indicator": _(
            "APL aux médecins généralistes de 65 ans ou moins, DREES 2023 "
            "(officielle), moyenne des communes pondérée par la population "
            "standardisée"
        ),
        "nature": {"apl_le65": _("officiel (DREES)"), "zone": _("simulé")},
        "units": [asdict(u) for u in units],
        "population_by_zone": by_zone,
    }
