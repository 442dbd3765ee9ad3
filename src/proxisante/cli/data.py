"""``proxisante data info|import``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.i18n import N_, _

# Kinds and what they read (kept here so that `--help` needs no import of the importers; a test
# checks it matches proxisante.territory.importers.IMPORTERS).
KINDS = {
    "rpps": N_("extraction RPPS PS_LibreAcces_Personne_activite (séparateur « | »)"),
    "finess": N_("extraction FINESS des établissements (stock etalab, séparateur « ; »)"),
    "insee-age": N_("population INSEE par tranche d'âge et par commune (« ; »)"),
    "professionals-csv": N_("CSV de professionnels (« , »)"),
    "structures-csv": N_("CSV de structures (« , »)"),
}


def register(sub: Any) -> None:
    p = sub.add_parser("data", help=_("le paquet de données intégré et les fichiers importés"))
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION", parser_class=type(p))
    dsub.required = True
    info = dsub.add_parser(
        "info", help=_("ce que contiennent le paquet de données intégré et le stockage local")
    )
    info.add_argument("--json", action="store_true")
    info.set_defaults(func=run_info)
    imp = dsub.add_parser(
        "import",
        help=_("valider et importer un fichier officiel dans le stockage local"),
        description=_("Types : {kinds}").format(
            kinds="; ".join(f"{k} : {_(v)}" for k, v in KINDS.items())
        ),
    )
    imp.add_argument("kind", choices=sorted(KINDS), metavar="KIND")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument(
        "--encoding", default="utf-8", help=_("encodage du texte de FILE (défaut utf-8)")
    )
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)
    sites = dsub.add_parser(
        "sites",
        help=_(
            "sites de structures utilisés (emergency : services d'urgence SAE 2025 et Valais, "
            "ou liste importée ; hospital : tous les sites hospitaliers)"
        ),
    )
    sites.add_argument("--kind", choices=("emergency", "hospital"), default="emergency")
    sites.add_argument(
        "--when",
        metavar="DATE[THH:MM]",
        help=_(
            "moment considéré (emergency) : AAAA-MM-JJ (saison) ou AAAA-MM-JJTHH:MM (heures "
            "d'ouverture) ; sans lui, les services saisonniers seulement ne comptent pas et "
            "ceux de jour comptent « de jour seulement »"
        ),
    )
    sites.add_argument(
        "--territory",
        default="fr",
        metavar="CODE",
        help=_("code du territoire (fr, dep:03, 200071363…)"),
    )
    sites.add_argument("--json", action="store_true")
    sites.set_defaults(func=run_sites)


def bundle_info() -> dict[str, Any]:
    from proxisante.territory import load_territory
    from proxisante.territory.bundle import bundle_dir, read_provenance

    terr = load_territory()
    com = terr.communes
    fr = com[com["country"] == "FR"]
    ch = com[com["country"] == "CH"]
    levels = terr.areas["level"].value_counts().to_dict()
    prov = read_provenance()
    size = sum(p.stat().st_size for p in bundle_dir().iterdir())
    return {
        "bundle_size_mb": round(size / 1e6, 2),
        "france": {
            "communes": len(fr),
            "communes_with_point": int(fr[["lon", "lat"]].notna().all(axis=1).sum()),
            "communes_with_population": int(fr["population"].notna().sum()),
            "population": int(fr["population"].sum()),
            "arrondissements_municipaux": len(terr.arrondissements),
            "epci": int(levels.get("epci", 0)),
            "departements": int(levels.get("departement", 0)),
            "regions": int(levels.get("region", 0)),
            "gp_liberal": int(fr["gp_liberal"].sum()),
            "communes_with_apl_2023": int(fr["apl_2023"].notna().sum()),
            "communes_with_apl_2022": int(fr["apl_2022"].notna().sum()),
            "communes_with_median_income_2021": int(fr["income_median_2021"].notna().sum()),
            "hospital_sites": int((terr.hospitals["country"] == "FR").sum()),
        },
        "valais": {
            "communes": len(ch),
            "districts": int(ch["district"].nunique()),
            "regions": int(levels.get("ch_region", 0)),
            "population": int(ch["population"].sum()),
            "hospital_sites_switzerland": int((terr.hospitals["country"] == "CH").sum()),
        },
        "vintages": {s["id"]: s["vintage"] for s in prov["sources"]},
        "publishers": sorted({s["publisher"] for s in prov["sources"]}),
        "sources": prov["sources"],
        "notes": prov["notes"],
    }


def run_info(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.territory.local_store import LocalStore

    info = bundle_info()
    info["imported"] = LocalStore(settings.home).inventory()
    if args.json:
        print_json(info)
        return 0
    fr, vs = info["france"], info["valais"]
    print(_("Bundle embarqué ({bundle_size_mb} Mo)").format(bundle_size_mb=info["bundle_size_mb"]))
    print(
        _(
            "  France : {communes} communes ({communes_with_point} localisées), "
            "{epci} EPCI, {departements} départements, {regions} régions, "
            "{gp_liberal} généralistes libéraux, {hospital_sites} sites hospitaliers"
        ).format(
            communes=fr["communes"],
            communes_with_point=fr["communes_with_point"],
            epci=fr["epci"],
            departements=fr["departements"],
            regions=fr["regions"],
            gp_liberal=fr["gp_liberal"],
            hospital_sites=fr["hospital_sites"],
        )
    )
    print(
        _("  Valais : {communes} communes, {districts} districts, {regions} régions").format(
            communes=vs["communes"], districts=vs["districts"], regions=vs["regions"]
        )
    )
    print(_("Sources :"))
    for s in info["sources"]:
        print(f"  - {s['content']} — {s['publisher']} ({s['vintage']}; {s['licence']})")
    print(
        _("Données importées : ")
        + (
            ", ".join(
                _("{k} ({rows} lignes, {source}, {imported_at})").format(
                    k=k, rows=v["rows"], source=v["source"], imported_at=v["imported_at"]
                )
                for k, v in info["imported"].items()
            )
            or "aucune"
        )
    )
    return 0


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.territory.importers import import_file
    from proxisante.territory.importers._geography import load_geography
    from proxisante.territory.local_store import LocalStore

    result = import_file(args.kind, args.file, load_geography(), encoding=args.encoding)
    meta = LocalStore(settings.home).save(result.kind, result.table, source=result.source)
    if args.json:
        print_json(meta)
    else:
        print(
            _("{rows} ligne(s) importée(s) ({kind}) depuis {source}.").format(
                rows=meta["rows"], kind=args.kind, source=result.source
            )
        )
    return 0


def run_sites(args: argparse.Namespace, settings: Settings) -> int:
    from proxisante.territory import load_territory
    from proxisante.territory.local_store import LocalStore

    terr = load_territory()
    area = terr.area(args.territory)  # unknown code: exit 2 with suggestions
    codes = terr.communes_in(area.code)
    if args.kind == "emergency":
        result = _emergency_sites(terr, area, codes, args.when, LocalStore(settings.home))
    else:
        result = _hospital_sites(terr, area, codes)
    if args.json:
        print_json(result)
        return 0
    _print_sites(result)
    return 0


def _hospital_sites(terr: Any, area: Any, codes: list[str]) -> dict[str, Any]:
    import pandas as pd

    table = terr.hospitals[terr.hospitals["lon"].notna()]
    inside = table[table["commune"].astype(str).isin(set(codes))]
    return {
        "kind": "hospital",
        "territory": {"code": area.code, "name": area.name, "level": area.level},
        "label": _("site hospitalier (FINESS 2020, OFSP 2017)"),
        "proxy": False,
        "count": len(inside),
        "notes": [_("Tous les sites hospitaliers du paquet, sans distinction d'activité.")],
        "sites": [
            {
                "id": str(r["id"]),
                "name": str(r["name"]),
                "commune": str(r["commune"]),
                "lon": round(float(r["lon"]), 5),
                "lat": round(float(r["lat"]), 5),
                "type": None if pd.isna(r.get("facility_type")) else str(r["facility_type"]),
            }
            for r in inside.to_dict(orient="records")
        ],
    }


def _emergency_sites(
    terr: Any, area: Any, codes: list[str], when_text: str | None, store: Any
) -> dict[str, Any]:
    from proxisante.access.emergency import area_share, emergency_times, reference_comparison
    from proxisante.access.providers import build_provider
    from proxisante.territory.bundle import load_department_health
    from proxisante.territory.emergency import (
        NOT_COUNTED,
        check_against_bpe,
        emergency_sites,
        parse_moment,
        sites_in,
    )

    when = parse_moment(when_text)
    countries = sorted(set(terr.communes.loc[codes, "country"]))
    chosen = emergency_sites(
        terr.hospitals, terr.communes, store.load("structures-csv"), store.load("finess")
    )
    inside = sites_in(chosen.table, codes)
    provider = build_provider()
    times = emergency_times(codes, chosen.table, provider, when)
    share = area_share(area.code, area.name, codes, times, terr.communes["population"])
    result: dict[str, Any] = {
        "kind": "emergency",
        "territory": {"code": area.code, "name": area.name, "level": area.level},
        "when": None if when is None else when.isoformat(),
        "label": chosen.label_for(countries),
        "proxy": chosen.proxy,
        "origin": chosen.origin,
        "count": len(inside),
        "notes": list(chosen.notes_for(countries)),
        "sites": [
            _site_json(d, when) | {"in_territory": d.id in set(inside["id"].astype(str))}
            for d in _departments(chosen.table, inside, times)
        ],
        "beyond_30_min": {
            "population": share.population,
            "share": round(share.share, 6),
            "share_night": round(share.share_night, 6),
            "travel": provider.name,
            "travel_times_estimated": provider.estimated,
            "not_counted": _(NOT_COUNTED),
        },
    }
    if "FR" in countries:
        check = check_against_bpe(chosen.table, load_department_health(), chosen.label_for(["FR"]))
        deps = {str(d).removeprefix("dep:") for d in terr.communes.loc[codes, "departement"]}
        per = check.per_departement[check.per_departement["dep"].isin(deps)]
        result["check_bpe_2024"] = check.summary() | {"in_territory": per.to_dict("records")}
    if area.code == "fr":
        ref = reference_comparison(terr.communes, chosen, provider)
        result["reference"] = {
            "france_share_beyond_30": round(ref.national.share, 6),
            "rhone_alpes_share_beyond_30": round(ref.region.share, 6),
            "rhone_alpes_reference": ref.reference,
            "reference_source": ref.reference_source,
            "travel": ref.provider,
            "travel_times_estimated": ref.estimated,
        }
    return result


def _departments(table: Any, inside: Any, times: Any) -> list[Any]:
    """The sites in the territory, then those outside it that are the nearest of one of its
    communes (Rennaz for the Chablais valaisan, Sion for Martigny at night)."""
    import numpy as np

    from proxisante.territory.emergency import department_of

    serving = np.unique(np.concatenate([times.site, times.site_always]))
    outside = table.iloc[serving[serving >= 0]]
    outside = outside[~outside.index.isin(inside.index)]
    rows = [*inside.to_dict(orient="records"), *outside.to_dict(orient="records")]
    return [department_of(r) for r in rows]


def _site_json(d: Any, when: Any) -> dict[str, Any]:
    return {
        "id": d.id,
        "name": d.name,
        "locality": d.locality,
        "commune": d.commune,
        "country": d.country,
        "lon": round(d.lon, 5),
        "lat": round(d.lat, 5),
        "general": d.general,
        "paediatric": d.paediatric,
        "seasonal": d.seasonal,
        "antenna": d.antenna,
        "passages": d.passages,
        "hours": d.hours_text(),
        "open": d.openness(when),
        "source": d.source_text,
    }


def _print_sites(result: dict[str, Any]) -> None:
    from proxisante.i18n import format_percent

    terr = result["territory"]
    print(
        _("{name} ({code}) : {n_inside} site(s) — {label}").format(
            name=terr["name"], code=terr["code"], n_inside=result["count"], label=result["label"]
        )
    )
    for site in result["sites"][:50]:
        where = site.get("locality") or site["commune"]
        hours = f" — {site['hours']}" if site.get("hours") else ""
        out = "" if site.get("in_territory", True) else _(" — hors du territoire, le plus proche")
        print(f"  {site['id']}  {site['name']} ({where}){hours}{out}")
    if len(result["sites"]) > 50:
        print(_("  … et {x} autre(s) (--json pour tout)").format(x=len(result["sites"]) - 50))
    for n in result["notes"]:
        print(f"  {n}")
    if "beyond_30_min" in result:
        b = result["beyond_30_min"]
        print(
            _(
                "  Population à plus de 30 min d'un service d'urgence : {share} (la nuit : "
                "{night}) ; temps de trajet : {travel}{estimated}."
            ).format(
                share=format_percent(b["share"]),
                night=format_percent(b["share_night"]),
                travel=b["travel"],
                estimated=_(" (estimés)") if b["travel_times_estimated"] else "",
            )
        )
    if "check_bpe_2024" in result:
        c = result["check_bpe_2024"]
        print(
            _(
                "  Contrôle BPE 2024 : Spearman par département "
                "{spearman_per_departement}, total {total_sites} sites pour "
                "{total_bpe_2024_urgences} services d'urgence recensés par l'INSEE "
                "(rapport {ratio})."
            ).format(
                spearman_per_departement=c["spearman_per_departement"],
                total_sites=c["total_sites"],
                total_bpe_2024_urgences=c["total_bpe_2024_urgences"],
                ratio=c["total_ratio"],
            )
        )
    if "reference" in result:
        r = result["reference"]
        print(
            _(
                "  À plus de 30 min : France {fr}, ancienne région Rhône-Alpes {ra} ; référence "
                "{ref} ({source})."
            ).format(
                fr=format_percent(r["france_share_beyond_30"]),
                ra=format_percent(r["rhone_alpes_share_beyond_30"]),
                ref=format_percent(r["rhone_alpes_reference"]),
                source=r["reference_source"],
            )
        )
