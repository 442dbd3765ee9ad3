"""The indicators of the public maps, per commune (or per département for a région or a
country), and each one's class.

Indicators of a commune:

- ``apl``: official DREES APL 2023 (France only);
- ``apl_computed``: APL computed by the access engine (the travel-time provider given);
- ``access_ch``: Valais only, the accessibility indicator of Valais (E2SFCA on the estimated
  primary-care supply, FTE per 1,000 inhabitants; :mod:`proxisante.access.valais`);
- ``gp_density``: liberal GPs (INSEE BPE 2020) per 10 000 inhabitants;
- ``minutes_gp``: minutes to the nearest commune with a liberal GP;
- ``minutes_emergency``: minutes to the nearest emergency department of the layer in use
  (DREES SAE 2025 in France; Valais: published facts; part-time sites by day), the same figure
  as the diagnostic's;
- ``apl_nurse``: official DREES APL to nurses 2023 (FTE per 100 000 standardised inhabitants;
  France only, not comparable in level with the GP APL);
- ``class``: the diagnosis rule (:func:`~proxisante.access.classify.classify_commune`)
  applied to the commune's official APL against its région's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from proxisante.access.classify import classify, classify_commune
from proxisante.access.port import TravelTimeProvider
from proxisante.access.summary import weighted_apl
from proxisante.diagnosis.context import context_communes, scope_of_area
from proxisante.diagnosis.indicators import compute
from proxisante.territory import Territory
from proxisante.territory.emergency import emergency_sites

INDICATORS = (
    "apl",
    "apl_computed",
    "access_ch",
    "gp_density",
    "minutes_gp",
    "minutes_emergency",
    "class",
    "apl_nurse",
)
FR_INDICATORS = (
    "apl",
    "apl_computed",
    "gp_density",
    "minutes_gp",
    "minutes_emergency",
    "class",
    "apl_nurse",
)
CH_INDICATORS = ("access_ch", "minutes_emergency")
"""The indicators a map of each country offers (Valais has no APL, no GP count, no class)."""


@dataclass(frozen=True)
class AreaFeature:
    """One area of a map (a commune, a département, a district) and its indicator values
    (None when unknown)."""

    code: str
    name: str
    population: int
    apl: float | None
    apl_computed: float | None
    access_ch: float | None
    gp_density: float | None
    minutes_gp: float | None
    minutes_emergency: float | None
    klass: str
    apl_nurse: float | None = None


def clean(value: object, digits: int = 2) -> float | None:
    """``value`` rounded to ``digits``, None when missing or not finite."""
    if value is None:
        return None
    x = float(value)  # type: ignore[arg-type]
    return round(x, digits) if math.isfinite(x) else None


def region_apl(terr: Territory, region: object) -> float | None:
    """The official APL 2023 of a région (communes weighted by the DREES rule)."""
    value = weighted_apl(terr.communes[terr.communes["region"] == region], 2023)["apl"]
    return None if value is None else float(value)


def _region_apl(terr: Territory, rows: pd.DataFrame) -> dict[str, float | None]:
    return {str(reg): region_apl(terr, reg) for reg in rows["region"].dropna().unique()}


def commune_features(
    terr: Territory, code: str, travel: TravelTimeProvider
) -> tuple[AreaFeature, ...]:
    """Indicators of every commune of an area (access engine over a margin around it, with the
    travel times of ``travel``)."""
    scope = scope_of_area(terr, code)
    rows = terr.communes.loc[list(scope.communes)]
    context = context_communes(terr, scope)
    sites = emergency_sites(terr.hospitals, terr.communes).table
    table = compute(context, sites, travel).table.reindex(rows.index)
    regional = _region_apl(terr, rows)
    out = []
    for c, row in rows.iterrows():
        pop = int(row["population"])
        apl = clean(row["apl_2023"])
        gp = row["gp_liberal"]
        density = gp / pop * 1e4 if pd.notna(gp) and pop else None
        out.append(
            AreaFeature(
                code=str(c),
                name=str(row["name"]),
                population=pop,
                apl=apl,
                apl_computed=clean(table.at[c, "apl_computed"]),
                access_ch=clean(table.at[c, "access_ch"]),
                gp_density=clean(density, 1),
                minutes_gp=clean(table.at[c, "minutes_gp"], 0),
                minutes_emergency=clean(table.at[c, "minutes_hospital"], 0),
                klass=classify_commune(apl, regional.get(str(row["region"]))).klass,
                apl_nurse=clean(row.get("apl_inf_2023"), 1),
            )
        )
    return tuple(out)


def department_features(terr: Territory, codes: Sequence[str]) -> tuple[AreaFeature, ...]:
    """Aggregated official indicators of départements (or Valais districts) ``codes``."""
    out = []
    for code in codes:
        area = terr.area(code)
        rows = terr.communes.loc[terr.communes_in(code)]
        pop = int(rows["population"].sum())
        figures = weighted_apl(rows, 2023) if area.level == "departement" else {"apl": None}
        apl = clean(figures["apl"])
        gp = rows["gp_liberal"]
        density = gp.sum() / pop * 1e4 if gp.notna().any() and pop else None
        share = figures.get("share_population_under_2_5")
        reg = rows["region"].dropna()
        reg_apl = region_apl(terr, reg.iloc[0]) if len(reg) else None
        klass = "non_classe" if apl is None else classify(apl, reg_apl, share).klass
        nurse = nurse_apl(rows) if area.level == "departement" else None
        out.append(
            AreaFeature(
                code, area.name, pop, apl, None, None, clean(density, 1), None, None, klass, nurse
            )
        )
    return tuple(out)


def nurse_apl(rows: pd.DataFrame) -> float | None:
    """An area's official nurse APL 2023: communes weighted by the nurses' standardised
    population (the DREES rule)."""
    if "apl_inf_2023" not in rows:
        return None
    v, w = rows["apl_inf_2023"], rows["pop_std_inf_2023"]
    ok = v.notna() & w.notna() & (w > 0)
    return clean(float((v[ok] * w[ok]).sum() / w[ok].sum()), 1) if ok.any() else None


def children_codes(terr: Territory, code: str) -> list[str]:
    """The areas a large area's map is drawn by: Valais districts for Switzerland,
    départements otherwise."""
    area = terr.area(code)
    com = terr.communes.loc[terr.communes_in(code)]
    if area.level == "country" and area.code == "ch":
        return sorted(com["district"].dropna().unique().tolist())
    return sorted(com["departement"].dropna().unique().tolist())
