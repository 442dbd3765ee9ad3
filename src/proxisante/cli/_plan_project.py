"""The work of ``proxisante plan project`` (imported only when it runs)."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from proxisante.access.providers import build_provider
from proxisante.access.traveltimes import TravelTimes
from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import _, format_decimal, format_percent
from proxisante.planning.projection import backtest as bt
from proxisante.planning.projection import demography as dm
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection import local_exits as le
from proxisante.planning.projection import options as po
from proxisante.planning.projection import retirement as rt
from proxisante.planning.projection import territorial as tp
from proxisante.territory import bundle, load_territory


def project_command(args: argparse.Namespace, settings: Settings) -> int:
    opts = po.check(
        args.years,
        args.draws,
        args.entry_rate,
        args.work_after_65,
        args.work_after_65_years,
        args.demand,
    )
    from proxisante.planning.scenarios.baseline import build_baseline

    terr = load_territory()
    area = terr.area(args.territory)
    codes = terr.communes_in(args.territory)
    base = build_baseline(
        terr, settings.home, build_provider(args.travel, settings.home), [], demand=opts.demand
    )
    com = terr.communes.loc[list(base.codes)]
    index = pd.Index(base.codes)
    territory = index.get_indexer(pd.Index([c for c in codes if c in set(base.codes)]))
    if territory.size == 0:
        raise UserError(
            _("{name} ({code}) : aucune commune française à projeter.").format(
                name=area.name, code=area.code
            )
        )
    times = TravelTimes(base.state.minutes, 20.0)
    ages = bundle.load_workforce_ages()
    work = opts.work(ages)
    places = tp.estimate_places(com, base.state.supply, _standardised(com), times, around=territory)
    share, structure, imported = _with_imported_ages(places.share_65, com, ages, settings)
    growth = dm.demand_growth(dm.Pyramids.from_table(bundle.load_population_ages()), opts.demand)
    inputs, rates = tp.projection_inputs(
        com,
        share,
        None,
        ages,
        bundle.load_department_health(),
        growth,
        opts.entry_rate,
        work,
        structure,
        rt.calibrate(ages, *po.CALIBRATION_YEARS),
    )
    exposure = le.catchment_exposure(
        com["apl_2023"].to_numpy(dtype=np.float64), com["apl_2023_le65"].to_numpy(dtype=np.float64)
    )
    shared = tp.Shared(
        inputs,
        base.state.supply,
        base.state.demand,
        base.official,
        base.state.apl,
        times,
        territory,
        opts.years,
        pj.Uncertainty(),
        exposure,
    )
    summary = tp.project(shared, opts.draws, args.seed, args.scheduler)
    estimated_here = int(places.estimated[territory].sum())
    notes = _notes(rates, opts, imported, estimated_here, places.residual)
    out = _summary(area.code, area.name, summary, shared, notes, base.estimated_times, opts)
    out["retirement_exposure"] = tp.mean_exposure(shared)
    out["place_share_65"] = tp.place_share(shared)
    out["work_after_65"] = asdict(work)
    if args.backtest:
        out["backtest"] = _backtests(com, base.state.supply, times, ages)
    if args.json:
        print_json(out)
        return 0
    _print(out)
    return 0


def _standardised(com: pd.DataFrame, year: int = 2023) -> np.ndarray:
    """DREES standardised population (plain population where it is missing): the demand of the
    DREES catchment that the inversion reproduces, whatever the run's demand."""
    values = com[f"pop_std_{year}"].to_numpy(dtype=np.float64)
    return np.where(np.isfinite(values), values, com["population"].fillna(0).to_numpy(float))


