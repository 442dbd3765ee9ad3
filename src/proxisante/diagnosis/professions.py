"""Two sections of the diagnosis: other professions (the official nurse APL per commune, the
DREES APL 2024 of five professions by département) and seasons (secondary homes, the seasonal
population and, where it matters, the summer APL).

The summer APL is shown where the estimated seasonal population reaches
:data:`~proxisante.territory.seasonal.SEASONAL_SHARE_SHOWN` of the residents. It is the official
APL 2023 of each commune times the ratio of the engine's APL with and without the seasonal
population (ratio anchoring: the model's level cancels out and the value stays ≥ 0), averaged
over the territory with the standardised population; an estimate, labelled so.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from proxisante.access.summary import weighted_nurse_apl
from proxisante.diagnosis.basis import Basis, figure
from proxisante.diagnosis.model import Figure
from proxisante.i18n import N_, _
from proxisante.territory.professions import LABELS, LEVEL_PHRASES, professions_apl
from proxisante.territory.seasonal import SOURCE as SEASONAL_SOURCE
from proxisante.territory.seasonal import (
    SeasonalParameters,
    seasonal_figures,
    seasonal_population,
)

SRC_NURSE = N_("DREES, APL aux infirmières {year} (ETP pour 100 000 habitants standardisés)")
SRC_APL_2024 = N_("DREES, APL 2024 par département")

PROFESSION_KEYS = (
    "apl_nurse_2023",
    "apl_nurse_2022",
    "dep_apl_2024_gp",
    "dep_apl_2024_nurse",
    "dep_apl_2024_physio",
    "dep_apl_2024_midwife",
    "dep_apl_2024_dentist",
)
SEASON_KEYS = ("share_secondary_homes", "seasonal_population", "seasonal_ratio", "apl_summer")


def professions_section(b: Basis) -> dict[str, Figure]:
    """The official nurse APL of the territory and the five professions' APL 2024 of its
    département, labelled as département averages."""
    if not b.is_fr:
        return {}
    out: dict[str, Figure] = {}
    for year in (2023, 2022):
        out[f"apl_nurse_{year}"] = figure(
            _("APL aux infirmières {year} (DREES)").format(year=year),
            weighted_nurse_apl(b.rows, year),
            "fte100k",
            _(SRC_NURSE).format(year=year),
        )
    code = b.scope.communes[0] if b.scope.level == "communes" else b.scope.code
    block = professions_apl(b.terr, code)
    if block is None:
        return out
    at = _(LEVEL_PHRASES[block.level]).format(name=block.name)
    for v in block.values:
        out[f"dep_apl_2024_{v.profession}"] = figure(
            _("APL 2024 aux {profession} ({level})").format(
                profession=_(LABELS[v.profession]), level=at
            ),
            v.apl_2024,
            "apl" if v.profession == "gp" else "fte100k",
            _(SRC_APL_2024),
        )
    return out


def seasons_section(b: Basis) -> dict[str, Figure]:
    """Secondary homes, the seasonal population and the summer APL where it matters."""
    if not b.is_fr:
        return {}
    params = SeasonalParameters()
    f = seasonal_figures(b.rows, params)
    if f is None:
        return {}
    source = _(SEASONAL_SOURCE)
    out = {
        "share_secondary_homes": figure(
            _("Part des résidences secondaires dans les logements (2018)"),
            f.share_secondary,
            "percent",
            _("INSEE, recensement 2018"),
            "computed",
        ),
        "seasonal_population": figure(
            _("Population saisonnière estimée ({params})").format(params=f.parameters),
            f.seasonal_population,
            "count",
            source,
            "estimate",
        ),
        "seasonal_ratio": figure(
            _("Population saisonnière rapportée aux résidents"),
            f.ratio_to_population,
            "percent",
            source,
            "estimate",
        ),
    }
    if f.matters:
        out["apl_summer"] = figure(
            _("APL estivale estimée (APL officielle × effet de la population saisonnière)"),
            summer_apl(b, params),
            "apl",
            _("ProxiSanté, moteur d'accès ; DREES APL 2023 ; INSEE RP 2018"),
            "estimate",
        )
    return out


def summer_apl(b: Basis, params: SeasonalParameters) -> float | None:
    """The territory's official APL 2023 moved by the seasonal population (ratio anchoring)."""
    from proxisante.access.communes import apl_inputs, run_apl

    context = b.context
    inputs = apl_inputs(context, year=2023, professionals=b.inputs.professionals)
    pop = inputs.population
    per_person = np.divide(inputs.demand, pop, out=np.ones_like(pop), where=pop > 0)
    extra = seasonal_population(context, params).fillna(0.0).to_numpy(dtype=np.float64)
    summer = dataclasses.replace(inputs, demand=inputs.demand + extra * per_person)
    before = run_apl(inputs, b.inputs.travel).table["apl"].reindex(b.rows.index)
    after = run_apl(summer, b.inputs.travel).table["apl"].reindex(b.rows.index)
    ratio = (after / before.where(before > 0)).astype(float)
    official = b.rows["apl_2023"].astype(float)
    anchored = official * ratio
    w = b.rows["pop_std_2023"].astype(float)
    ok = anchored.notna() & w.notna() & (w > 0)
    if not ok.any():
        return None
    return float((anchored[ok] * w[ok]).sum() / w[ok].sum())
