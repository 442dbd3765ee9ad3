"""Assemble the data of a *Diagnostic Santé Flash* (a JSON-ready dict, the single source of
every figure the HTML, PDF, CSV and GeoPackage show).

Every figure carries its value, its display string in the report's language, its unit, its
source and its nature (official value, ProxiSanté computation, estimate, proxy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import shapely

from proxisante.access.communes import Travel
from proxisante.access.providers import TravelSpec
from proxisante.diagnosis import classify as classification
from proxisante.diagnosis import leads as leads_mod
from proxisante.diagnosis.context import (
    Scope,
    comparison_areas,
    context_communes,
    neighbour_areas,
    neighbour_communes,
)
from proxisante.diagnosis.formatting import fmt_percent, fmt_value
from proxisante.diagnosis.indicators import compute
from proxisante.diagnosis.labels import CLASSES, NATURE, SECTION_TITLES, word
from proxisante.territory import Territory
from proxisante.territory.summary import SOUS_DENSE_APL, weighted_apl

FORMAT = "proxisante-diagnostic/1"
GP_FAR_MIN = 20.0
EMERGENCY_MIN = 30.0
RETIREMENT_AGE = 60

SRC_POP_FR = "INSEE, populations légales 2023"
SRC_POP_CH = "OFS/BFS, population 2019"
SRC_BPE = "INSEE BPE 2020 via ANCT"
SRC_APL = "DREES, APL 2023"
SRC_FILO = "INSEE, Filosofi 2021"
SRC_HOSP = "FINESS 2020 / OFSP 2017 via Eurostat GISCO"
SRC_CALC = "ProxiSanté"


@dataclass
class DiagnosticInputs:
    """What a diagnosis reads besides the territory (all optional)."""

    travel: Travel = field(default_factory=lambda: TravelSpec("estimate"))
    professionals: pd.DataFrame | None = None
    structures: pd.DataFrame | None = None
    age_bands: pd.DataFrame | None = None
    contacts: list[dict[str, str]] = field(default_factory=list)
    contours: dict[str, Any] = field(default_factory=dict)
    sources: list[dict[str, str]] = field(default_factory=list)
    today: date = field(default_factory=date.today)


class _Figures:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: dict[str, dict[str, Any]] = {}

    def add(
        self,
        key: str,
        label: dict[str, str],
        value: float | int | None,
        unit: str,
        source: str,
        nature: str = "official",
    ) -> None:
        clean = _clean(value)
        self.items[key] = {
            "label": label[self.lang],
            "value": clean,
            "display": fmt_value(clean, unit, self.lang),
            "unit": unit,
            "source": source,
            "nature": nature,
            "nature_label": NATURE[nature][self.lang],
        }


def _clean(value: Any) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    x = float(value)
    return round(x, 4) if math.isfinite(x) else None


def _L(fr: str, de: str, en: str) -> dict[str, str]:  # noqa: N802 - a label constructor
    return {"fr": fr, "de": de, "en": en}


def area_figures(rows: pd.DataFrame) -> dict[str, float | int | None]:
    """Population, GP count and density, official APL of a set of commune rows."""
    pop = int(rows["population"].sum())
    fr = bool((rows["country"] == "FR").all())
    gp = int(rows["gp_liberal"].sum()) if fr else None
    apl = weighted_apl(rows, 2023) if fr else None
    return {
        "population": pop,
        "gp": gp,
        "gp_per_10k": gp / pop * 1e4 if gp is not None and pop else None,
        "apl_2023": apl["apl"] if apl else None,
        "share_sous_dense": apl.get("share_population_under_2_5") if apl else None,
    }


def build_diagnostic(
    terr: Territory, scope: Scope, inputs: DiagnosticInputs, lang: str = "fr"
) -> dict[str, Any]:
    """The data of the diagnosis of ``scope``, in ``lang`` (fr, de, en)."""
    com = terr.communes
    rows = com.loc[list(scope.communes)]
    is_fr = scope.country == "FR"
    context = context_communes(terr, scope)
    ind = compute(context, terr.hospitals, inputs.travel, inputs.professionals)
    local = ind.table.reindex(rows.index)
    figs = _Figures(lang)
    src_pop = SRC_POP_FR if is_fr else SRC_POP_CH
    time_nature = "estimate" if ind.estimated_times else "computed"

    # --- 2. context ---------------------------------------------------------------------------
    population = int(rows["population"].sum())
    area_km2 = float(rows["area_km2"].sum())
    figs.add("communes", _L("Communes", "Gemeinden", "Communes"), len(rows), "count", src_pop)
    figs.add(
        "population", _L("Population", "Bevölkerung", "Population"), population, "count", src_pop
    )
    figs.add(
        "area_km2",
        _L("Superficie", "Fläche", "Area"),
        area_km2,
        "km2",
        "IGN / OFS" if is_fr else "OFS/BFS",
    )
    figs.add(
        "density",
        _L("Densité (hab./km²)", "Dichte (Einw./km²)", "Density (inh./km²)"),
        population / area_km2 if area_km2 else None,
        "density",
        src_pop,
        "computed",
    )

    # --- 3. demography and needs -------------------------------------------------------------
    share65 = _share_65_plus(rows, inputs.age_bands)
    figs.add(
        "share_65_plus",
        _L("Part des 65 ans et plus", "Anteil 65 Jahre und älter", "Share aged 65 and over"),
        share65[0],
        "percent",
        share65[1],
    )
    if is_fr:
        std = rows["pop_std_2023"].sum(min_count=1)
        base = rows["pop_apl_2023"].sum(min_count=1)
        figs.add(
            "pop_std_2023",
            _L(
                "Population standardisée (DREES 2023)",
                "Standardisierte Bevölkerung (DREES 2023)",
                "Standardised population (DREES 2023)",
            ),
            std,
            "count",
            SRC_APL,
        )
        figs.add(
            "need_index",
            _L(
                "Indice de besoin (pop. standardisée / population)",
                "Bedarfsindex (standardisiert / Bevölkerung)",
                "Need index (standardised / population)",
            ),
            std / base if base and pd.notna(std) else None,
            "ratio",
            SRC_APL,
            "computed",
        )
        income = _weighted(rows["income_median_2021"], rows["fiscal_persons_2021"])
        figs.add(
            "income_median",
            _L(
                "Revenu disponible médian par UC (approx.)",
                "Medianes verfügbares Einkommen (Näherung)",
                "Median disposable income (approx.)",
            ),
            income,
            "euros",
            SRC_FILO,
            "estimate",
        )
        pov_rows = rows[rows["poverty_rate_2021"].notna()]
        pov = _weighted(pov_rows["poverty_rate_2021"], pov_rows["fiscal_persons_2021"])
        cover = pov_rows["population"].sum() / population if population else None
        figs.add(
            "poverty_rate",
            _L(
                "Taux de pauvreté (communes où publié)",
                "Armutsquote (wo veröffentlicht)",
                "Poverty rate (where published)",
            ),
            pov,
            "rate",
            SRC_FILO,
        )
        figs.add(
            "poverty_coverage",
            _L(
                "Population couverte par le taux de pauvreté",
                "Von der Armutsquote erfasste Bevölkerung",
                "Population covered by the poverty rate",
            ),
            cover,
            "percent",
            SRC_FILO,
            "computed",
        )
    else:
        sa = _weighted(rows["social_assistance_rate_2019"], rows["population"])
        figs.add(
            "social_assistance",
            _L("Taux d'aide sociale 2019", "Sozialhilfequote 2019", "Social assistance rate 2019"),
            sa,
            "rate",
            "OFS/BFS",
        )

    # --- 4. supply ------------------------------------------------------------------------------
    own = area_figures(rows)
    figs.add(
        "gp",
        _L("Médecins généralistes libéraux", "Selbstständige Hausärzte", "Liberal GPs"),
        own["gp"],
        "count",
        SRC_BPE if is_fr else "non disponible",
    )
    figs.add(
        "gp_per_10k",
        _L(
            "Généralistes pour 10 000 habitants",
            "Hausärzte pro 10 000 Einw.",
            "GPs per 10,000 inhabitants",
        ),
        own["gp_per_10k"],
        "per10k",
        SRC_BPE if is_fr else "non disponible",
        "computed",
    )
    hospitals = terr.hospitals[terr.hospitals["commune"].isin(rows.index)]
    figs.add(
        "hospital_sites",
        _L("Sites hospitaliers", "Spitalstandorte", "Hospital sites"),
        len(hospitals),
        "count",
        SRC_HOSP,
    )
    retire = _retirement(rows, inputs.professionals)
    figs.add(
        "gp_60_plus",
        _L("Généralistes de 60 ans ou plus", "Hausärzte ab 60 Jahren", "GPs aged 60 or over"),
        retire[0],
        "count",
        retire[1],
    )
    figs.add(
        "gp_60_plus_share",
        _L(
            "Part des généralistes de 60 ans ou plus",
            "Anteil Hausärzte ab 60",
            "Share of GPs aged 60 or over",
        ),
        retire[2],
        "percent",
        retire[1],
        "computed",
    )
    imported = _imported_counts(rows, inputs.professionals, inputs.structures)

    # --- 5. proximity ---------------------------------------------------------------------------
    apl23 = weighted_apl(rows, 2023) if is_fr else None
    apl22 = weighted_apl(rows, 2022) if is_fr else None
    figs.add(
        "apl_2023",
        _L("APL 2023 (DREES)", "APL 2023 (DREES)", "APL 2023 (DREES)"),
        apl23["apl"] if apl23 else None,
        "apl",
        SRC_APL if is_fr else "pas d'APL officielle",
    )
    figs.add(
        "apl_2022",
        _L("APL 2022 (DREES)", "APL 2022 (DREES)", "APL 2022 (DREES)"),
        apl22["apl"] if apl22 else None,
        "apl",
        "DREES, APL 2022",
    )
    figs.add(
        "pop_sous_dense",
        _L(
            "Population en commune sous-dense (APL < 2,5)",
            "Bevölkerung in unterversorgten Gemeinden (APL < 2,5)",
            "Population in under-served communes (APL < 2.5)",
        ),
        apl23["population_under_2_5"] if apl23 else None,
        "count",
        SRC_APL,
    )
    figs.add(
        "share_sous_dense",
        _L(
            "Part de la population en commune sous-dense",
            "Anteil in unterversorgten Gemeinden",
            "Share in under-served communes",
        ),
        apl23["share_population_under_2_5"] if apl23 else None,
        "percent",
        SRC_APL,
        "computed",
    )
    apl_calc = _weighted(local["apl_computed"], rows["population"])
    figs.add(
        "apl_computed",
        _L(
            "APL calculée (temps de trajet estimés)",
            "Berechnete APL (geschätzte Fahrzeiten)",
            "Computed APL (estimated travel times)",
        ),
        apl_calc,
        "apl",
        SRC_CALC,
        "estimate" if ind.estimated_times else "computed",
    )
    pop = rows["population"].astype(float)
    mgp = local["minutes_gp"]
    far = mgp > GP_FAR_MIN
    figs.add(
        "minutes_gp_mean",
        _L(
            "Temps moyen au généraliste le plus proche",
            "Mittlere Fahrzeit zum nächsten Hausarzt",
            "Mean time to the nearest GP",
        ),
        _weighted(mgp.replace(np.inf, np.nan), pop),
        "minutes",
        SRC_CALC,
        time_nature,
    )
    figs.add(
        "communes_far_gp",
        _L(
            "Communes à plus de 20 min d'un généraliste",
            "Gemeinden über 20 Min. vom Hausarzt",
            "Communes more than 20 min from a GP",
        ),
        int(far.sum()) if mgp.notna().any() else None,
        "count",
        SRC_CALC,
        time_nature,
    )
    figs.add(
        "pop_far_gp",
        _L(
            "Habitants à plus de 20 min d'un généraliste",
            "Einwohner über 20 Min. vom Hausarzt",
            "Inhabitants more than 20 min from a GP",
        ),
        int(pop[far].sum()) if mgp.notna().any() else None,
        "count",
        SRC_CALC,
        time_nature,
    )
    mh = local["minutes_hospital"]
    figs.add(
        "minutes_hospital_mean",
        _L(
            "Temps moyen au site hospitalier le plus proche",
            "Mittlere Fahrzeit zum nächsten Spital",
            "Mean time to the nearest hospital site",
        ),
        _weighted(mh.replace(np.inf, np.nan), pop),
        "minutes",
        SRC_HOSP,
        "proxy",
    )
    beyond = mh > EMERGENCY_MIN
    figs.add(
        "share_beyond_30_hospital",
        _L(
            "Population à plus de 30 min d'un site hospitalier (proxy des urgences)",
            "Bevölkerung über 30 Min. vom Spital (Proxy Notfall)",
            "Population beyond 30 min of a hospital site (emergency proxy)",
        ),
        float(pop[beyond].sum() / population) if population else None,
        "percent",
        SRC_HOSP,
        "proxy",
    )

    # --- comparison, neighbours, classification -----------------------------------------------
    touching = neighbour_communes(scope, inputs.contours, context.index)
    neigh_codes = neighbour_areas(terr, scope, touching)
    comparison = [_comparison_row(scope.code, scope.name, "territory", own, lang)]
    for code in neigh_codes:
        comparison.append(_area_row(terr, code, "neighbour", lang))
    for code in comparison_areas(terr, scope):
        comparison.append(_area_row(terr, code, "reference", lang))
    region = next((r for r in comparison if r["code"].startswith("reg:")), None)
    klass = classification.classify(
        figs.items["apl_2023"]["value"],
        region["values"]["apl_2023"] if region else None,
        figs.items["share_sous_dense"]["value"],
    )
    ranked = [r for r in comparison if r["role"] in ("territory", "neighbour")]
    ranked = [r for r in ranked if r["values"]["apl_2023"] is not None]
    ranked.sort(key=lambda r: r["values"]["apl_2023"])
    rank = next((i + 1 for i, r in enumerate(ranked) if r["role"] == "territory"), None)
    figs.add(
        "rank_among_neighbours",
        _L(
            "Rang par APL parmi le territoire et ses voisins (1 = accès le plus faible)",
            "Rang nach APL unter Nachbarn (1 = schwächster Zugang)",
            "Rank by APL among neighbours (1 = weakest access)",
        ),
        rank,
        "count",
        SRC_APL,
        "computed",
    )
    figs.add(
        "neighbours_ranked",
        _L(
            "Territoires classés (territoire et voisins)",
            "Eingestufte Gebiete",
            "Territories ranked",
        ),
        len(ranked) if ranked else None,
        "count",
        SRC_APL,
        "computed",
    )

    communes_table = _communes_table(rows, local, lang)
    parameters = {
        "sous_dense_apl": SOUS_DENSE_APL,
        "gp_far_minutes": GP_FAR_MIN,
        "emergency_minutes": EMERGENCY_MIN,
        "retirement_age": RETIREMENT_AGE,
        "travel": str(inputs.travel),
    }
    thresholds = {
        "u": fmt_value(classification.URGENCE_APL, "apl", lang),
        "us": fmt_percent(classification.URGENCE_SHARE, lang, 0),
        "v": fmt_percent(classification.VIGILANCE_RATIO, lang, 0),
        "vs": fmt_percent(classification.VIGILANCE_SHARE, lang, 0),
    }
    data: dict[str, Any] = {
        "meta": {
            "format": FORMAT,
            "lang": lang,
            "title": word("title", lang),
            "generated_on": inputs.today.isoformat(),
            "code": scope.code,
            "name": scope.name,
            "level": scope.level,
            "country": scope.country,
        },
        "parameters": parameters,
        "section_titles": {k: v[lang] for k, v in SECTION_TITLES.items()},
        "figures": figs.items,
        "sections": {
            "scope": ["communes", "population"],
            "context": ["communes", "population", "area_km2", "density"],
            "demography": [
                k
                for k in (
                    "population",
                    "share_65_plus",
                    "pop_std_2023",
                    "need_index",
                    "income_median",
                    "poverty_rate",
                    "poverty_coverage",
                    "social_assistance",
                )
                if k in figs.items
            ],
            "supply": ["gp", "gp_per_10k", "hospital_sites", "gp_60_plus", "gp_60_plus_share"],
            "proximity": [
                "apl_2023",
                "apl_2022",
                "apl_computed",
                "pop_sous_dense",
                "share_sous_dense",
                "minutes_gp_mean",
                "communes_far_gp",
                "pop_far_gp",
                "minutes_hospital_mean",
                "share_beyond_30_hospital",
            ],
            "classification": [
                "apl_2023",
                "share_sous_dense",
                "rank_among_neighbours",
                "neighbours_ranked",
            ],
        },
        "classification": {
            "class": klass.klass,
            "label": CLASSES[klass.klass][lang],
            "reasons": list(klass.reasons),
            "rule": classification.RULE_TEXT[lang].format(**thresholds),
        },
        "comparison": comparison,
        "communes": communes_table,
        "hospitals": [
            {
                "id": h["id"],
                "name": h["name"],
                "commune": h["commune"],
                "type": h["facility_type"] if isinstance(h["facility_type"], str) else None,
            }
            for h in hospitals.sort_values("name").to_dict("records")
        ],
        "imported": imported,
        "contacts": inputs.contacts,
        "notes": _notes(ind, is_fr, lang),
        "sources": inputs.sources,
        "map": {
            "territory": list(scope.communes),
            "neighbours": touching,
            "apl_classes": _apl_classes(lang),
            "time_classes": _time_classes(lang),
        },
    }
    data["leads"] = leads_mod.draw_leads(data, lang)
    data["texts"] = _texts(data, scope, lang)
    data["meta"]["level_label"] = _LEVEL[lang].get(scope.level, scope.level)
    data["meta"]["code_label"] = scope.code if scope.level != "communes" else _SET[lang]
    return data


_LEVEL = {
    "fr": {
        "commune": "commune",
        "epci": "EPCI",
        "departement": "département",
        "region": "région",
        "ch_district": "district",
        "ch_region": "région du Valais",
        "ch_canton": "canton",
        "communes": "ensemble de communes",
        "country": "pays",
    },
    "de": {
        "commune": "Gemeinde",
        "epci": "Gemeindeverband (EPCI)",
        "departement": "Departement",
        "region": "Region",
        "ch_district": "Bezirk",
        "ch_region": "Region des Wallis",
        "ch_canton": "Kanton",
        "communes": "Gemeindegruppe",
        "country": "Land",
    },
    "en": {
        "commune": "commune",
        "epci": "EPCI",
        "departement": "département",
        "region": "région",
        "ch_district": "district",
        "ch_region": "Valais region",
        "ch_canton": "canton",
        "communes": "set of communes",
        "country": "country",
    },
}
_SET = {"fr": "périmètre choisi", "de": "gewählter Perimeter", "en": "chosen perimeter"}


def _texts(data: dict[str, Any], scope: Scope, lang: str) -> dict[str, str]:
    f = data["figures"]
    need = f.get("need_index", {}).get("value")
    purpose = {
        "fr": f"Ce diagnostic décrit l'accès aux soins de premier recours de {scope.name} sous un "
        "format identique pour tous les territoires, afin de comparer voisins et de préparer la "
        "concertation locale. Il repose sur des données ouvertes ; les estimations et "
        "indicateurs approchés sont signalés.",
        "de": f"Diese Kurzdiagnose beschreibt den Zugang zur Grundversorgung in {scope.name} in "
        "einem einheitlichen Format, damit Nachbargebiete vergleichbar sind. Sie beruht auf "
        "offenen Daten; Schätzungen und Näherungswerte sind gekennzeichnet.",
        "en": f"This diagnosis describes access to primary care in {scope.name} in one format "
        "shared by every territory, so that neighbours compare. It rests on open data; "
        "estimates and proxies are marked.",
    }[lang]
    if need is None:
        needs = {
            "fr": "Structure par âge non connue par commune dans les données embarquées : "
            "importer la population par âge (insee-age) pour pondérer les besoins.",
            "de": "Altersstruktur je Gemeinde nicht in den eingebetteten Daten.",
            "en": "Age structure by commune is not in the embedded data: import insee-age.",
        }[lang]
    else:
        more = need > 1
        needs = {
            "fr": f"Indice de besoin {f['need_index']['display']} : la structure par âge appelle "
            + ("plus" if more else "moins")
            + " de consultations par habitant que la moyenne nationale (pondération DREES).",
            "de": f"Bedarfsindex {f['need_index']['display']}: die Altersstruktur erfordert "
            + ("mehr" if more else "weniger")
            + " Konsultationen pro Kopf als im Landesmittel.",
            "en": f"Need index {f['need_index']['display']}: the age structure calls for "
            + ("more" if more else "fewer")
            + " consultations per inhabitant than the national "
            "average (DREES weights).",
        }[lang]
    footer = {
        "fr": "ProxiSanté — logiciel libre (AGPL-3.0). Données : INSEE, DREES, ANCT, IGN, "
        "Ministère de la Santé (FINESS), OFS/BFS, swisstopo.",
        "de": "ProxiSanté — freie Software (AGPL-3.0). Daten: INSEE, DREES, ANCT, IGN, FINESS, "
        "BFS, swisstopo.",
        "en": "ProxiSanté — free software (AGPL-3.0). Data: INSEE, DREES, ANCT, IGN, FINESS, "
        "FSO, swisstopo.",
    }[lang]
    return {"purpose": purpose, "needs": needs, "footer": footer}


# --- helpers ------------------------------------------------------------------------------------


def _weighted(values: pd.Series, weights: pd.Series) -> float | None:
    v = pd.to_numeric(values, errors="coerce").astype(float)
    w = pd.to_numeric(weights, errors="coerce").astype(float).reindex(v.index)
    ok = v.notna() & w.notna() & np.isfinite(v) & (w > 0)
    if not ok.any():
        return None
    return float((v[ok] * w[ok]).sum() / w[ok].sum())


def _share_65_plus(rows: pd.DataFrame, bands: pd.DataFrame | None) -> tuple[float | None, str]:
    if (rows["country"] == "CH").all():
        return (_weighted(rows["share_65_plus"], rows["population"]) or 0) / 100, "OFS/BFS 2019"
    if bands is not None and not bands.empty:
        b = bands[bands["commune"].isin(rows.index)]
        if len(b):
            total = b["population"].sum()
            old = b.loc[b["age_min"] >= 65, "population"].sum()
            if total and (b["age_min"] == 65).any():
                return float(old / total), "INSEE (import insee-age)"
    return None, "âges par commune non disponibles (importer insee-age)"


def _retirement(
    rows: pd.DataFrame, professionals: pd.DataFrame | None
) -> tuple[int | None, str, float | None]:
    if professionals is None or "age" not in professionals:
        return None, "âges des médecins inconnus (importer un fichier de professionnels)", None
    gps = professionals[
        (professionals["profession"] == "gp")
        & professionals["commune"].isin(rows.index)
        & professionals["age"].notna()
    ]
    if gps.empty:
        return None, "âges des médecins inconnus pour ce territoire", None
    old = int((gps["age"] >= RETIREMENT_AGE).sum())
    return old, "fichier de professionnels importé", old / len(gps)


def _imported_counts(
    rows: pd.DataFrame, professionals: pd.DataFrame | None, structures: pd.DataFrame | None
) -> dict[str, Any]:
    out: dict[str, Any] = {"professionals": {}, "structures": []}
    if professionals is not None:
        p = professionals[professionals["commune"].isin(rows.index)]
        out["professionals"] = {str(k): int(v) for k, v in p["profession"].value_counts().items()}
    if structures is not None:
        s = structures[structures["commune"].isin(rows.index)]
        out["structures"] = [
            {"id": r["id"], "type": r["type"], "name": r["name"], "commune": r["commune"]}
            for r in s.to_dict("records")
        ]
    return out


def _comparison_row(
    code: str, name: str, role: str, values: dict[str, Any], lang: str
) -> dict[str, Any]:
    clean = {k: _clean(v) for k, v in values.items()}
    units = {
        "population": "count",
        "gp": "count",
        "gp_per_10k": "per10k",
        "apl_2023": "apl",
        "share_sous_dense": "percent",
    }
    return {
        "code": code,
        "name": name,
        "role": role,
        "values": clean,
        "display": {k: fmt_value(clean[k], u, lang) for k, u in units.items()},
    }


def _area_row(terr: Territory, code: str, role: str, lang: str) -> dict[str, Any]:
    rows = terr.communes.loc[terr.communes_in(code)]
    return _comparison_row(code, terr.name_of(code), role, area_figures(rows), lang)


def _communes_table(rows: pd.DataFrame, local: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    out = []
    units = {
        "population": "count",
        "gp": "count",
        "apl_2023": "apl",
        "apl_computed": "apl",
        "minutes_gp": "minutes",
        "minutes_hospital": "minutes",
    }
    for code, r in rows.sort_values("name").iterrows():
        values = {
            "population": _clean(r["population"]),
            "gp": _clean(r["gp_liberal"]),
            "apl_2023": _clean(r["apl_2023"]) if "apl_2023" in r else None,
            "apl_computed": _clean(local.at[code, "apl_computed"]),
            "minutes_gp": _clean(local.at[code, "minutes_gp"]),
            "minutes_hospital": _clean(local.at[code, "minutes_hospital"]),
        }
        out.append(
            {
                "code": str(code),
                "name": str(r["name"]),
                "values": values,
                "display": {k: fmt_value(values[k], u, lang) for k, u in units.items()},
            }
        )
    return out


def _apl_classes(lang: str) -> list[dict[str, Any]]:
    breaks = [(None, 1.5), (1.5, 2.5), (2.5, 3.5), (3.5, 4.5), (4.5, None)]
    return [_class(lo, hi, "apl", lang) for lo, hi in breaks]


def _time_classes(lang: str) -> list[dict[str, Any]]:
    breaks = [(None, 5.0), (5.0, 10.0), (10.0, 15.0), (15.0, 20.0), (20.0, None)]
    return [_class(lo, hi, "minutes", lang) for lo, hi in breaks]


def _class(lo: float | None, hi: float | None, unit: str, lang: str) -> dict[str, Any]:
    if lo is None:
        text = f"< {fmt_value(hi, unit, lang)}"
    elif hi is None:
        text = f"≥ {fmt_value(lo, unit, lang)}"
    else:
        text = f"{fmt_value(lo, unit, lang)} – {fmt_value(hi, unit, lang)}"
    return {"min": lo, "max": hi, "label": text}


def _notes(ind: Any, is_fr: bool, lang: str) -> list[str]:
    notes = [word("estimates_note", lang)]
    notes.extend(ind.apl_notes)
    notes.extend(n for n in ind.time_notes if n not in notes)
    if ind.supply_label:
        notes.append(f"APL calculée — offre : {ind.supply_label} ; demande : {ind.demand_label}.")
    notes.append(
        "Urgences : aucun signalement des services d'urgence dans les données ouvertes ; les "
        "sites hospitaliers (FINESS 2020 / OFSP 2017) servent d'indicateur approché."
    )
    if not is_fr:
        notes.append(
            "Valais : pas de décompte ouvert des médecins ni d'APL officielle ; importer un "
            "fichier de professionnels pour calculer densité et APL."
        )
    return notes


def contour_lookup(codes: list[str], wkbs: list[bytes]) -> dict[str, Any]:
    """Contours by code (shapely geometries) from the bundle's WKB column."""
    geoms = shapely.from_wkb(wkbs)
    return dict(zip(codes, geoms, strict=True))