def _with_imported_ages(
    share: np.ndarray, com: pd.DataFrame, ages: pd.DataFrame, settings: Settings
) -> tuple[np.ndarray, rt.AgeStructure, int]:
    """Where an imported professionals file gives GPs' ages, the commune's own bands (headcount
    shares) replace the estimate and the national structure: returns the shares over 65, the
    bands and how many communes have imported ages."""
    from proxisante.territory.local_store import LocalStore

    national = rt.structure(ages, tp.AGES_YEAR, share)
    pros = LocalStore(settings.home).load("professionals-csv")
    if pros is None or pros.empty or "age" not in pros.columns:
        return share, national, 0
    gps = pros[(pros["profession"] == "gp") & pros["age"].notna()]
    where = pd.Index(com.index).get_indexer(pd.Index(gps["commune"].astype(str)))
    gps, where = gps[where >= 0], where[where >= 0]
    if not len(gps):
        return share, national, 0
    age = gps["age"].astype(float).to_numpy()
    n = len(com)
    count = np.bincount(where, minlength=n).astype(float)
    known = count > 0

    def local(mask: np.ndarray, fallback: Any) -> np.ndarray:
        part = np.bincount(where, weights=mask.astype(float), minlength=n)
        share = np.divide(part, count, out=np.zeros(n), where=known)
        out: np.ndarray = np.where(known, share, fallback)
        return out

    s65 = local(age > 65, share)
    bands = rt.AgeStructure(
        local((age >= 50) & (age < 55), national.s50),
        local((age >= 55) & (age < 60), national.s55),
        local((age >= 60) & (age <= 65), national.s60),
        s65,
    )
    return s65, bands, int(known.sum())


def _backtests(
    com: pd.DataFrame, supply: np.ndarray, times: TravelTimes, ages: pd.DataFrame
) -> dict[str, Any]:
    """The three backtests by département: doctors 2016 → 2020 (DREES), GPs 2020 → 2024 (BPE,
    local exits from the APL 2022), demand (INSEE pyramids)."""
    health = bundle.load_department_health()
    workforce = bundle.load_workforce()
    places = tp.estimate_places(com, supply, _standardised(com, 2022), times, year=2022)
    frame = pd.DataFrame(
        {"dep": tp.dep_codes(com).to_numpy(), "x": places.share_65 * supply, "o": supply}
    )
    g = frame.groupby("dep")[["x", "o"]].sum()
    dep_share = (g["x"] / g["o"]).where(g["o"] > 0)
    doctors = bt.doctors(workforce, ages)
    gps = bt.gps(health, workforce, ages, dep_share)
    pyramids = dm.Pyramids.from_table(bundle.load_population_ages())
    demand = dm.backtest(pyramids)
    return {
        "doctors": asdict(doctors) | {"best": doctors.best},
        "gps": asdict(gps) | {"best": gps.best},
        "demand": {
            "kind": demand.kind,
            "mape": [
                {"base": b, "years": y, "cohort": c, "trend": t, "no_change": z}
                for b, y, c, t, z in demand.mape
            ],
            "departments": [asdict(r) for r in demand.rows],
        },
        "inversion_residual_2022": places.residual,
    }


def _notes(
    r: tp.Rates, opts: po.ProjectionOptions, imported: int, estimated: int, residual: float
) -> list[str]:
    u50, u55, u60 = r.under_65
    w = r.work
    notes = [
        _(
            "Sorties (lieu d'exercice) : part de l'offre située dans chaque commune assurée par"
            " des médecins de plus de 65 ans, ESTIMÉE par inversion de l'APL et de l'APL ≤ 65 ans"
            " (DREES 2023, officielles, décrivant ce que les habitants atteignent) : {n} lieux"
            " d'exercice du territoire estimés, écart d'ajustement {res}."
        ).format(n=estimated, res=format_decimal(residual, 3)),
        _(
            "Moins de 65 ans : structure NATIONALE de tous les médecins (DREES {year}, pas de"
            " données par département ni pour les seuls généralistes) : 50–54 ans {u50},"
            " 55–59 ans {u55}, 60–64 ans {u60} des moins de 65 ans ; ils atteignent 65 ans au fil"
            " des années 1 à 10."
        ).format(
            year=tp.AGES_YEAR,
            u50=format_percent(u50),
            u55=format_percent(u55),
            u60=format_percent(u60),
        ),
        (
            _(
                "Exercice après 65 ans : {share} des médecins qui atteignent 65 ans continuent,"
                " {years} ans en moyenne ; sorties avant 65 ans {early} par an (calé sur les"
                " effectifs nationaux {source})."
            )
            if w.calibrated_on
            else _(
                "Exercice après 65 ans (PARAMÈTRE fixé par l'utilisateur, pour les années à"
                " venir) : {share} des médecins qui atteignent 65 ans continuent, {years} ans en"
                " moyenne ; sorties avant 65 ans {early} par an. Les sorties déjà absorbées par"
                " la tendance restent celles du calage DREES."
            )
        ).format(
            share=format_percent(w.keep_share, 0),
            years=format_decimal(w.keep_years, 1),
            early=format_percent(w.early_exit),
            source=w.calibrated_on,
        ),
        _(
            "Entrées : tendance observée du département (BPE 2020 → 2024) + sorties que cette"
            " tendance a déjà absorbées (même modèle de sorties sur quatre ans)."
        )
        if opts.entry_rate is None
        else _("Entrées : taux fixé par l'utilisateur ({rate} du stock par an).").format(
            rate=format_percent(opts.entry_rate)
        ),
        _(
            "Demande : population standardisée DREES 2023 par commune, évoluant comme la"
            " pyramide des âges INSEE de son département (1990–2021) projetée par cohortes"
            " (Hamilton–Perry) et pondérée par les poids de consommation DREES 2023."
        )
        if opts.demand == "drees-standardised"
        else _(
            "Demande : population municipale NON standardisée (option --demand population),"
            " évoluant comme la population INSEE de son département projetée par cohortes."
        ),
        _(
            "Médecins : généralistes libéraux BPE 2020 ; entrées placées là où exercent déjà des"
            " médecins."
        ),
    ]
    if imported:
        notes.append(
            _(
                "Âges des médecins IMPORTÉS (fichier de professionnels) pour {n}"
                " commune(s) : parts locales par tranche d'âge à la place de l'estimation et de"
                " la structure nationale."
            ).format(n=imported)
        )
    return notes


