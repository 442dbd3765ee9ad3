"""Key figures of one area, as shown by ``proxisante territory show``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from proxisante.access.apl import UNDER_SERVED_APL as SOUS_DENSE_APL
from proxisante.access.port import TravelTimeProvider
from proxisante.i18n import N_
from proxisante.territory.model import LEVEL_LABELS_FR
from proxisante.territory.territory import Territory
from proxisante.territory.trends import department_figures


def _num(x: Any, digits: int | None = None) -> float | int | None:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    if digits is None:
        return int(x)
    return round(float(x), digits)


def _point(p: tuple[float, float, str] | None) -> dict[str, Any] | None:
    return None if p is None else {"lon": round(p[0], 5), "lat": round(p[1], 5), "commune": p[2]}


def weighted_apl(rows: pd.DataFrame, year: int) -> dict[str, Any]:
    """An area's official DREES APL: communes' APL weighted by standardised population.

    Communes without a published value (new communes, Mayotte) are left out; ``coverage`` is the
    share of the area's population whose commune has a value.
    """
    from proxisante.access.aggregate import area_apl, population_share_below

    apl, w = rows[f"apl_{year}"], rows[f"pop_std_{year}"]
    ok = apl.notna() & w.notna() & (w > 0)
    pop = rows["population"]
    if not ok.any():
        return {
            "apl": None,
            "apl_u65": None,
            "coverage": 0.0,
            "population_under_2_5": None,
            "share_population_under_2_5": None,
        }
    values = apl.where(ok)
    value = area_apl(values, w.fillna(0))
    value_u65 = area_apl(rows[f"apl_{year}_le65"].where(ok), w.fillna(0))
    share = population_share_below(values, pop, SOUS_DENSE_APL)
    under = int(pop[ok & (apl < SOUS_DENSE_APL)].sum())
    total = int(pop.sum())
    return {
        "apl": round(value, 3),
        "apl_u65": round(value_u65, 3),
        "coverage": round(float(pop[ok].sum()) / total, 4) if total else None,
        "population_under_2_5": under,
        "share_population_under_2_5": round(share, 4) if total else None,
    }


POP_SOURCE_FR = N_("INSEE, populations légales millésime 2023 (en vigueur au 1er janvier 2026)")
POP_SOURCE_CH = N_("OFS/BFS, portraits régionaux 2021 (population résidante 2019)")
GP_SOURCE_FR = N_("INSEE BPE 2020 via ANCT (médecins généralistes libéraux)")
EMERGENCY_FAR_MIN = 30.0


def summarise(terr: Territory, code: str, provider: TravelTimeProvider) -> dict[str, Any]:
    """Name, level, parents, population, communes, liberal GPs and official APL of an area."""
    area = terr.area(code)
    if area.level == "arrondissement":
        rows = terr.arrondissements.loc[[area.code]]
    else:
        rows = terr.communes.loc[terr.communes_in(area.code)]
    country = str(rows["country"].iloc[0]) if len(rows) else None
    population = int(rows["population"].sum())
    vintages = sorted({int(v) for v in rows["population_vintage"].dropna()})
    gp = rows["gp_liberal"]
    gp_known = country == "FR" and area.level != "arrondissement"
    gp_count = int(gp.sum()) if gp_known else None
    area_km2 = float(rows["area_km2"].sum())
    out: dict[str, Any] = {
        "code": area.code,
        "name": area.name,
        "level": area.level,
        "level_label": LEVEL_LABELS_FR.get(area.level, area.level),
        "kind": area.kind,
        "country": country,
        "parents": [
            {"code": a.code, "name": a.name, "level": a.level} for a in terr.ancestors(code)
        ],
        "population": population,
        "population_vintage": vintages[0] if len(vintages) == 1 else vintages,
        "population_source": POP_SOURCE_FR if country == "FR" else POP_SOURCE_CH,
        "communes": len(rows) if area.level != "arrondissement" else 0,
        "area_km2": round(area_km2, 1),
        "point": _point(terr.point_of(area.code)),
        "density_per_km2": round(population / area_km2, 1) if area_km2 else None,
        "gp_liberal": gp_count,
        "gp_liberal_per_10000": round(gp_count / population * 1e4, 2)
        if gp_count is not None and population
        else None,
        "gp_liberal_source": GP_SOURCE_FR if gp_known else None,
    }
    if country == "FR":
        for year in (2023, 2022):
            figures = weighted_apl(rows, year)
            out[f"apl_{year}"] = figures["apl"]
            out[f"apl_{year}_details"] = figures
        out["apl_source"] = "DREES, APL aux médecins généralistes (valeurs officielles)"
    else:
        out["apl_2023"] = None
        out["apl_source"] = None
        if area.level != "arrondissement":
            out["valais"] = valais_summary(terr, rows, provider)
    dep_figures = department_figures(terr, code)
    out["departement_figures"] = dep_figures.as_dict() if dep_figures is not None else None
    out.update(_other_professions(terr, area.code, rows, country))
    return out


def weighted_nurse_apl(rows: pd.DataFrame, year: int) -> float | None:
    """An area's official DREES APL to nurses: communes weighted by the nurses' standardised
    population (the DREES rule); None where no commune has a value."""
    col, wcol = f"apl_inf_{year}", f"pop_std_inf_{year}"
    if col not in rows:
        return None
    v, w = rows[col], rows[wcol]
    ok = v.notna() & w.notna() & (w > 0)
    return round(float((v[ok] * w[ok]).sum() / w[ok].sum()), 1) if ok.any() else None


def _other_professions(
    terr: Territory, code: str, rows: pd.DataFrame, country: str | None
) -> dict[str, Any]:
    """Nurse APL (official, per commune, aggregated), the five professions' APL 2024 of the
    département, and the seasonal population."""
    from proxisante.territory.professions import professions_apl
    from proxisante.territory.seasonal import seasonal_figures

    if country != "FR":
        return {"apl_nurse_2023": None, "apl_nurse_2022": None, "professions_2024": None}
    professions = professions_apl(terr, code)
    seasonal = seasonal_figures(rows)
    return {
        "apl_nurse_2023": weighted_nurse_apl(rows, 2023),
        "apl_nurse_2022": weighted_nurse_apl(rows, 2022),
        "apl_nurse_source": "DREES, APL aux infirmières (valeurs officielles par commune) ;"
        " ETP pour 100 000 habitants standardisés, pas comparable en niveau à l'APL aux médecins",
        "professions_2024": professions.as_dict() if professions is not None else None,
        "seasonal": None
        if seasonal is None
        else {
            "secondary_homes_2018": round(seasonal.secondary_homes or 0.0),
            "share_secondary_homes": None
            if seasonal.share_secondary is None
            else round(seasonal.share_secondary, 4),
            "seasonal_population": round(seasonal.seasonal_population or 0.0),
            "seasonal_to_resident": None
            if seasonal.ratio_to_population is None
            else round(seasonal.ratio_to_population, 4),
            "parameters": seasonal.parameters,
            "nature": "estimation",
            "source": "INSEE, recensement 2018 ; hypothèses ProxiSanté",
        },
    }


def valais_summary(
    terr: Territory, rows: pd.DataFrame, provider: TravelTimeProvider
) -> dict[str, Any]:
    """Estimated primary-care supply, the Valais accessibility indicator and the time to the
    nearest emergency department of a set of Valais communes (every figure an estimate; see
    :mod:`proxisante.territory.valais`)."""
    from proxisante.access.communes import commune_points, nearest_point_facility
    from proxisante.access.valais import valais_access
    from proxisante.territory.valais import (
        ACCESS_SOURCE,
        DOCTORS_SOURCE,
        ED_SOURCE,
        SUPPLY_SOURCE,
        emergency_departments,
        supply_of,
    )

    every = terr.communes
    supply = supply_of(rows, every)
    ch = every[(every["country"] == "CH") & every["lon"].notna()]
    access = valais_access(ch, provider).reindex(rows.index)
    pop = rows["population"].astype(float)
    located = rows[rows["lon"].notna()]
    points = commune_points(located)
    sites = emergency_departments(terr.hospitals)
    run = nearest_point_facility(
        points, sites, provider, 120.0, np.arange(len(located), dtype=np.int64)
    )
    minutes = pd.Series(run.minutes, index=located.index).replace(np.inf, np.nan)
    known = minutes.notna()
    weights = pop.reindex(located.index)
    return {
        "primary_care": {
            "fte": _num(supply.fte if supply else None, 1),
            "fte_per_1000": _num(supply.fte_per_1000 if supply else None, 2),
            "doctors": _num(round(supply.doctors) if supply else None),
            "nature": "estimate",
            "source": SUPPLY_SOURCE,
            "doctors_source": DOCTORS_SOURCE,
        },
        "access": {
            "fte_per_1000": _num(_weighted_mean(access, pop), 2),
            "nature": "estimate",
            "source": ACCESS_SOURCE,
        },
        "emergency": {
            "minutes_mean": _num(_weighted_mean(minutes, weights), 0),
            "share_beyond_30": _num(
                float(weights[known & (minutes > EMERGENCY_FAR_MIN)].sum() / weights[known].sum())
                if known.any()
                else None,
                3,
            ),
            "nature": "estimate",
            "source": ED_SOURCE,
            "sites": sites["locality"].tolist(),
        },
    }


def _weighted_mean(values: pd.Series, weights: pd.Series) -> float | None:
    ok = values.notna() & weights.notna() & (weights > 0)
    if not ok.any():
        return None
    return float((values[ok] * weights[ok]).sum() / weights[ok].sum())
