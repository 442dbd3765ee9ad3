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
            "sites de structures utilisés (emergency : liste importée ou "
            "l'approximation documentée)"
        ),
    )
    sites.add_argument("--kind", choices=("emergency", "hospital"), default="emergency")
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
    import pandas as pd

    from proxisante.territory import load_territory
    from proxisante.territory.bundle import load_department_health
    from proxisante.territory.emergency import check_against_bpe, emergency_sites
    from proxisante.territory.local_store import LocalStore

    terr = load_territory()
    area = terr.area(args.territory)  # unknown code: exit 2 with suggestions
    codes = set(terr.communes_in(area.code))
    if args.kind == "emergency":
        store = LocalStore(settings.home)
        chosen = emergency_sites(
            terr.hospitals, terr.communes, store.load("structures-csv"), store.load("finess")
        )
        table, label, proxy, notes = chosen.table, chosen.label, chosen.proxy, chosen.notes
    else:
        table = terr.hospitals[terr.hospitals["lon"].notna()]
        label, proxy = _("site hospitalier (FINESS 2020, OFSP 2017)"), False
        notes = (_("Tous les sites hospitaliers du paquet, sans distinction d'activité."),)
    inside = table[table["commune"].astype(str).isin(codes)]
    result: dict[str, Any] = {
        "kind": args.kind,
        "territory": {"code": area.code, "name": area.name, "level": area.level},
        "label": label,
        "proxy": proxy,
        "count": len(inside),
        "notes": list(notes),
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
    if args.kind == "emergency" and proxy:
        check = check_against_bpe(chosen.table, load_department_health())
        result["check_bpe_2024"] = check.summary()
        deps = {d.removeprefix("dep:") for d in terr.communes.loc[list(codes), "departement"]}
        per = check.per_departement[check.per_departement["dep"].isin(deps)]
        result["check_bpe_2024"]["in_territory"] = per.to_dict(orient="records")
    if args.json:
        print_json(result)
        return 0
    print(
        _("{name} ({code}) : {n_inside} site(s) — {label}").format(
            name=area.name, code=area.code, n_inside=len(inside), label=label
        )
    )
    for site in result["sites"][:50]:
        print(f"  {site['id']}  {site['name']} ({site['commune']})")
    if len(inside) > 50:
        print(_("  … et {x} autre(s) (--json pour tout)").format(x=len(inside) - 50))
    for n in notes:
        print(f"  {n}")
    if "check_bpe_2024" in result:
        c = result["check_bpe_2024"]
        print(
            _(
                "  Contrôle BPE 2024 : Spearman par département "
                "{spearman_per_departement}, total {total_proxy_sites} sites pour "
                "{total_bpe_2024_urgences} services d'urgence recensés par l'INSEE."
            ).format(
                spearman_per_departement=c["spearman_per_departement"],
                total_proxy_sites=c["total_proxy_sites"],
                total_bpe_2024_urgences=c["total_bpe_2024_urgences"],
            )
        )
    return 0
