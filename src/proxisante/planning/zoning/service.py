"""``plan zoning`` and the zoning columns of ``/installation``: one use case, written once.

A zoning is simulated over whole régions (the ceilings are regional: a département's classes
depend on its région's ranking), then reported for the territory asked. Doctors use the official
APL to GPs aged 65 or less; nurses the official APL to nurses with thresholds that are
simulation parameters (no national nurse thresholds of this kind were found): the same position
relative to the national value as 2.5 and 4 for the GP APL ≤ 65.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from proxisante.access.bassins import BassinCheck, bassin_check
from proxisante.access.port import TravelTimeProvider
from proxisante.errors import UserError
from proxisante.i18n import N_, _, format_decimal
from proxisante.planning.zoning.ceilings import Ceilings, calibrated, ceilings
from proxisante.planning.zoning.score import Agreement, score
from proxisante.planning.zoning.simulation import Thresholds, ZoneUnit, simulate
from proxisante.planning.zoning.units import LARGE_BASSIN, build_units
from proxisante.territory.model import Area
from proxisante.territory.territory import Territory

Profession = Literal["gp", "nurse"]
PROFESSIONS = ("gp", "nurse")

LABEL = N_(
    "SIMULATION du zonage (ZIP / ZAC) selon la méthode nationale (arrêté du 13 novembre 2017 "
    "modifié le 1er octobre 2021) — pas le zonage arrêté par l'ARS, qui seul ouvre droit aux "
    "aides : unités approchées, choix dans le vivier par APL croissante sous plafonds "
    "régionaux."
)
NURSE_LABEL = N_(
    "SIMULATION d'un zonage infirmier avec le moteur du zonage médecins : le zonage infirmier "
    "réel (arrêté ARS, catégories propres) n'est pas reproduit ; seuils = paramètres de "
    "simulation."
)
COMPILED_LABEL = N_("Zonage médecins (compilation non vérifiée, arrêtés ARS)")
COMPILED_NOTE = N_(
    "Compilation des zonages médecins des ARS de provenance non vérifiée (éditeur inconnu, "
    "antérieure aux révisions de 2025) : couche provisoire, à remplacer par les arrêtés des ARS."
)


@dataclass(frozen=True)
class ZoningRequest:
    territory: str
    profession: Profession = "gp"
    unit: str = "bv"
    year: int = 2023
    zip_overrides: Mapping[str, float] = field(default_factory=dict)
    zip_all: float | None = None
    zac_all: float | None = None
    no_ceiling: bool = False
    calibrate: bool = False  # ceilings = the compiled zoning's shares (analysis only)
    split_above: float | None = LARGE_BASSIN
    grouping: pd.Series | None = None
    with_score: bool = False


@dataclass(frozen=True)
class RegionCeiling:
    region: str
    name: str
    population: float
    zip_ceiling: float | None
    zac_ceiling: float | None
    source: str


@dataclass(frozen=True)
class ZoningResult:
    territory: str
    name: str
    profession: str
    year: int
    label: str
    unit: str
    unit_label: str
    indicator: str
    thresholds: Thresholds
    thresholds_source: str
    ceilings: tuple[RegionCeiling, ...]
    units: tuple[ZoneUnit, ...]
    commune_zone: Mapping[str, str]
    population_by_zone: Mapping[str, float]
    national_score: Agreement | None
    region_scores: tuple[Agreement, ...]
    bassins: BassinCheck | None
    notes: tuple[str, ...]


def indicator_columns(profession: str, year: int) -> tuple[str, str]:
    """The commune columns of the indicator and of its weight."""
    if profession == "nurse":
        return f"apl_inf_{year}", f"pop_std_inf_{year}"
    return f"apl_{year}_le65", f"pop_std_{year}"


def nurse_thresholds(communes: pd.DataFrame, year: int) -> Thresholds:
    """Nurse thresholds at the same position relative to the national nurse APL as 2.5 and 4
    relative to the national GP APL ≤ 65 (simulation parameters, stated)."""
    from proxisante.access.nurses import analogous_thresholds

    selection, vivier = analogous_thresholds(communes, year)
    return Thresholds(selection, vivier)


def _territory_communes(terr: Territory, request: ZoningRequest) -> pd.DataFrame:
    """The French communes of the territory asked, after checking the request."""
    area = terr.area(request.territory)
    if request.profession not in PROFESSIONS:
        raise UserError(
            _("--profession {p} : attendu gp ou nurse (ex. --profession nurse).").format(
                p=repr(request.profession)
            )
        )
    if request.year not in (2022, 2023):
        raise UserError(_("--year {y} : attendu 2022 ou 2023.").format(y=request.year))
    com = terr.communes
    own = com.loc[[c for c in terr.communes_in(area.code) if c in com.index]]
    own = own[own["country"] == "FR"]
    if own.empty:
        raise UserError(
            _("{name} ({code}) : aucune commune française à zoner.").format(
                name=area.name, code=area.code
            )
        )
    value_col, _weight = indicator_columns(request.profession, request.year)
    if value_col not in com.columns:
        raise UserError(
            _("{col} : indicateur absent du paquet de données ; reconstruire le paquet.").format(
                col=value_col
            )
        )
    return own


@dataclass(frozen=True, eq=False)
class _UnitTable:
    """Population, indicator and région of every unit, in code order."""

    codes: list[str]
    population: np.ndarray
    indicator: np.ndarray
    region: list[str]
    region_population: dict[str, float]


def _unit_table(universe: pd.DataFrame, of: pd.Series, request: ZoningRequest) -> _UnitTable:
    value_col, weight_col = indicator_columns(request.profession, request.year)
    frame = pd.DataFrame(
        {
            "unit": of.to_numpy(),
            "region": universe["region"].astype(str).to_numpy(),
            "population": universe["population"].fillna(0).astype(float).to_numpy(),
            "w": universe[weight_col].fillna(0).astype(float).to_numpy(),
            "v": universe[value_col].astype(float).to_numpy(),
        },
        index=universe.index,
    )
    ok = frame["v"].notna() & (frame["w"] > 0)
    frame["wv"] = (frame["v"] * frame["w"]).where(ok, 0.0)
    frame["wk"] = frame["w"].where(ok, 0.0)
    sums = frame.groupby("unit", sort=True)[["population", "wv", "wk"]].sum()
    indicator = (sums["wv"] / sums["wk"]).where(sums["wk"] > 0)
    # A unit straddling two régions (grouping, EPCI) belongs to the one with most population.
    unit_region = frame.groupby(["unit", "region"])["population"].sum().reset_index()
    unit_region = unit_region.sort_values(["unit", "population"], ascending=[True, False])
    region_of = unit_region.drop_duplicates("unit").set_index("unit")["region"]
    codes = [str(u) for u in sums.index]
    return _UnitTable(
        codes,
        sums["population"].to_numpy(dtype=np.float64),
        indicator.to_numpy(dtype=np.float64),
        [str(region_of[u]) for u in codes],
        {str(k): float(v) for k, v in frame.groupby("region")["population"].sum().items()},
    )


def _scores(
    own: pd.DataFrame,
    zone: pd.Series,
    request: ZoningRequest,
    area: Area,
    region_names: Mapping[str, str],
) -> tuple[Agreement | None, tuple[Agreement, ...], list[str]]:
    if not request.with_score:
        return None, (), []
    if request.profession != "gp":
        note = _(
            "Pas de zonage infirmier compilé dans les données ouvertes : aucun score possible."
        )
        return None, (), [note]
    compiled = own["zoning_compiled"] if "zoning_compiled" in own else pd.Series(dtype=object)
    national, per_region = score(zone, compiled, own["population"], own["region"], region_names)
    if area.level != "country":
        per_region = ()  # one région: its row is the total; a part of one: not the région
    national = replace(national, code=area.code, name=area.name)
    return national, per_region, [_(COMPILED_NOTE)]


def _labels(request: ZoningRequest, thresholds: Thresholds) -> tuple[str, str]:
    """The indicator's description and where the thresholds come from."""
    if request.profession == "nurse":
        source = _(
            "paramètres de simulation : {a} et {b} ETP pour 100 000 hab. standardisés, soit la "
            "même position relative à l'APL infirmière nationale que 2,5 et 4 pour l'APL ≤ 65 "
            "ans aux généralistes ({year})"
        ).format(
            a=format_decimal(thresholds.selection, 1),
            b=format_decimal(thresholds.vivier, 1),
            year=request.year,
        )
        indicator = _(
            "APL aux infirmières (libérales ≤ 65 ans et centres de santé), DREES {year} "
            "(officielle), moyenne des communes pondérée par la population standardisée "
            "infirmières"
        ).format(year=request.year)
        return indicator, source
    source = _("arrêté du 13 novembre 2017 modifié : sélection nationale < 2,5, vivier < 4")
    indicator = _(
        "APL aux médecins généralistes de 65 ans ou moins, DREES {year} (officielle), "
        "moyenne des communes pondérée par la population standardisée"
    ).format(year=request.year)
    return indicator, source


