"""The work of ``proxisante plan site`` (imported only when it runs)."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from proxisante.access.providers import build_provider
from proxisante.cli._output import print_json
from proxisante.cli._plan_inputs import booleans, ids, lookup, numbers, read_csv
from proxisante.config import Settings
from proxisante.errors import InputFileError, InternalError, Problem, UserError
from proxisante.i18n import N_, _
from proxisante.planning.siting.aplgain import (
    AplSiting,
    CandidateValues,
    apl_after,
    evaluate_candidates,
    solve_apl,
)
from proxisante.planning.siting.exact import OBJECTIVES, SitingOptions, SitingResult, solve_exact
from proxisante.planning.siting.instance import make_instance
from proxisante.planning.siting.territory import (
    APL_OBJECTIVES,
    Candidates,
    Prepared,
    TerritorySiting,
    located_communes,
    territory_instance,
)

_ESTIMATED = N_("⚠ Temps de trajet ESTIMÉS (modèle vitesse/détour), pas un calcul routier.")
CANDIDATES_SHOWN = 20
"""Candidates listed (best first) with what each brings alone, for the APL objectives."""


def site_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.objective not in OBJECTIVES:
        raise UserError(
            _(
                "--objective {objective} inconnu : attendu l'un de {x} (ex. --objective mclp)."
            ).format(objective=repr(args.objective), x=", ".join(OBJECTIVES))
        )
    custom = (args.demand, args.times)
    if args.territory is None and not all(c is not None for c in custom):
        raise UserError(
            _(
                "plan site : donner un TERRITOIRE (ex. 200071363) ou les trois fichiers "
                "--demand, --candidates et --times."
            )
        )
    if args.plain_population and (args.territory is None or args.objective not in APL_OBJECTIVES):
        raise UserError(
            _(
                "--plain-population : ne vaut que pour un TERRITOIRE avec l'objectif apl-gain ou"
                " lift-above-2.5 (ailleurs la demande est la population municipale, ou la"
                " colonne weight de --demand) ; ex. plan site 240300657 --objective apl-gain"
                " --p 2 --plain-population"
            )
        )
    options = SitingOptions(
        objective=args.objective,
        p=args.p,
        radius_min=args.radius,
        budget=args.budget,
        time_limit_s=args.time_limit,
    )
    prepared = custom_instance(args) if args.territory is None else _territory(args, settings)
    values: CandidateValues | None = None
    if args.objective in APL_OBJECTIVES:
        if prepared.apl is None:
            raise InternalError("invariant broken: an APL objective without APL inputs")
        values = evaluate_candidates(
            prepared.instance, options, prepared.apl, getattr(args, "scheduler", None)
        )
        result = solve_apl(prepared.instance, options, prepared.apl, first=values)
    else:
        result = solve_exact(prepared.instance, options)
    summary = site_summary(result, options, prepared)
    if values is not None:
        summary["candidate_values"] = [
            {
                "id": cid,
                "name": prepared.names.get(cid),
                "objective_gain": gain,
                "shortfall_reduction": red,
            }
            for cid, gain, red in values.ranking(CANDIDATES_SHOWN)
        ]
        summary["nature"]["candidate_values"] = _("simulé : gain de chaque candidat ouvert seul")
    if prepared.apl is not None:
        summary |= apl_communes(result, prepared)
    if args.json:
        print_json(summary)
        return 0
    _print_site(summary, prepared)
    return 0


def site_summary(result: SitingResult, options: SitingOptions, prep: Prepared) -> dict[str, Any]:
    opened = set(result.opened)
    return {
        "objective": result.value,
        "objective_name": result.objective,
        "sites": [
            {
                "id": c,
                "name": prep.names.get(c),
                "status": "opened" if c in opened else "locked",
            }
            for c in result.selected
        ],
        "selected": list(result.selected),
        "opened": list(result.opened),
        "locked": list(result.locked),
        "gap": result.gap,
        "bound": result.bound,
        "optimal": result.optimal,
        "method": result.method,
        "p": options.p,
        "radius_min": options.radius_min,
        "budget": options.budget,
        "figures": result.figures,
        "loads": result.loads,
        "demand_points": prep.instance.n_demand,
        "candidates": prep.instance.n_candidates,
        "pairs": int(prep.instance.minutes.nnz),
        "source": prep.source,
        "demand": prep.demand_label,
        "travel_times_estimated": prep.estimated,
        "nature": {
            "objective": _("calculé (optimisation)")
            if result.optimal
            else _("calculé (heuristique)"),
            "gap": _("calculé (borne du solveur ou relaxation linéaire)"),
            "selected": _("simulé : proposition de sites, pas une décision"),
            "travel_times": "estimé" if prep.estimated else "fourni",
        },
        "runtime_s": round(result.seconds, 3),
        "notes": list(prep.notes),
    }


def apl_communes(result: SitingResult, prep: Prepared) -> dict[str, Any]:
    """APL objectives: every commune whose (anchored) APL the chosen sites raise, by name,
    with its anchoring method, and the methods over all the demand points."""
    from proxisante.access.anchoring import RATIO_BAND, AnchorMethod, method_label

    data, inst = prep.apl, prep.instance
    if data is None:
        return {}
    after = apl_after(inst, data, result.selected)
    methods = data.anchoring or ("",) * inst.n_demand
    gain = after - data.base_apl
    rows: list[dict[str, Any]] = []
    for i in np.flatnonzero(gain > 1e-9)[np.argsort(-gain[gain > 1e-9], kind="stable")]:
        code, method = inst.demand_ids[i], methods[i]
        rows.append(
            {
                "code": code,
                "name": prep.names.get(code),
                "apl_before": float(data.base_apl[i]),
                "apl_after": float(after[i]),
                "anchoring": method or None,
                "anchoring_label": method_label(method, short=True) if method else None,
            }
        )
    out: dict[str, Any] = {"communes": rows}
    if data.anchoring:
        arr = np.asarray(data.anchoring)
        out["anchoring"] = {
            "ratio_band": list(RATIO_BAND),
            "communes": {m.value: int((arr == m.value).sum()) for m in AnchorMethod},
            "fragile": [
                {"code": inst.demand_ids[i], "name": prep.names.get(inst.demand_ids[i])}
                for i in np.flatnonzero(arr == AnchorMethod.FRAGILE.value)
            ],
        }
    return out


def _named(code: str, prep: Prepared) -> str:
    name = prep.names.get(code)
    return f"{name} ({code})" if name else code


def _print_site(s: dict[str, Any], prep: Prepared) -> None:
    print(
        _("Implantation — objectif {objective_name}, p = {p} ({source})").format(
            objective_name=s["objective_name"], p=s["p"], source=s["source"]
        )
    )
    if prep.estimated:
        print(_(_ESTIMATED))
    print(
        _(
            "  valeur de l'objectif : {objective:.6g}  (borne {bound:.6g}, écart {gap:.2%}, {x})"
        ).format(
            objective=s["objective"],
            bound=s["bound"],
            gap=s["gap"],
            x=_("optimal") if s["optimal"] else _("non prouvé optimal"),
        )
    )
    print(_("  méthode              : {method}").format(method=s["method"]))
    print(
        _("  sites ouverts        : {x}").format(
            x=", ".join(_named(c, prep) for c in s["opened"]) or "—"
        )
    )
    locked = ", ".join(_named(c, prep) for c in s["locked"][:SHOWN_COMMUNES])
    more = "…" if len(s["locked"]) > SHOWN_COMMUNES else ""
    print(
        _("  sites verrouillés    : {n_locked}{names}").format(
            n_locked=len(s["locked"]), names=f" ({locked}{more})" if locked else ""
        )
    )
    for key, value in s["figures"].items():
        print(f"  {key:<21}: {value:.6g}")
    for row in s.get("candidate_values", [])[:5]:
        print(
            _("  candidat seul {id}: gain {gain:.6g}").format(
                id=_named(row["id"], prep), gain=row["objective_gain"]
            )
        )
    _print_apl_communes(s)
    print(
        _(
            "  ({demand_points} points de demande × {candidates} candidats, {pairs} "
            "paires, {runtime_s:.2f} s)"
        ).format(
            demand_points=s["demand_points"],
            candidates=s["candidates"],
            pairs=s["pairs"],
            runtime_s=s["runtime_s"],
        )
    )
    print(_("  Les sites proposés sont une SIMULATION, pas une décision."))
    for note in s["notes"]:
        print(_("  note : {note}").format(note=note))


SHOWN_COMMUNES = 10


def _print_apl_communes(s: dict[str, Any]) -> None:
    if "anchoring" in s:
        print(
            _(
                "  ancrage (communes)   : ratio {ratio}, fragile {fragile}, additif {additive},"
                " non ancrée {none}"
            ).format(**s["anchoring"]["communes"])
        )
    rows = s.get("communes", [])
    if rows:
        print(_("  communes dont l'APL ancrée monte le plus :"))
    for r in rows[:SHOWN_COMMUNES]:
        print(
            _("    {name} ({code}) : {before} → {after}  [{method}]").format(
                name=r["name"] or r["code"],
                code=r["code"],
                before=f"{r['apl_before']:.2f}",
                after=f"{r['apl_after']:.2f}",
                method=r["anchoring_label"] or "—",
            )
        )


def custom_instance(args: argparse.Namespace) -> Prepared:
    """An instance from the three CSV files (no territory)."""
    if args.candidates is None:
        raise UserError(
            _(
                "--candidates manquant : attendu un CSV avec l'en-tête "
                "id[,capacity,locked,cost] à côté de --demand et --times."
            )
        )
    problems: list[Problem] = []
    demand = read_csv(args.demand, ("id", "weight"), "id,weight (ex. 03310,2450)")
    d_ids = ids(demand, "id", problems)
    weight = numbers(demand, "weight", problems)
    base = numbers(demand, "apl", problems, default=0.0)
    pop = numbers(demand, "population", problems)
    _raise(args.demand, problems)
    cand = read_csv(args.candidates, ("id",), "id,capacity,locked,cost (ex. 03310,5000,0,1)")
    c_ids = ids(cand, "id", problems)
    capacity = numbers(cand, "capacity", problems)
    if args.capacity is not None:
        capacity = np.where(np.isnan(capacity), args.capacity, capacity)
    locked = booleans(cand, "locked", problems)
    cost = numbers(cand, "cost", problems, default=0.0)
    _raise(args.candidates, problems)
    times = read_csv(
        args.times,
        ("demand_id", "candidate_id", "minutes"),
        "demand_id,candidate_id,minutes (ex. 03310,03185,12.5)",
    )
    rows = lookup(times["demand_id"], d_ids, "demand_id", _("point de demande"), problems)
    cols = lookup(times["candidate_id"], c_ids, "candidate_id", "candidat", problems)
    minutes = numbers(times, "minutes", problems)
    for k in np.flatnonzero(np.isnan(minutes))[:50]:
        if not any(p.line == k + 2 for p in problems):
            problems.append(Problem(int(k) + 2, _("minutes vide : nombre ≥ 0 attendu")))
    _raise(args.times, problems)
    frame = pd.DataFrame({"r": rows, "c": cols, "t": minutes}).groupby(["r", "c"]).min()
    r = frame.index.get_level_values(0).to_numpy()
    c = frame.index.get_level_values(1).to_numpy()
    matrix = sp.csr_array((frame["t"].to_numpy(), (r, c)), shape=(len(d_ids), len(c_ids)))
    inst = make_instance(
        d_ids, np.nan_to_num(weight), c_ids, matrix, capacity=capacity, locked=locked, cost=cost
    )
    supply = np.full(len(c_ids), args.fte * _mean_activity())
    apl = AplSiting(base, np.where(np.isnan(pop), inst.weights, pop), supply)
    notes = [
        _(
            "APL de départ lue dans la colonne `apl` de --demand (0 si absente), non ancrée ;"
            " demande : colonne weight."
        )
    ]
    return Prepared(inst, apl, _("fichiers --demand/--candidates/--times"), False, tuple(notes))


def _mean_activity() -> float:
    from proxisante.access.communes import MEAN_ACTIVITY_PER_GP

    return MEAN_ACTIVITY_PER_GP


def _raise(path: Any, problems: list[Problem]) -> None:
    if problems:
        raise InputFileError(str(path), problems)


def _territory(args: argparse.Namespace, settings: Settings) -> Prepared:
    request = TerritorySiting(
        territory=args.territory,
        objective=args.objective,
        radius=args.radius,
        ignore_existing=args.ignore_existing,
        fte=args.fte,
        capacity=args.capacity,
        plain_population=args.plain_population,
    )
    candidates = None
    if args.candidates is not None:
        codes, _source = located_communes(args.territory)
        candidates = _candidate_file(args, codes)
    return territory_instance(
        request, settings.home, build_provider(args.travel, settings.home), candidates
    )


def _candidate_file(args: argparse.Namespace, codes: list[str]) -> Candidates:
    problems: list[Problem] = []
    frame = read_csv(args.candidates, ("id",), "id,capacity,locked,cost (ex. 03310,5000,0,1)")
    c_ids = ids(frame, "id", problems)
    lookup(frame["id"], codes, "id", "commune localisée du territoire", problems)
    cap = numbers(frame, "capacity", problems)
    if args.capacity is not None:
        cap = np.where(np.isnan(cap), args.capacity, cap)
    locked = booleans(frame, "locked", problems)
    cost = numbers(frame, "cost", problems, default=0.0)
    _raise(args.candidates, problems)
    return Candidates(c_ids, cap, locked, cost)
