"""The figure sections of a diagnosis: one function per section, each returning its figures
(key → :class:`Figure`, in display order) from the shared :class:`Basis`."""

from __future__ import annotations

import numpy as np
import pandas as pd

from proxisante.access.summary import weighted_apl
from proxisante.diagnosis import valais
from proxisante.diagnosis.basis import (
    SRC_APL,
    SRC_BPE,
    SRC_CALC,
    SRC_FILO,
    SRC_HOSP,
    Basis,
    figure,
    weighted,
)
from proxisante.diagnosis.comparison import area_values
from proxisante.diagnosis.model import Figure
from proxisante.i18n import _
from proxisante.territory.emergency import emergency_sites

SRC_HOSP_CH = "OFSP/BAG 2017 via Eurostat GISCO"

GP_FAR_MIN = 20.0
EMERGENCY_MIN = 30.0
RETIREMENT_AGE = 60

Figures = dict[str, Figure]


def context_section(b: Basis) -> Figures:
    """Communes, population, area, density."""
    area_km2 = float(b.rows["area_km2"].sum())
    return {
        "communes": figure(_("Communes"), len(b.rows), "count", b.src_pop),
        "population": figure(_("Population"), b.population, "count", b.src_pop),
        "area_km2": figure(_("Superficie"), area_km2, "km2", "IGN / OFS" if b.is_fr else "OFS/BFS"),
        "density": figure(
            _("Densité (hab./km²)"),
            b.population / area_km2 if area_km2 else None,
            "density",
            b.src_pop,
            "computed",
        ),
    }


def demography_section(b: Basis) -> Figures:
    """Share aged 65+, need index (France) or social assistance (Valais), income, poverty."""
    share, source = share_65_plus(b.rows, b.inputs.age_bands)
    out = {
        "share_65_plus": figure(_("Part des 65 ans et plus"), share, "percent", source),
    }
    if not b.is_fr:
        sa = weighted(b.rows["social_assistance_rate_2019"], b.rows["population"])
        out["social_assistance"] = figure(_("Taux d'aide sociale 2019"), sa, "rate", "OFS/BFS")
        return out
    rows = b.rows
    std = rows["pop_std_2023"].sum(min_count=1)
    base = rows["pop_apl_2023"].sum(min_count=1)
    out["pop_std_2023"] = figure(
        _("Population standardisée (DREES 2023)"), std, "count", _(SRC_APL)
    )
    out["need_index"] = figure(
        _("Indice de besoin (pop. standardisée / population)"),
        std / base if base and pd.notna(std) else None,
        "ratio",
        _(SRC_APL),
        "computed",
    )
    income = weighted(rows["income_median_2021"], rows["fiscal_persons_2021"])
    out["income_median"] = figure(
        _("Revenu disponible médian par UC (approx.)"), income, "euros", _(SRC_FILO), "estimate"
    )
    pov_rows = rows[rows["poverty_rate_2021"].notna()]
    pov = weighted(pov_rows["poverty_rate_2021"], pov_rows["fiscal_persons_2021"])
    cover = pov_rows["population"].sum() / b.population if b.population else None
    out["poverty_rate"] = figure(
        _("Taux de pauvreté (communes où publié)"), pov, "rate", _(SRC_FILO)
    )
    out["poverty_coverage"] = figure(
        _("Population couverte par le taux de pauvreté"),
        cover,
        "percent",
        _(SRC_FILO),
        "computed",
    )
    return out


def supply_section(b: Basis) -> Figures:
    """GPs and their density, hospital sites, GPs aged 60+ (when ages are imported)."""
    own = area_values(b.rows)
    src = _(SRC_BPE) if b.is_fr else _("non disponible")
    old, age_source, old_share = retirement(b.rows, b.inputs.professionals)
    return valais.supply_figures(b) | {
        "gp": figure(_("Médecins généralistes libéraux"), own.gp, "count", src),
        "gp_per_10k": figure(
            _("Généralistes pour 10 000 habitants"), own.gp_per_10k, "per10k", src, "computed"
        ),
        "hospital_sites": figure(
            _("Sites hospitaliers"),
            len(hospitals_of(b)),
            "count",
            _(SRC_HOSP) if b.is_fr else _(SRC_HOSP_CH),
        ),
        "gp_60_plus": figure(_("Généralistes de 60 ans ou plus"), old, "count", age_source),
        "gp_60_plus_share": figure(
            _("Part des généralistes de 60 ans ou plus"),
            old_share,
            "percent",
            age_source,
            "computed",
        ),
    }


def proximity_section(b: Basis) -> Figures:
    """Official and computed APL, sous-dense population, times to the nearest GP and
    emergency department."""
    return _apl_figures(b) | valais.access_figures(b) | _time_figures(b)


