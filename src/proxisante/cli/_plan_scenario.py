"""The work of ``proxisante plan scenario`` (imported only when it runs)."""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from proxisante.access.anchoring import RATIO_BAND, Anchored, AnchorMethod, method_label
from proxisante.access.providers import build_provider
from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import N_, _
from proxisante.planning.scenarios.baseline import build_baseline
from proxisante.planning.scenarios.scenario import Scenario, parse_scenario
from proxisante.planning.scenarios.whatif import Baseline, Outcome, area_result
from proxisante.territory import load_territory
from proxisante.territory.territory import Territory

FORMATS = ("json", "csv", "gpkg", "svg")
NATURE = {
    "apl_official": N_("officiel (DREES, APL 2023)"),
    "apl_anchored_before": N_("officiel (DREES, APL 2023) : ancré, égal à l'officiel"),
    "apl_model_before": N_("calculé (méthode DREES, entrées du paquet)"),
    "apl_model_after": N_("simulé (scénario)"),
    "apl_change": N_("simulé (scénario, variation du modèle)"),
    "apl_anchored_after": N_(
        "simulé : APL officielle × après / avant du modèle (ancrage « ratio ») ; officielle +"
        " variation, bornée à 0, là où modèle et DREES diffèrent de plus d'un facteur 2"
        " (« ancrage fragile »)"
    ),
    "anchoring": N_("méthode d'ancrage de chaque commune (ratio, additif, fragile, non ancrée)"),
    "travel_times": N_("estimé (modèle vitesse/détour) sauf --travel road:/matrix:"),
}


@dataclass(frozen=True, eq=False)
class Loaded:
    path: Path
    scenario: Scenario


def scenario_command(args: argparse.Namespace, settings: Settings) -> int:
    formats = _formats(args.formats)
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UserError(
            _("--out {out} : dossier attendu (il sera créé s'il n'existe pas).").format(
                out=args.out
            )
        )
    terr = load_territory()
    known = set(terr.communes.index[terr.communes["country"] == "FR"])
    loaded = [Loaded(p, _read(p, terr, known)) for p in args.files]
    baseline = build_baseline(
        terr,
        settings.home,
        build_provider(args.travel, settings.home),
        [x.scenario for x in loaded],
        demand=args.demand,
    )
    from proxisante.planning.sweep import map_scenarios

    outcomes = map_scenarios(baseline, [x.scenario for x in loaded], args.scheduler)
    reports = [
        scenario_report(terr, baseline, x, outcome)
        for x, outcome in zip(loaded, outcomes, strict=True)
    ]
    if args.out is not None:
        _write_all(args.out, terr, loaded, reports, formats)
    if args.json:
        print_json({"scenarios": [r["summary"] for r in reports]})
        return 0
    for r in reports:
        _print(r["summary"])
    return 0


def _formats(text: str) -> tuple[str, ...]:
    parts = tuple(p.strip() for p in text.split(",") if p.strip())
    bad = [p for p in parts if p not in FORMATS]
    if bad or not parts:
        raise UserError(
            _("--formats {text} : attendu une liste parmi {x} (ex. csv,gpkg).").format(
                text=repr(text), x=", ".join(FORMATS)
            )
        )
    return parts


def _read(path: Path, terr: Territory, known: set[str]) -> Scenario:
    if not path.is_file():
        raise UserError(
            _("{path} : fichier de scénario introuvable (YAML attendu).").format(path=path)
        )
    text = path.read_text(encoding="utf-8")

    def resolve(code: str) -> list[str] | None:
        try:
            return terr.communes_in(code)
        except UserError:
            return None

    return parse_scenario(text, str(path), known, resolve)


def scenario_report(
    terr: Territory, baseline: Baseline, loaded: Loaded, outcome: Outcome
) -> dict[str, Any]:
    sc = loaded.scenario
    area = terr.area(sc.territory)
    result = area_result(terr, baseline, outcome, sc.territory)
    table, figures = result.table, result.figures
    gap = (table["apl_anchored_before"] - table["apl_official"]).abs().max()
    names = terr.communes.loc[result.codes, "name"]
    rows = table.assign(
        name=names, anchoring_label=[method_label(m, short=True) for m in table["anchoring"]]
    ).reset_index()
    anchored = Anchored(table["apl_anchored_after"].to_numpy(), table["anchoring"].to_numpy())
    summary = {
        "file": str(loaded.path),
        "name": sc.name,
        "description": sc.description,
        "territory": area.code,
        "territory_name": area.name,
        "changes": [{"type": type(c).__name__, **asdict(c)} for c in sc.changes],
        "figures": asdict(figures),
        "region": result.region,
        "baseline_anchored_minus_official_max": 0.0 if pd.isna(gap) else float(gap),
        "communes_recomputed": outcome.recomputed,
        "communes_total": len(baseline.codes),
        "travel_times_estimated": baseline.estimated_times,
        "demand_basis": "population" if baseline.plain_population else "drees-standardised",
        "demand": baseline.demand_label,
        "anchoring": {
            "ratio_band": list(RATIO_BAND),
            "communes": anchored.counts(),
            "methods": {m.value: method_label(m.value) for m in AnchorMethod},
            "fragile": [
                {"code": str(c), "name": str(names[c])}
                for c in table.index[table["anchoring"] == AnchorMethod.FRAGILE.value]
            ],
        },
        "nature": {k: _(v) for k, v in NATURE.items()},
        "label": _("SIMULATION : effet estimé des changements, pas une prévision"),
        "notes": list(outcome.notes),
        "communes": _records(rows),
    }
    return {"summary": summary, "table": rows}