def _summary(
    code: str,
    name: str,
    s: pj.Summary,
    shared: tp.Shared,
    notes: list[str],
    estimated: bool,
    opts: po.ProjectionOptions,
) -> dict[str, Any]:
    t = shared.territory
    today: dict[str, float | None] = {
        "gp": float(shared.inputs.gp_today[t].sum()),
        "demand": float(shared.demand[t].sum()),
    }
    off = shared.official[t]
    ok = np.isfinite(off)
    today["apl"] = float(np.average(off[ok], weights=shared.demand[t][ok])) if ok.any() else None
    demand_key = "standardised_demand" if opts.demand == "drees-standardised" else "population"
    horizons = [
        {
            "years": h.years,
            "gp": {"central": h.central_gp, "p10": h.gp[0], "p50": h.gp[1], "p90": h.gp[2]},
            demand_key: {
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
        "demand_kind": opts.demand,
        "travel_times_estimated": estimated,
        "nature": {
            "today.apl": _("officiel"),
            "today.gp": _("officiel"),
            "horizons": _("estimation (projection stock-flux, bandes P10–P90 par Monte Carlo)"),
            "retirement_exposure": _("calculé à partir de valeurs officielles"),
            "place_share_65": _("estimation (inversion de l'APL)"),
            "work_after_65": _("calculé (calage sur les effectifs DREES)")
            if shared.inputs.work.calibrated_on
            else _("paramètre fixé par l'utilisateur"),
            "backtest": _("calculé"),
        },
        "sources": {
            "today.apl": _("DREES, APL 2023 (moyenne pondérée par la population standardisée)"),
            "today.gp": _("INSEE BPE 2020 via ANCT, médecins généralistes libéraux"),
            "horizons": _(
                "ProxiSanté, à partir de DREES APL 2023 et APL ≤ 65 ans, DREES démographie des"
                " médecins 2012–2020, INSEE BPE 2020 et 2024, INSEE estimations de population"
                " par département et âge 1990–2021"
            ),
            "retirement_exposure": _("DREES, APL 2023 et APL 2023 hors médecins de plus de 65 ans"),
            "place_share_65": _(
                "ProxiSanté, inversion de DREES APL 2023 et APL ≤ 65 ans (temps de trajet et"
                " offre du modèle)"
            ),
            "work_after_65": _("DREES, démographie des médecins 2012–2020 (France entière)"),
            "backtest": _(
                "DREES démographie des médecins 2012–2020 ; INSEE BPE 2020 et 2024 ; DREES APL"
                " 2022 ; INSEE estimations de population 1990–2021"
            ),
        },
        "method": {
            "supply": "stock-flow",
            "demand": opts.demand,
            "demand_projection": "cohort-change-ratios",
            "anchoring": "additive, >= 0",
        },
        "notes": notes,
    }


def _pct(x: float | None) -> str:
    return "n.d." if x is None else format_percent(x)


def _print(out: dict[str, Any]) -> None:
    t = out["today"]
    print(
        _("Projection — {name} ({code}) — ESTIMATION, {draws} tirages").format(
            name=out["name"], code=out["territory"], draws=out["draws"]
        )
    )
    print(
        _("  aujourd'hui : {gp} généralistes, demande {demand}, APL {apl} (officielle)").format(
            gp=format_decimal(t["gp"]),
            demand=format_decimal(t["demand"]),
            apl="n.d." if t["apl"] is None else format_decimal(t["apl"], 2),
        )
    )
    print(
        _(
            "  exposition à la retraite (ce que les habitants atteignent, calculé) : {share} ;"
            " part de l'offre située ici assurée par des plus de 65 ans (estimation) : {place}"
        ).format(share=_pct(out["retirement_exposure"]), place=_pct(out["place_share_65"]))
    )
    for h in out["horizons"]:
        g, a = h["gp"], h["apl"]
        d = h.get("standardised_demand") or h["population"]
        print(
            _(
                "  +{years} ans : généralistes {gp} [{gp10} – {gp90}],"
                " demande {d} [{d10} – {d90}], APL {apl} [{apl10} – {apl90}]"
            ).format(
                years=h["years"],
                gp=format_decimal(g["central"]),
                gp10=format_decimal(g["p10"]),
                gp90=format_decimal(g["p90"]),
                d=format_decimal(d["central"]),
                d10=format_decimal(d["p10"]),
                d90=format_decimal(d["p90"]),
                apl=format_decimal(a["central"], 2),
                apl10=format_decimal(a["p10"], 2),
                apl90=format_decimal(a["p90"], 2),
            )
        )
    for note in out["notes"]:
        print(_("  note : {note}").format(note=note))
    print(
        _("  nature : projections {h} ; parts par lieu d'exercice {p}").format(
            h=out["nature"]["horizons"], p=out["nature"]["place_share_65"]
        )
    )
    print(_("  sources : {src}").format(src=out["sources"]["horizons"]))
    if "backtest" in out:
        _print_backtest(out["backtest"])


def _print_backtest(b: dict[str, Any]) -> None:
    titles = {
        "doctors": _("médecins (DREES, tous modes), 2012–2016 → 2020"),
        "gps": _(
            "généralistes libéraux (BPE), 2020 → 2024 ; tendance : médecins DREES 2016 → 2020"
        ),
    }
    for key, title in titles.items():
        r = b[key]
        print(
            _(
                "  rétro-test {title} : erreur absolue moyenne stock-flux {mape} % (médiane"
                " {median} %) ; tendance seule {trend} % ; sans changement {none} % ; meilleure"
                " règle : {best}"
            ).format(
                title=title,
                mape=format_decimal(r["mape"], 2),
                median=format_decimal(r["median_ape"], 2),
                trend=format_decimal(r["mape_trend"], 2),
                none=format_decimal(r["mape_no_change"], 2),
                best=r["best"],
            )
        )
        for d in r["departments"]:
            print(
                _(
                    "    {dep} : observé {observed}, projeté {projected} ({error} %), tendance"
                    " {trend} %, sans changement {none} %"
                ).format(
                    dep=f"{d['dep']:>4}",
                    observed=format_decimal(d["observed"]),
                    projected=format_decimal(d["projected"]),
                    error=format_decimal(d["error_pct"], 2),
                    trend=format_decimal(d["trend_error_pct"], 2),
                    none=format_decimal(d["no_change_error_pct"], 2),
                )
            )
    for m in b["demand"]["mape"]:
        print(
            _(
                "  rétro-test demande {base} → {end} (INSEE, par département) : cohortes"
                " {cohort} %, tendance {trend} %, sans changement {none} %"
            ).format(
                base=m["base"],
                end=m["base"] + m["years"],
                cohort=format_decimal(m["cohort"], 2),
                trend=format_decimal(m["trend"], 2),
                none=format_decimal(m["no_change"], 2),
            )
        )
