"""The "Perspectives à 5 et 10 ans" section: the planning engine's projection of the territory
(``plan project``, :mod:`proxisante.planning.projection.territorial`), its retirement exposure
(what residents reach) and the share of the supply located in it from doctors over 65 (where
doctors practise, an estimation).

The diagnostic runs fewer Monte Carlo draws than the CLI (:data:`DRAWS`) with a fixed seed, so
that it stays fast and its output is deterministic. France only: the exits rest on the DREES
APL with and without doctors over 65, which does not exist for Switzerland. The place shares are
estimated on every French commune (by département, remembered per travel provider), so a
diagnosis alone and a batch give the same figures.
"""

from __future__ import annotations

import numpy as np

from proxisante.access.summary import weighted_apl
from proxisante.diagnosis.basis import SRC_CALC, Basis, figure
from proxisante.diagnosis.model import Figure
from proxisante.diagnosis.projection_inputs import DRAWS, SEED, YEARS, projection_shared
from proxisante.i18n import N_, _
from proxisante.planning.projection import engine as pj
from proxisante.planning.projection import territorial as tp

SRC_EXPOSURE = N_("DREES, APL 2023 et APL 2023 hors médecins de plus de 65 ans")
SRC_PLACE = N_(
    "ProxiSanté, estimation par inversion de l'APL et de l'APL ≤ 65 ans (DREES 2023) sur les"
    " communes où exercent les médecins"
)
SRC_PROJECTION = N_(
    "ProxiSanté, projection stock-flux ({draws} tirages Monte Carlo) : DREES APL 2023 et"
    " APL ≤ 65 ans, DREES démographie des médecins 2012–2020, INSEE BPE 2020 et 2024, INSEE"
    " pyramides des âges départementales 1990–2021"
)

Figures = dict[str, Figure]

KEYS: tuple[str, ...] = (
    "perspectives_unavailable",
    "retirement_exposure",
    "place_share_65",
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
    projected = _projection(b)
    if projected is None:
        return _unavailable(_("indisponible : pas d'APL DREES publiée pour ces communes"))
    summary, place = projected
    return _exposure(b) | _place_share(place) | _horizons(summary)


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


def _projection(b: Basis) -> tuple[pj.Summary, float | None] | None:
    """The territory's projection and its place share over 65: summed from a batch's national
    projection of every commune (:mod:`proxisante.diagnosis.shared`) when there is one, else
    projected on its context; the same draws and the same sums either way
    (tests/unit/diagnosis/test_shared.py)."""
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
        s65 = national.place_share_65[territory]
        supply = national.supply[territory]
        return national.projection.summary(territory), _supply_weighted(s65, supply)
    france = b.terr.communes[b.terr.communes["country"] == "FR"]
    inputs = projection_shared(ctx, territory, b.inputs.travel, b.inputs.professionals, france)
    return tp.project(inputs, DRAWS, SEED, scheduler="sync"), tp.place_share(inputs)


def _supply_weighted(share: np.ndarray, supply: np.ndarray) -> float | None:
    return float(np.average(share, weights=supply)) if float(supply.sum()) > 0 else None


def _exposure(b: Basis) -> Figures:
    w = weighted_apl(b.rows, 2023)
    value = None
    if w["apl"] and w["apl_u65"] is not None:
        value = 1.0 - float(w["apl_u65"]) / float(w["apl"])
    return {
        "retirement_exposure": figure(
            _(
                "Exposition à la retraite de l'offre atteinte par les habitants"
                " (1 − APL ≤ 65 ans / APL)"
            ),
            value,
            "percent",
            _(SRC_EXPOSURE),
            "computed",
        )
    }


def _place_share(value: float | None) -> Figures:
    return {
        "place_share_65": figure(
            _(
                "Part de l'offre exerçant dans le territoire assurée par des médecins de plus"
                " de 65 ans"
            ),
            value,
            "percent",
            _(SRC_PLACE),
            "estimate",
        )
    }


def _horizons(s: pj.Summary) -> Figures:
    src = _(SRC_PROJECTION).format(draws=s.draws)
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
