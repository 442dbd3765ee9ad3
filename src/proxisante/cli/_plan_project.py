"""The work of ``proxisante plan project`` (imported only when it runs)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from proxisante.access.traveltimes import TravelTimes
from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _, format_percent
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection import territorial as tp
from proxisante.planning.projection.backtest import backtest
from proxisante.territory import bundle, load_territory


def project_command(args: argparse.Namespace, settings: Settings) -> int:
    years = _years(args.years)
    if args.draws < 10:
        raise UserError(
            _("--draws {draws} : au moins 10 tirages attendus (ex. 200).").format(draws=args.draws)
        )
    if args.entry_rate is not None and not -0.5 < args.entry_rate < 0.5:
        raise UserError(
            _(
                "--entry-rate {rate} : part annuelle du stock entre -0,5 et 0,5"
                " attendue (ex. 0.03)."
            ).format(rate=args.entry_rate)
        )
    from proxisante.planning.scenarios.baseline import build_baseline

    terr = load_territory()
    area = terr.area(args.territory)
    codes = terr.communes_in(args.territory)
    base = build_baseline(terr, settings.home, args.travel, [], demand="drees-standardised")
    com = terr.communes.loc[list(base.codes)]
    inputs, notes = _inputs(com, args.entry_rate)
    inputs = _with_imported_ages(inputs, com, settings, notes)
    index = pd.Index(base.codes)
    territory = index.get_indexer(pd.Index([c for c in codes if c in set(base.codes)]))
    if territory.size == 0:
        raise UserError(
            _("{name} ({code}) : aucune commune française à projeter.").format(
                name=area.name, code=area.code
            )
        )
    shared = tp.Shared(
        inputs,
        base.state.supply,
        base.state.demand,
        base.official,
        base.state.apl,
        TravelTimes(base.state.minutes, 20.0),
        territory,
        tuple(years),
        pj.Uncertainty(),
    )
    summary = tp.project(shared, args.draws, args.seed, args.scheduler)
    out = _summary(area.code, area.name, summary, shared, notes, base.estimated_times)
    out["retirement_exposure"] = tp.mean_exposure(shared)
    if args.backtest or args.json:
        bt = backtest(bundle.load_workforce(), bundle.load_workforce_ages())
        out["backtest"] = asdict(bt)
    if args.json:
        print_json(out)
        return 0
    _print(out, args.backtest)
    return 0


def _years(text: str) -> list[int]:
    try:
        years = sorted({int(x) for x in text.split(",") if x.strip()})
    except ValueError:
        years = []
    if not years or any(y < 1 or y > 10 for y in years):
        raise UserError(
            _("--years {years} : horizons en années entre 1 et 10 attendus (ex. 5,10).").format(
                years=repr(text)
            )
        )
    return years


def _inputs(com: pd.DataFrame, entry_rate: float | None) -> tuple[pj.ProjectionInputs, list[str]]:
    inputs, r = tp.projection_inputs(
        com, bundle.load_workforce_ages(), bundle.load_department_health(), entry_rate
    )
    s65, s60 = r.share_65, r.share_60_64
    notes = [
        _(
            "Sorties : exposition à la retraite 1 − APL(≤ 65 ans)/APL (DREES 2023, officielle) pour"
            " {n} communes ; ailleurs part nationale des médecins de 65 ans et plus"
            " (DREES 2020, structure d'âge NATIONALE : {s65}). Années 6 à 10 : part nationale des"
            " 60–64 ans ({s60}, DREES 2020, nationale)."
        ).format(n=r.local_exposure, s65=format_percent(s65), s60=format_percent(s60)),
        _("Entrées : tendance observée du département (BPE 2020 → 2024) + sorties déjà absorbées")
        if entry_rate is None
        else _("Entrées : taux fixé par l'utilisateur ({rate} du stock par an).").format(
            rate=f"{entry_rate:.3f}"
        ),
        _(
            "Demande : évolution de la population standardisée DREES 2022 → 2023 par commune,"
            " bornée à ±{clip} par an (les poids d'âge DREES diffèrent entre millésimes)."
        ).format(clip=format_percent(tp.DEMAND_CLIP, 0)),
        _(
            "Médecins : généralistes libéraux BPE 2020 ; entrées placées là où exercent déjà des"
            " médecins."
        ),
        _(
            "Demande : population standardisée DREES 2023 (entrée DREES, population municipale là"
            " où elle manque)."
        ),
    ]
    return inputs, notes


def _with_imported_ages(
    inputs: pj.ProjectionInputs, com: pd.DataFrame, settings: Settings, notes: list[str]
) -> pj.ProjectionInputs:
    """Where an imported professionals file gives GPs' ages, use the commune's own shares."""
    from proxisante.territory.local_store import LocalStore

    pros = LocalStore(settings.home).load("professionals-csv")
    if pros is None or pros.empty or "age" not in pros.columns:
        return inputs
    gps = pros[(pros["profession"] == "gp") & pros["age"].notna()]
    where = pd.Index(com.index).get_indexer(pd.Index(gps["commune"].astype(str)))
    gps, where = gps[where >= 0], where[where >= 0]
    if not len(gps):
        return inputs
    age = gps["age"].astype(float).to_numpy()
    n = len(com)
    count = np.bincount(where, minlength=n).astype(float)
    over = np.bincount(where, weights=(age > 65).astype(float), minlength=n)
    late = np.bincount(where, weights=((age >= 60) & (age <= 65)).astype(float), minlength=n)
    known = count > 0
    share = np.divide(over, count, out=np.zeros(n), where=known)
    share60 = np.divide(late, count, out=np.zeros(n), where=known)
    notes.append(
        _(
            "Âges des médecins IMPORTÉS (fichier de professionnels) pour {n}"
            " commune(s) : parts locales de plus de 65 ans et de 60–65 ans à la place des signaux"
            " DREES et nationaux."
        ).format(n=int(known.sum()))
    )
    return pj.ProjectionInputs(
        inputs.gp_today,
        np.where(known, share, inputs.exposure),
        inputs.entry_rate,
        inputs.demand_growth,
        np.where(known, share60, inputs.share_60_64),
    )


def _summary(
    code: str, name: str, s: pj.Summary, shared: tp.Shared, notes: list[str], estimated: bool
) -> dict[str, Any]:
    t = shared.territory
    today: dict[str, float | None] = {
        "gp": float(shared.inputs.gp_today[t].sum()),
        "demand": float(shared.demand[t].sum()),
    }
    off = shared.official[t]
    ok = np.isfinite(off)
    today["apl"] = float(np.average(off[ok], weights=shared.demand[t][ok])) if ok.any() else None
    horizons = [
        {
            "years": h.years,
            "gp": {"central": h.central_gp, "p10": h.gp[0], "p50": h.gp[1], "p90": h.gp[2]},
            "standardised_demand": {
                "central": h.central_demand,
                "p10": h.demand[0],
                "p50": h.demand[1],
                "p90": h.demand[2],
            },
            "apl": {"central": h.central_apl, "p10": h.apl[0], "p50": h.apl[1], "p90": h.apl[2]},
        }
        for h in s.horizons
    ]
    return {
        "territory": code,
        "name": name,
        "today": today,
        "horizons": horizons,
        "draws": s.draws,
        "travel_times_estimated": estimated,
        "nature": {
            "today.apl": _("officiel (DREES APL 2023, moyenne pondérée)"),
            "today.gp": _("officiel (INSEE BPE 2020, médecins généralistes libéraux)"),
            "horizons": _("estimé (projection stock-flux, bandes P10–P90 par Monte Carlo)"),
            "retirement_exposure": _("calculé à partir de l'APL officielle ≤ 65 ans (DREES 2023)"),
            "backtest": _("calculé (DREES 2012–2020, médecins tous modes, par département)"),
        },
        "notes": notes,
    }


def _print(out: dict[str, Any], with_backtest: bool) -> None:
    t = out["today"]
    print(
        _("Projection — {name} ({code}) — ESTIMATION, {draws} tirages").format(
            name=out["name"], code=out["territory"], draws=out["draws"]
        )
    )
    print(
        _("  aujourd'hui : {gp} généralistes, demande {demand}, APL {apl} (officielle)").format(
            gp=f"{t['gp']:.0f}",
            demand=f"{t['demand']:.0f}",
            apl=t["apl"] if t["apl"] is None else round(t["apl"], 2),
        )
    )
    exposure = out["retirement_exposure"]
    print(
        _("  exposition à la retraite : {share}").format(
            share="n.d." if exposure is None else format_percent(exposure)
        )
    )
    for h in out["horizons"]:
        g, d, a = h["gp"], h["standardised_demand"], h["apl"]
        print(
            _(
                "  +{years} ans : généralistes {gp} [{gp10} – {gp90}],"
                " demande {d} [{d10} – {d90}], APL {apl} [{apl10} – {apl90}]"
            ).format(
                years=h["years"],
                gp=f"{g['central']:.0f}",
                gp10=f"{g['p10']:.0f}",
                gp90=f"{g['p90']:.0f}",
                d=f"{d['central']:.0f}",
                d10=f"{d['p10']:.0f}",
                d90=f"{d['p90']:.0f}",
                apl=f"{a['central']:.2f}",
                apl10=f"{a['p10']:.2f}",
                apl90=f"{a['p90']:.2f}",
            )
        )
    for note in out["notes"]:
        print(_("  note : {note}").format(note=note))
    if with_backtest and "backtest" in out:
        _print_backtest(out["backtest"])


def _print_backtest(bt: dict[str, Any]) -> None:
    print(
        _(
            "  rétro-test 2016 → 2020 (DREES, médecins) : erreur absolue moyenne"
            " {mape} % (médiane {median} %) ; tendance seule {trend} %, sans changement {none} %"
        ).format(
            mape=f"{bt['mape']:.2f}",
            median=f"{bt['median_ape']:.2f}",
            trend=f"{bt['mape_trend']:.2f}",
            none=f"{bt['mape_no_change']:.2f}",
        )
    )
    for d in bt["departments"]:
        print(
            _("    {dep} : observé {observed}, projeté {projected}, erreur {error} %").format(
                dep=f"{d['dep']:>4}",
                observed=f"{d['observed_2020']:.0f}",
                projected=f"{d['projected_2020']:.0f}",
                error=f"{d['error_pct']:+.2f}",
            )
        )
