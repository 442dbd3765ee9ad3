"""The "Perspectives à 5 et 10 ans" section: the planning engine's projection of the territory
(``plan project``, :mod:`proxisante.planning.projection.territorial`) and its retirement exposure.

The diagnostic runs fewer Monte Carlo draws than the CLI (:data:`DRAWS`) with a fixed seed, so
that it stays fast and its output is deterministic. France only: the exits rest on the DREES
APL with and without doctors over 65, which does not exist for Switzerland.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from proxisante.access.apl import DREES_DECAY, apl
from proxisante.access.communes import Travel, apl_inputs, as_provider
from proxisante.diagnosis.basis import SRC_CALC, Basis, figure
from proxisante.diagnosis.model import Figure
from proxisante.i18n import N_, _
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection import territorial as tp
from proxisante.territory import bundle
from proxisante.territory.summary import weighted_apl

DRAWS = 40
"""Monte Carlo draws of the diagnostic (``plan project`` runs 200 by default)."""
SEED = 0
YEARS = (5, 10)
SRC_EXPOSURE = N_("DREES, APL 2023 et APL 2023 hors médecins de plus de 65 ans")

Figures = dict[str, Figure]

KEYS: tuple[str, ...] = (
    "perspectives_unavailable",
    "retirement_exposure",
    *(
        f"{what}_{h}y{band}"
        for h in YEARS
        for what in ("gp", "demand", "apl")
        for band in ("", "_p10", "_p90")
    ),
)


def perspectives_section(b: Basis) -> Figures:
    """Retirement exposure (computed from official figures) and the projected GPs,
    standardised demand and anchored APL at +5 and +10 years (estimates, P10–P90)."""
    if not b.is_fr:
        return _unavailable(_("indisponible en Valais (voir les notes de méthode)"))
    summary = _projection(b)
    if summary is None:
        return _unavailable(_("indisponible : pas d'APL DREES publiée pour ces communes"))
    return _exposure(b) | _horizons(summary)


def _unavailable(why: str) -> Figures:
    return {
        "perspectives_unavailable": Figure(
            label=_("Projection à 5 et 10 ans"),
            value=None,
            display=why,
            unit="text",
            source=SRC_CALC,
            nature="estimate",
            nature_label=_("estimation"),
        )
    }


def _projection(b: Basis) -> pj.Summary | None:
    """The territory's projection: summed from a batch's national projection of every commune
    (:mod:`proxisante.diagnosis.shared`) when there is one, else projected on its context; the
    same draws and the same sums either way (tests/unit/diagnosis/test_shared.py)."""
    shared = b.inputs.shared
    ctx = b.context[b.context["country"] == "FR"]
    national = shared.projection if shared is not None else None
    if national is not None and ctx.index.isin(national.communes.index).all():
        ctx = national.communes  # it covers the context: each commune gets the same draws
    else:
        national = None
    territory = np.flatnonzero(ctx.index.isin(b.rows.index))
    if (
        not territory.size
        or not ctx.loc[b.rows.index.intersection(ctx.index), "apl_2023"].notna().any()
    ):
        return None
    if national is not None:
        return national.projection.summary(territory)
    inputs = projection_shared(ctx, territory, b.inputs.travel, b.inputs.professionals)
    return tp.project(inputs, DRAWS, SEED, scheduler="sync")


def projection_shared(
    ctx: pd.DataFrame, territory: np.ndarray, travel: Travel, professionals: pd.DataFrame | None
) -> tp.Shared:
    """What the draws of the diagnostic's projection need, on the French communes ``ctx``."""
    inputs = apl_inputs(ctx, year=2023, demand="drees-standardised", professionals=professionals)
    times, _covered = as_provider(travel).commune_times(inputs.points.codes, DREES_DECAY.cutoff_min)
    rates, _r = tp.projection_inputs(
        ctx, bundle.load_workforce_ages(), bundle.load_department_health(), None
    )
    return tp.Shared(
        rates,
        inputs.supply,
        inputs.demand,
        ctx["apl_2023"].to_numpy(dtype=np.float64),
        apl(inputs.supply, inputs.demand, times),
        times,
        territory,
        YEARS,
        pj.Uncertainty(),
    )


def _exposure(b: Basis) -> Figures:
    w = weighted_apl(b.rows, 2023)
    value = None
    if w["apl"] and w["apl_u65"] is not None:
        value = 1.0 - float(w["apl_u65"]) / float(w["apl"])
    return {
        "retirement_exposure": figure(
            _("Exposition à la retraite (1 − APL ≤ 65 ans / APL)"),
            value,
            "percent",
            _(SRC_EXPOSURE),
            "computed",
        )
    }


def _horizons(s: pj.Summary) -> Figures:
    src = _("ProxiSanté, projection stock-flux ({draws} tirages Monte Carlo)").format(draws=s.draws)
    out: Figures = {}
    for h in s.horizons:
        n = h.years
        rows = (
            ("gp", _("Médecins généralistes libéraux à +{n} ans"), h.central_gp, h.gp, "count"),
            (
                "demand",
                _("Population standardisée (demande) à +{n} ans"),
                h.central_demand,
                h.demand,
                "count",
            ),
            ("apl", _("APL à +{n} ans (ancrée sur l'APL officielle)"), h.central_apl, h.apl, "apl"),
        )
        for key, label, central, band, unit in rows:
            text = label.format(n=n)
            out[f"{key}_{n}y"] = figure(text, central, unit, src, "estimate")
            out[f"{key}_{n}y_p10"] = figure(
                _("{label}, bas de la fourchette (P10)").format(label=text),
                band[0],
                unit,
                src,
                "estimate",
            )
            out[f"{key}_{n}y_p90"] = figure(
                _("{label}, haut de la fourchette (P90)").format(label=text),
                band[2],
                unit,
                src,
                "estimate",
            )
    return out