def simulate_zoning(
    terr: Territory,
    request: ZoningRequest,
    provider: TravelTimeProvider | None,
    bassins: pd.DataFrame | None = None,
) -> ZoningResult:
    """The simulated zoning of ``request.territory`` (its régions are simulated whole)."""
    area = terr.area(request.territory)
    own = _territory_communes(terr, request)
    com = terr.communes
    regions = sorted(own["region"].dropna().astype(str).unique())
    rules = _ceilings(com, request)
    universe = com[(com["country"] == "FR") & com["region"].isin(regions)]
    region_names = {r: terr.name_of(r) for r in regions}
    units = build_units(
        universe,
        request.unit,
        provider=provider,
        bassins=bassins,
        epci_names=dict(zip(terr.areas["code"], terr.areas["name"], strict=True)),
        grouping=request.grouping,
        split_above=request.split_above,
    )
    table = _unit_table(universe, units.of, request)
    thresholds = (
        nurse_thresholds(com, request.year) if request.profession == "nurse" else Thresholds()
    )
    zone_units = simulate(
        table.codes,
        [units.names.get(u, u) for u in table.codes],
        table.region,
        table.population,
        table.indicator,
        rules,
        table.region_population,
        thresholds,
    )
    zone_of_unit = {u.code: u.zone for u in zone_units}
    in_territory = units.of.map(zone_of_unit).reindex(own.index)
    touched = set(units.of.reindex(own.index))
    by_zone = own["population"].fillna(0).groupby(in_territory).sum()
    national, per_region, notes = _scores(own, in_territory, request, area, region_names)
    check = None
    if units.kind == "bv" and bassins is not None:
        pole = units.of.str.slice(3).str.split("@").str[0].str.split("/").str[0]
        check = bassin_check(universe, pole, bassins)
    indicator_label, source = _labels(request, thresholds)
    return ZoningResult(
        territory=area.code,
        name=area.name,
        profession=request.profession,
        year=request.year,
        label=_(NURSE_LABEL) if request.profession == "nurse" else _(LABEL),
        unit=units.kind,
        unit_label=units.label,
        indicator=indicator_label,
        thresholds=thresholds,
        thresholds_source=source,
        ceilings=tuple(
            RegionCeiling(
                r,
                region_names[r],
                table.region_population.get(r, 0.0),
                rules.zip_for(r),
                rules.zac_for(r),
                _(rules.source_for(r)),
            )
            for r in regions
        ),
        units=tuple(u for u in zone_units if u.code in touched),
        commune_zone={str(k): str(v) for k, v in in_territory.items()},
        population_by_zone={str(k): float(v) for k, v in by_zone.items()},
        national_score=national,
        region_scores=per_region,
        bassins=check,
        notes=tuple(notes),
    )