def _records(rows: pd.DataFrame) -> list[dict[str, Any]]:
    out = rows.replace({np.nan: None}).to_dict(orient="records")
    return [{str(k): v for k, v in r.items()} for r in out]


def _print(s: dict[str, Any]) -> None:
    f: dict[str, Any] = s["figures"]
    print(
        _("Scénario « {name} » — {territory_name} ({territory})").format(
            name=s["name"], territory_name=s["territory_name"], territory=s["territory"]
        )
    )
    print(f"  {s['label']}")
    if s["travel_times_estimated"]:
        print(_("⚠ Temps de trajet ESTIMÉS (modèle vitesse/détour), pas un calcul routier."))

    def num(v: float | None) -> str:
        return "—" if v is None else f"{v:.2f}"

    print(
        _("  APL ancrée sur l'officielle          : {x} → {x2}").format(
            x=num(f["apl_anchored_before"]), x2=num(f["apl_anchored_after"])
        )
    )
    print(
        _("  APL du modèle                       : {x} → {x2}").format(
            x=num(f["apl_model_before"]), x2=num(f["apl_model_after"])
        )
    )
    print(
        _(
            "  population sous 2,5                 : "
            "{population_under_2_5_before:.0f} → {population_under_2_5_after:.0f}"
        ).format(
            population_under_2_5_before=f["population_under_2_5_before"],
            population_under_2_5_after=f["population_under_2_5_after"],
        )
    )
    print(
        _(
            "  passe au-dessus / sous 2,5          : "
            "{population_lifted_above_2_5:.0f} / {population_dropped_below_2_5:.0f} "
            "habitants"
        ).format(
            population_lifted_above_2_5=f["population_lifted_above_2_5"],
            population_dropped_below_2_5=f["population_dropped_below_2_5"],
        )
    )
    print(
        _("  classe du territoire                : {class_before} → {class_after}").format(
            class_before=f["class_before"], class_after=f["class_after"]
        )
    )
    print(
        _(
            "  communes recalculées                : {communes_recomputed} sur {communes_total}"
        ).format(communes_recomputed=s["communes_recomputed"], communes_total=s["communes_total"])
    )
    _print_anchoring(s)
    for note in s["notes"]:
        print(_("  note : {note}").format(note=note))


SHOWN_COMMUNES = 10
"""Communes listed in the text output (largest changes of anchored APL first)."""


def _print_anchoring(s: dict[str, Any]) -> None:
    """Demand, anchoring methods, and the communes that move most, by name."""
    print(_("  demande                             : {x}").format(x=s["demand"]))
    a = s["anchoring"]
    counts = a["communes"]
    print(
        _(
            "  ancrage sur l'APL officielle        : ratio {ratio}, fragile {fragile},"
            " additif {additive}, non ancrée {none} commune(s)"
        ).format(**counts)
    )
    if a["fragile"]:
        names = ", ".join(f"{f['name']} ({f['code']})" for f in a["fragile"][:SHOWN_COMMUNES])
        more = "…" if len(a["fragile"]) > SHOWN_COMMUNES else ""
        print(_("  ancrage fragile (à lire avec prudence) : {x}").format(x=names + more))
    moved = [
        c
        for c in s["communes"]
        if c["apl_anchored_after"] is not None and c["apl_anchored_before"] is not None
    ]
    moved.sort(key=lambda c: -abs(c["apl_anchored_after"] - c["apl_anchored_before"]))
    moved = [c for c in moved if abs(c["apl_anchored_after"] - c["apl_anchored_before"]) > 5e-3]
    if not moved:
        return
    print(_("  communes dont l'APL ancrée change le plus :"))
    for c in moved[:SHOWN_COMMUNES]:
        print(
            _("    {name} ({code}) : {before} → {after}  [{method}]").format(
                name=c["name"],
                code=c["code"],
                before=f"{c['apl_anchored_before']:.2f}",
                after=f"{c['apl_anchored_after']:.2f}",
                method=c["anchoring_label"],
            )
        )


def _write_all(
    out: Path,
    terr: Territory,
    loaded: list[Loaded],
    reports: list[dict[str, Any]],
    formats: tuple[str, ...],
) -> None:
    """Write every file in a temporary folder, then move them in place (nothing half-written)."""
    from proxisante.cli._plan_files import write_scenario_files

    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out, prefix=".plan-"))
    try:
        written = []
        for x, r in zip(loaded, reports, strict=True):
            written += write_scenario_files(tmp, x.path.stem, r, terr, formats)
        for p in written:
            os.replace(p, out / p.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
