"""``proxisante data info|import``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from proxisante.cli._output import print_json
from proxisante.config import Settings
from proxisante.i18n import _

# Kinds and what they read (kept here so that `--help` needs no import of the importers; a test
# checks it matches proxisante.territory.importers.IMPORTERS).
KINDS = {
    "rpps": "RPPS extract PS_LibreAcces_Personne_activite (pipe-separated)",
    "finess": "FINESS établissements extract (etalab stock, ';'-separated)",
    "insee-age": "INSEE population by age band per commune (';')",
    "professionals-csv": "CSV of professionals (',')",
    "structures-csv": "CSV of structures (',')",
}


def register(sub: Any) -> None:
    p = sub.add_parser("data", help="the embedded bundle and imported files")
    dsub = p.add_subparsers(dest="data_command", metavar="ACTION", parser_class=type(p))
    dsub.required = True
    info = dsub.add_parser("info", help="what the embedded bundle and the local store hold")
    info.add_argument("--json", action="store_true")
    info.set_defaults(func=run_info)
    imp = dsub.add_parser(
        "import",
        help="validate and import an official file into the local store",
        description="Kinds: " + "; ".join(f"{k}: {v}" for k, v in KINDS.items()),
    )
    imp.add_argument("kind", choices=sorted(KINDS), metavar="KIND")
    imp.add_argument("file", type=Path, metavar="FILE")
    imp.add_argument("--encoding", default="utf-8", help="text encoding of FILE (default utf-8)")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=run_import)


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
    print(f"Bundle embarqué ({info['bundle_size_mb']} Mo)")
    print(
        f"  France : {fr['communes']} communes ({fr['communes_with_point']} localisées), "
        f"{fr['epci']} EPCI, {fr['departements']} départements, {fr['regions']} régions, "
        f"{fr['gp_liberal']} généralistes libéraux, {fr['hospital_sites']} sites hospitaliers"
    )
    print(
        f"  Valais : {vs['communes']} communes, {vs['districts']} districts, "
        f"{vs['regions']} régions"
    )
    print("Sources :")
    for s in info["sources"]:
        print(f"  - {s['content']} — {s['publisher']} ({s['vintage']}; {s['licence']})")
    print(
        "Données importées : "
        + (
            ", ".join(
                f"{k} ({v['rows']} lignes, {v['source']}, {v['imported_at']})"
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