def _ceilings(com: pd.DataFrame, request: ZoningRequest) -> Ceilings:
    fr = com[com["country"] == "FR"]
    populations = {str(k): float(v) for k, v in fr.groupby("region")["population"].sum().items()}
    if request.calibrate:
        zone = fr.get("zoning_compiled", pd.Series(index=fr.index, dtype=object))
        compared = zone.isin(("ZIP", "ZAC", "HZ", "ZAR"))
        pop = fr["population"].where(compared, 0).astype(float)
        total = pop.groupby(fr["region"]).sum()
        zip_share = (pop.where(zone == "ZIP", 0).groupby(fr["region"]).sum() / total).dropna()
        zac_share = (pop.where(zone == "ZAC", 0).groupby(fr["region"]).sum() / total).dropna()
        return calibrated(
            {str(k): float(v) for k, v in zip_share.items()},
            {str(k): float(v) for k, v in zac_share.items()},
        )
    return ceilings(
        populations,
        request.zip_overrides,
        zip_all=request.zip_all,
        zac_all=request.zac_all,
        none=request.no_ceiling,
    )


def national_gp_zones(
    terr: Territory, provider: TravelTimeProvider, bassins: pd.DataFrame
) -> Mapping[str, str]:
    """The default simulated GP zone of every French commune (for ``/installation``)."""
    result = simulate_zoning(terr, ZoningRequest("fr"), provider, bassins)
    return result.commune_zone
