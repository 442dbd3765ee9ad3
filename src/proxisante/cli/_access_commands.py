"""The work of ``proxisante access …`` (imported only when one of them runs: the parser stays
light, see ``tests/functional/test_cli_startup.py``)."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from proxisante.access.apl import UNDER_SERVED_APL
from proxisante.access.communes import (
    AplRun,
    NearestRun,
    apl_inputs,
    commune_points,
    nearest_commune_facility,
    nearest_point_facility,
    run_apl,
)
from proxisante.access.port import TravelTimeProvider
from proxisante.access.providers import build_provider
from proxisante.cli._output import print_json, progress
from proxisante.config import Settings
from proxisante.errors import UserError
from proxisante.i18n import N_, _, format_decimal, format_percent
from proxisante.territory import load_territory
from proxisante.territory.display import local_name
from proxisante.territory.local_store import LocalStore

_ESTIMATED = N_("⚠ Temps de trajet ESTIMÉS (modèle vitesse/détour), pas un calcul routier.")
_HOSPITAL_PROXY = N_(
    "Tous les sites hospitaliers (FINESS 2020, OFSP 2017), sans distinction d'activité : ce ne"
    " sont pas des services d'urgence (--to emergency pour la liste SAE 2025)."
)


# --- apl ---------------------------------------------------------------------------------------


def apl_command(args: argparse.Namespace, settings: Settings) -> int:
    _check_out(args.out)
    provider = build_provider(args.travel, settings.home)
    terr = load_territory()
    codes = terr.communes_in(args.territory)
    area = terr.area(args.territory)
    universe = _universe(terr.communes, codes)
    if (universe["country"] == "CH").all():
        name = local_name(area.code, area.name) or area.name
        return _valais_access_command(args, universe, codes, area.code, name, provider)
    if universe["gp_liberal"].isna().all():
        raise UserError(
            _(
                "{name} ({code}) : aucune donnée d'offre de médecins généralistes dans le"
                " paquet embarqué pour ces communes (le Valais n'en a pas). Importez un fichier de"
                " professionnels : `proxisante data import professionals-csv medecins.csv`"
                " (colonnes id,profession,commune,lon,lat,activity…)."
            ).format(name=area.name, code=area.code)
        )
    store = LocalStore(settings.home)
    for _step in progress(range(1), desc="APL"):
        inputs = apl_inputs(
            universe,
            year=args.year,
            demand=args.demand,
            professionals=store.load("professionals-csv"),
            age_bands=store.load("insee-age"),
        )
        run = run_apl(inputs, provider)
    table = run.table.loc[codes]
    summary = _apl_summary(table, run, area.code, area.name, args.year, provider)
    summary["demand_basis"] = args.demand
    missing = int(table["apl"].isna().sum())
    if missing:
        summary["notes"].append(
            _(
                "{missing} commune(s) sans valeur (sans coordonnées, hors du fournisseur "
                "de temps ou sans donnée d'offre)."
            ).format(missing=missing)
        )
    if args.out is not None:
        out = table.assign(
            name=terr.communes.loc[codes, "name"].to_numpy(),
            under_served=table["apl"] < UNDER_SERVED_APL,
            provider=run.provider,
            estimated_travel_times=run.estimated,
            demand_basis=args.demand,
        )
        cols = ["name", "apl", "apl_u65", "under_served", "population", "demand", "demand_basis"]
        cols += ["supply", "provider", "estimated_travel_times"]
        _write_table(out[cols].reset_index(), args.out)
        summary["out"] = str(args.out)
    if args.json:
        print_json(summary)
        return 0
    print(
        _("APL {year} — {name} ({code}), {communes} communes").format(
            year=args.year, name=area.name, code=area.code, communes=summary["communes"]
        )
    )
    if run.estimated:
        print(_(_ESTIMATED))
    mean = summary["mean_apl"]
    print(
        _("  APL moyenne (pondérée)         : {x}").format(x="—" if mean is None else f"{mean:.2f}")
    )
    share = summary["population_share_under_2_5"]
    print(
        _("  population en zone sous-dense  : {x}").format(
            x="—" if share is None else format_percent(share)
        )
    )
    print(
        _("  offre                          : {supply_label}").format(supply_label=run.supply_label)
    )
    print(
        _("  demande                        : {demand_label}").format(demand_label=run.demand_label)
    )
    print(
        _("  temps de trajet                : {spec}  ({seconds:.2f} s)").format(
            spec=provider.name, seconds=summary["runtime_s"]
        )
    )
    for note in summary["notes"]:
        print(_("  note : {note}").format(note=_(note)))  # notes are French msgids
    if args.out is not None:
        print(_("  écrit : {out}").format(out=args.out))
    return 0


def _valais_access_command(
    args: argparse.Namespace,
    universe: pd.DataFrame,
    codes: list[str],
    code: str,
    name: str,
    provider: TravelTimeProvider,
) -> int:
    """Valais has no APL: the same engine on Swiss inputs gives its own indicator, named as
    such (:mod:`proxisante.access.valais`), estimated FTE within reach per 1,000 inhabitants."""
    from proxisante.access.valais import valais_access
    from proxisante.territory.valais import ACCESS_SOURCE

    values = valais_access(universe, provider).loc[codes]
    pop = universe.loc[codes, "population"].astype(float)
    ok = values.notna()
    mean = float(np.average(values[ok], weights=pop[ok])) if pop[ok].sum() > 0 else None
    summary = {
        "territory": code,
        "name": name,
        "indicator": "valais_access",
        "unit": "fte_per_1000",
        "nature": "estimate",
        "not_the_apl": True,
        "communes": len(codes),
        "communes_with_value": int(ok.sum()),
        "population": int(pop.sum()),
        "mean": None if mean is None else round(mean, 3),
        "source": ACCESS_SOURCE,
        "travel": provider.name,
    }
    if args.out is not None:
        table = pd.DataFrame(
            {
                "code": codes,
                "name": universe.loc[codes, "name"].to_numpy(),
                "valais_access_fte_per_1000": values.to_numpy(),
                "population": pop.to_numpy(),
            }
        )
        _write_table(table, args.out)
        summary["out"] = str(args.out)
    if args.json:
        print_json(summary)
        return 0
    print(
        _(
            "{name} ({code}), {n} communes : pas d'APL en Suisse ; accessibilité estimée du "
            "Valais (même méthode E2SFCA, offre estimée OVS 2018)"
        ).format(name=name, code=code, n=len(codes))
    )
    print(_(_ESTIMATED))
    print(
        _("  accessibilité moyenne (pondérée) : {x} EPT pour 1 000 hab. (estimation)").format(
            x="—" if mean is None else format_decimal(mean, 2)
        )
    )
    print(_("  source : {source}").format(source=_(ACCESS_SOURCE)))
    if args.out is not None:
        print(_("  écrit : {out}").format(out=args.out))
    return 0


def _apl_summary(
    table: pd.DataFrame, run: AplRun, code: str, name: str, year: int, provider: TravelTimeProvider
) -> dict[str, Any]:
    ok = table["apl"].notna()
    demand = table.loc[ok, "demand"]
    pop = table.loc[ok, "population"]
    mean = float(np.average(table.loc[ok, "apl"], weights=demand)) if demand.sum() > 0 else None
    share = (
        float(pop[table.loc[ok, "apl"] < UNDER_SERVED_APL].sum() / pop.sum())
        if pop.sum() > 0
        else None
    )
    return {
        "territory": code,
        "name": name,
        "year": year,
        "provider": run.provider,
        "travel": provider.name,
        "travel_times_estimated": run.estimated,
        "communes": len(table),
        "communes_with_value": int(ok.sum()),
        "population": int(table["population"].sum()),
        "mean_apl": mean,
        "population_share_under_2_5": share,
        "under_served_threshold": UNDER_SERVED_APL,
        "runtime_s": round(run.seconds, 3),
        "supply": run.supply_label,
        "demand": run.demand_label,
        "notes": list(run.notes),
    }


# --- nearest -----------------------------------------------------------------------------------


def nearest_command(args: argparse.Namespace, settings: Settings) -> int:
    _check_out(args.out)
    if not np.isfinite(args.threshold) or args.threshold <= 0:
        raise UserError(
            _("--threshold {value} : nombre de minutes > 0 attendu (ex. 30).").format(
                value=args.threshold
            )
        )
    provider = build_provider(args.travel, settings.home)
    terr = load_territory()
    codes = terr.communes_in(args.territory)
    area = terr.area(args.territory)
    universe = _universe(terr.communes, codes)
    points = commune_points(universe)
    cutoff = max(60.0, 2.0 * float(args.threshold))
    sel = pd.Index(points.codes).get_indexer(pd.Index(codes))
    start = time.perf_counter()
    notes: list[str] = []
    if args.to == "gp":
        gp = universe["gp_liberal"].to_numpy(dtype=np.float64)
        if np.isnan(gp).all():
            raise UserError(
                _(
                    "{name} : aucune donnée de médecins généralistes pour ces communes"
                    " (le Valais n'en a pas dans le paquet embarqué)."
                ).format(name=area.name)
            )
        run = nearest_commune_facility(points, np.nan_to_num(gp) > 0, provider, cutoff, sel)
        facility = _("médecin généraliste libéral (BPE 2020, au point de la commune)")
    else:
        store = LocalStore(settings.home)
        sites, facility, site_notes = _facility_sites(
            args.to, terr.hospitals, store.load("structures-csv"), universe, store.load("finess")
        )
        notes.extend(site_notes)
        if args.to == "emergency":
            run = _nearest_emergency(points, sites, provider, cutoff, sel)
        else:
            run = nearest_point_facility(points, sites, provider, cutoff, sel)
    seconds = time.perf_counter() - start
    minutes = run.minutes
    known = run.covered
    pop = universe["population"].fillna(0).to_numpy(dtype=np.float64)[sel]
    total = pop[known].sum()
    beyond = float(pop[known & (minutes > args.threshold)].sum() / total) if total > 0 else None
    finite = known & np.isfinite(minutes)
    summary = {
        "territory": area.code,
        "name": area.name,
        "to": args.to,
        "facility": facility,
        "provider": run.provider,
        "travel": provider.name,
        "travel_times_estimated": run.estimated,
        "communes": len(codes),
        "communes_covered": int(known.sum()),
        "threshold_min": args.threshold,
        "cutoff_min": cutoff,
        "population_share_beyond_threshold": beyond,
        "mean_minutes_population_weighted": (
            float(np.average(np.minimum(minutes[known], cutoff), weights=pop[known]))
            if total > 0
            else None
        ),
        "communes_beyond_cutoff": int((known & ~np.isfinite(minutes)).sum()),
        "max_minutes": float(minutes[finite].max()) if finite.any() else None,
        "runtime_s": round(seconds, 3),
        "notes": [*run.notes, *notes],
    }
    if args.out is not None:
        out = pd.DataFrame(
            {
                "code": codes,
                "name": universe.loc[codes, "name"].to_numpy(),
                "minutes": np.where(known & np.isfinite(minutes), minutes, np.nan),
                "beyond_cutoff": known & ~np.isfinite(minutes),
                "population": pop,
                "facility": args.to,
                "provider": run.provider,
                "estimated_travel_times": run.estimated,
            }
        )
        _write_table(out, args.out)
        summary["out"] = str(args.out)
    if args.json:
        print_json(summary)
    else:
        _print_nearest(args, f"{area.name} ({area.code})", facility, run.estimated, summary)
    return 0


def _print_nearest(
    args: argparse.Namespace, area: str, facility: str, estimated: bool, summary: dict[str, Any]
) -> None:
    print(
        _("Temps d'accès au plus proche {facility} — {area}").format(facility=facility, area=area)
    )
    if estimated:
        print(_(_ESTIMATED))
    beyond = summary["population_share_beyond_threshold"]
    share = "—" if beyond is None else format_percent(beyond)
    print(
        "  "
        + _("population à plus de {minutes} min : {share}").format(
            minutes=f"{args.threshold:g}", share=share
        )
    )
    for note in summary["notes"]:
        print(_("  note : {note}").format(note=_(note)))  # notes are French msgids
    if args.out is not None:
        print(_("  écrit : {out}").format(out=args.out))


_STRUCTURE_LABELS = {
    "emergency": N_("service d'urgence ou SMUR (importé)"),
    "msp": N_("maison de santé pluriprofessionnelle (importée)"),
    "centre_sante": N_("centre de santé (importé)"),
    "pharmacy": N_("pharmacie (importée)"),
    "maison_de_garde": N_("maison médicale de garde (importée)"),
}


def _facility_sites(
    kind: str,
    hospitals: pd.DataFrame,
    structures: pd.DataFrame | None,
    universe: pd.DataFrame,
    finess: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, str, list[str]]:
    """Facility points (``lon``, ``lat``, ``commune``) of a kind, its label and notes.

    Hospitals and emergency departments (DREES SAE 2025, Valais facts) come from the bundle;
    other kinds from an imported ``structures-csv`` file, which replaces the bundle's emergency
    departments too (:mod:`proxisante.territory.emergency`).
    """
    countries = set(universe["country"])
    bundle_sites = hospitals[hospitals["country"].isin(countries)]
    bundle_sites = bundle_sites[bundle_sites["lon"].notna() & bundle_sites["lat"].notna()]
    if kind == "hospital":
        return (bundle_sites, _("site hospitalier (FINESS 2020, OFSP 2017)"), [_(_HOSPITAL_PROXY)])
    if kind == "emergency":
        from proxisante.territory.emergency import emergency_sites

        found = emergency_sites(hospitals, universe, structures, finess)
        table = found.table[found.table["lon"].notna() & found.table["lat"].notna()]
        if found.proxy:
            table = table[table["country"].isin(countries)]
        if found.proxy and countries == {"CH"}:  # Valais: its departments, not the proxy
            from proxisante.territory.valais import ED_SOURCE

            return table, _("service d'urgence (Valais)"), [_(ED_SOURCE)]
        return table, found.label, list(found.notes)
    chosen = pd.DataFrame(columns=["lon", "lat", "commune"])
    if structures is not None and len(structures):
        chosen = structures[structures["type"] == kind].copy()
        # A structure given by its commune only is placed at the commune's point.
        where = universe.reindex(chosen["commune"].astype(str))
        chosen["lon"] = chosen["lon"].fillna(pd.Series(where["lon"].to_numpy(), chosen.index))
        chosen["lat"] = chosen["lat"].fillna(pd.Series(where["lat"].to_numpy(), chosen.index))
        chosen = chosen[chosen["lon"].notna() & chosen["lat"].notna()]
    if len(chosen):
        return (
            chosen,
            _(_STRUCTURE_LABELS[kind]),
            [_("{n_chosen} structure(s) importée(s).").format(n_chosen=len(chosen))],
        )
    raise UserError(
        _(
            "--to {kind} : aucune structure de ce type dans les fichiers importés. Importez-les :"
            " `proxisante data import structures-csv structures.csv` (colonnes id,type,name,"
            "commune,lon,lat ; type = {kind})."
        ).format(kind=kind)
    )


def _nearest_emergency(
    points: Any, sites: pd.DataFrame, provider: TravelTimeProvider, cutoff: float, sel: np.ndarray
) -> NearestRun:
    """Minutes to the nearest emergency department that counts with no date given (the
    diagnosis's rule: seasonal-only sites left out, part-time sites by day)."""
    from proxisante.access.emergency import emergency_times

    codes = [points.codes[i] for i in sel]
    ed = emergency_times(codes, sites, provider, cutoff_min=cutoff)
    return NearestRun(ed.minutes, ed.covered, cutoff, ed.provider, ed.estimated, ed.notes)


# --- fidelity ----------------------------------------------------------------------------------


def fidelity_command(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.access.fidelity_run import fidelity_report
    from proxisante.territory.bundle import load_department_health
    from proxisante.territory.emergency import check_against_bpe, emergency_sites

    provider = build_provider(args.travel, settings.home)
    terr = load_territory()
    fr = terr.communes[terr.communes["country"] == "FR"]
    if getattr(args, "profession", "gp") == "nurse":
        return _nurse_fidelity(args, fr, provider)
    # The local store is not read here: fidelity measures the bundle's open inputs.
    sites = emergency_sites(terr.hospitals, terr.communes)
    check = check_against_bpe(sites.table, load_department_health(), sites.label_for(["FR"]))
    emergency = check.summary() | {"label": sites.label_for(["FR"])}
    for _step in progress(range(1), desc="fidélité"):
        report = fidelity_report(fr, args.year, provider, args.demand, emergency)
    if args.json:
        print_json(report.as_dict())
        return 0
    print(
        _("Fidélité à l'APL DREES {year} ({provider})").format(
            year=report.year, provider=report.provider
        )
    )
    if report.estimated:
        print(_(_ESTIMATED))
    print(
        f"{_('niveau'):<24} {'n':>6} {'Spearman':>9} {_('EAM'):>6}"
        f" {_('sous-dense (com./pop.)'):>24}"
    )
    for part, block in (
        ("", report.all_departements),
        ("entraînement ", report.training_even),
        (_("tenu à l'écart "), report.held_out_odd),
    ):
        for name, s in block.items():
            print(
                f"{part + name:<24} {s.n:>6} {s.spearman:>9.3f} {s.mean_absolute_error:>6.2f}"
                f" {format_percent(s.under_served_agreement_areas):>11}"
                " / " + format_percent(s.under_served_agreement_population)
            )
    print(
        _(
            "Urgences ({label}) : Spearman par département {spearman:.3f}, {total} sites pour "
            "{total_bpe_2024} services (BPE 2024)."
        ).format(
            label=sites.label_for(["FR"]),
            spearman=check.spearman,
            total=check.total_sites,
            total_bpe_2024=check.total_bpe_2024,
        )
    )
    return 0


def _nurse_fidelity(args: argparse.Namespace, fr: pd.DataFrame, provider: Any) -> int:
    from proxisante.access.fidelity_run import nurse_fidelity_report
    from proxisante.territory.bundle import load_bassins_vie, load_nurses_liberal

    for _step in progress(range(1), desc=_("fidélité")):
        report = nurse_fidelity_report(
            fr, args.year, provider, load_nurses_liberal(), load_bassins_vie()
        )
    if args.json:
        print_json(report.as_dict())
        return 0
    print(
        _("Fidélité à l'APL aux infirmières DREES {year} ({provider})").format(
            year=report.year, provider=report.provider
        )
    )
    if report.estimated:
        print(_(_ESTIMATED))
    print(_("  offre    : {x}").format(x=report.supply_label))
    print(_("  demande  : {x}").format(x=report.demand_label))
    print(
        _("  APL nationale : officielle {a}, calculée {b} (ETP / 100 000 hab. std)").format(
            a=format_decimal(report.national_official, 1),
            b=format_decimal(report.national_computed, 1),
        )
    )
    print(f"{_('niveau'):<30} {'n':>6} {'Spearman':>9} {_('EAM'):>7}")
    blocks = [
        ("", report.all_departements),
        (_("entraînement "), report.training_even),
        (_("tenu à l'écart "), report.held_out_odd),
    ]
    blocks += [(_("offre {m} ").format(m=m), b) for m, b in report.variants.items()]
    for part, block in blocks:
        for name, s in block.items():
            print(
                f"{part + name:<30} {s.n:>6} {s.spearman:>9.3f}"
                f" {format_decimal(s.mean_absolute_error, 1):>7}"
            )
    for note in report.notes:
        print(_("  note : {note}").format(note=note))
    return 0


# --- helpers -----------------------------------------------------------------------------------


def _universe(communes: pd.DataFrame, codes: list[str]) -> pd.DataFrame:
    """Communes of the countries of ``codes``: neighbours outside the area count too."""
    countries = set(communes.loc[codes, "country"])
    return communes[communes["country"].isin(countries)]


def _check_out(path: Path | None) -> None:
    if path is None:
        return
    if path.suffix.lower() not in (".csv", ".parquet"):
        raise UserError(
            _(
                "--out {path} : extension non prise en charge. Attendu .csv ou .parquet"
                " (ex. --out apl.csv)."
            ).format(path=path)
        )
    if not path.parent.exists():
        raise UserError(
            _("--out {path} : le dossier {folder} n'existe pas.").format(
                path=path, folder=path.parent
            )
        )


def _write_table(table: pd.DataFrame, path: Path) -> None:
    """Write atomically (temporary file in the same folder, then ``os.replace``)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        if path.suffix.lower() == ".parquet":
            table.to_parquet(tmp, index=False)
        else:
            table.to_csv(tmp, index=False)
        os.replace(tmp, path)
    except OSError as exc:
        raise UserError(
            _("--out {path} : écriture impossible ({reason}).").format(
                path=path, reason=exc.strerror
            )
        ) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