def _apl_figures(b: Basis) -> Figures:
    apl23 = weighted_apl(b.rows, 2023) if b.is_fr else None
    apl22 = weighted_apl(b.rows, 2022) if b.is_fr else None
    nature = "estimate" if b.indicators.estimated_times else "computed"
    return {
        "apl_2023": figure(
            _("APL 2023 (DREES)"),
            apl23["apl"] if apl23 else None,
            "apl",
            _(SRC_APL) if b.is_fr else _("pas d'APL officielle"),
        ),
        "apl_2022": figure(
            _("APL 2022 (DREES)"), apl22["apl"] if apl22 else None, "apl", "DREES, APL 2022"
        ),
        "pop_sous_dense": figure(
            _("Population en commune sous-dense (APL < 2,5)"),
            apl23["population_under_2_5"] if apl23 else None,
            "count",
            _(SRC_APL),
        ),
        "share_sous_dense": figure(
            _("Part de la population en commune sous-dense"),
            apl23["share_population_under_2_5"] if apl23 else None,
            "percent",
            _(SRC_APL),
            "computed",
        ),
        "apl_computed": figure(
            _("APL calculée (temps de trajet estimés)"),
            weighted(b.local["apl_computed"], _standardised(b.rows)),
            "apl",
            SRC_CALC,
            nature,
        ),
    }


def _time_figures(b: Basis) -> Figures:
    pop, nature = b.pop, b.time_nature
    mgp = b.local["minutes_gp"]
    far = mgp > GP_FAR_MIN
    known = bool(mgp.notna().any())
    return {
        "minutes_gp_mean": figure(
            _("Temps moyen au généraliste le plus proche"),
            weighted(mgp.replace(np.inf, np.nan), pop),
            "minutes",
            SRC_CALC,
            nature,
        ),
        "communes_far_gp": figure(
            _("Communes à plus de 20 min d'un généraliste"),
            int(far.sum()) if known else None,
            "count",
            SRC_CALC,
            nature,
        ),
        "pop_far_gp": figure(
            _("Habitants à plus de 20 min d'un généraliste"),
            int(pop[far].sum()) if known else None,
            "count",
            SRC_CALC,
            nature,
        ),
    } | emergency_figures(b)


def emergency_figures(b: Basis) -> Figures:
    """Time to the nearest emergency department and share of the population beyond 30 min
    (SMUR and MCS not counted); at night too where a site nearby is open by day only."""
    pop = b.pop
    sites = emergency_sites(b.terr.hospitals, b.terr.communes, b.inputs.structures)
    source = sites.source_for(b.scope.country)
    nature = "proxy" if sites.proxy else b.time_nature
    mh = b.local["minutes_hospital"]
    night = b.local.get("minutes_emergency_always", mh)
    share = float(pop[mh > EMERGENCY_MIN].sum() / b.population) if b.population else None
    out = {
        "minutes_hospital_mean": figure(
            _("Temps moyen au service d'urgence le plus proche"),
            weighted(mh.replace(np.inf, np.nan), pop),
            "minutes",
            source,
            nature,
        ),
        "share_beyond_30_hospital": figure(
            _("Population à plus de 30 min d'un service d'urgence (SMUR et MCS non comptés)"),
            share,
            "percent",
            source,
            nature,
        ),
    }
    if b.population and bool((night != mh).any()):
        out["share_beyond_30_night"] = figure(
            _("Population à plus de 30 min d'un service d'urgence ouvert la nuit"),
            float(pop[night > EMERGENCY_MIN].sum() / b.population),
            "percent",
            source,
            nature,
        )
    return out


# --- helpers ------------------------------------------------------------------------------------


def _standardised(rows: pd.DataFrame) -> pd.Series:
    """The weights of an area's APL (DREES: its communes' standardised population), plain
    population where DREES gives none."""
    pop = rows["population"].astype(float)
    if "pop_std_2023" not in rows:
        return pop
    return rows["pop_std_2023"].astype(float).fillna(pop)


def hospitals_of(b: Basis) -> pd.DataFrame:
    """The hospital sites located in the territory's communes (in Valais, not the hospitals'
    administrative addresses that the OFSP list gives as sites: « Sion - Admin.CHCVs »)."""
    h = b.terr.hospitals
    h = h[h["commune"].isin(b.rows.index)]
    site = h["site"].fillna("").astype(str)
    admin = (h["country"] == "CH") & site.str.contains(r"admin|verwaltung", case=False)
    return h[~admin]


def share_65_plus(rows: pd.DataFrame, bands: pd.DataFrame | None) -> tuple[float | None, str]:
    """The share aged 65+ and its source (Valais: OFS; France: the imported age bands)."""
    if (rows["country"] == "CH").all():
        return (weighted(rows["share_65_plus"], rows["population"]) or 0) / 100, "OFS/BFS 2019"
    if bands is not None and not bands.empty:
        b = bands[bands["commune"].isin(rows.index)]
        if len(b):
            total = b["population"].sum()
            old = b.loc[b["age_min"] >= 65, "population"].sum()
            if total and (b["age_min"] == 65).any():
                return float(old / total), _("INSEE, population par âge")
    return None, _("âges par commune non publiés dans les données utilisées")


def retirement(
    rows: pd.DataFrame, professionals: pd.DataFrame | None
) -> tuple[int | None, str, float | None]:
    """GPs aged :data:`RETIREMENT_AGE` or more, the source, and their share."""
    if professionals is None or "age" not in professionals:
        return None, _("âges des médecins non publiés dans les données ouvertes"), None
    gps = professionals[
        (professionals["profession"] == "gp")
        & professionals["commune"].isin(rows.index)
        & professionals["age"].notna()
    ]
    if gps.empty:
        return None, _("âges des médecins inconnus pour ce territoire"), None
    old = int((gps["age"] >= RETIREMENT_AGE).sum())
    return old, _("fichier de professionnels importé"), old / len(gps)
