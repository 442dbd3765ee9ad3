"""The Valais part of a diagnosis: the estimated primary-care supply (OVS 2018 densities by
region × population), the Valais accessibility indicator (E2SFCA, not the APL), the leads they
give, the notes and the figures of the comparison and commune tables (see
:mod:`proxisante.territory.valais` and :mod:`proxisante.access.valais`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

import pandas as pd

from proxisante.diagnosis.basis import Basis, clean, figure, weighted
from proxisante.diagnosis.formatting import fmt_value
from proxisante.diagnosis.model import (
    ComparisonRow,
    Figure,
    KeyFigure,
    MapClass,
    ValaisDisplay,
    ValaisFigures,
    ValaisRow,
    ValaisValues,
)
from proxisante.diagnosis.scales import SCALES
from proxisante.i18n import _
from proxisante.territory.valais import (
    ACCESS_SOURCE,
    DOCTORS_SOURCE,
    SUPPLY_SOURCE,
    primary_care_estimate,
)

SWISS_MEAN_FTE_PER_1000 = 0.95
"""Swiss mean primary-care density, FTE per 1,000 (FMH 2018, as reported by RTS; §22)."""

# Figures of the French data that a Valais diagnosis does not show: they have no Swiss source
# (no official APL, no count or age of doctors per commune, no DREES projection), and the
# estimates below stand in for the supply.
FR_ONLY = frozenset(
    {
        "gp",
        "gp_per_10k",
        "gp_60_plus",
        "gp_60_plus_share",
        "apl_2023",
        "apl_2022",
        "apl_computed",
        "pop_sous_dense",
        "share_sous_dense",
        "minutes_gp_mean",
        "communes_far_gp",
        "pop_far_gp",
        "rank_among_neighbours",
        "neighbours_ranked",
    }
)
SUPPLY_KEYS = ("supply_fte_ch", "supply_fte_per_1000_ch", "supply_doctors_ch")
ACCESS_KEYS = ("access_ch",)
ACCESS_BREAKS = SCALES["access_ch"].breaks  # one definition with the web map


def supply_figures(b: Basis) -> dict[str, Figure]:
    """The estimated primary-care supply of a Valais territory (nothing in France)."""
    if b.is_fr:
        return {}
    est = primary_care_estimate(b.terr.communes).reindex(b.rows.index)
    fte = float(est["fte"].sum())
    pop = b.population
    return {
        "supply_fte_ch": figure(
            _("Médecins de premier recours (équivalents temps plein)"),
            fte,
            "count",
            _(SUPPLY_SOURCE),
            "estimate",
        ),
        "supply_fte_per_1000_ch": figure(
            _("Médecins de premier recours (EPT) pour 1 000 habitants"),
            fte / pop * 1000 if pop else None,
            "ratio",
            _(SUPPLY_SOURCE),
            "estimate",
        ),
        "supply_doctors_ch": figure(
            _("Médecins de premier recours (personnes)"),
            float(est["doctors"].sum()),
            "count",
            _(DOCTORS_SOURCE),
            "estimate",
        ),
    }


def access_figures(b: Basis) -> dict[str, Figure]:
    """The Valais accessibility indicator of the territory (population-weighted)."""
    if b.is_fr:
        return {}
    return {
        "access_ch": figure(
            _("Accessibilité estimée aux médecins de premier recours (EPT pour 1 000 hab.)"),
            weighted(b.local["access_ch"], b.rows["population"]),
            "ratio",
            _(ACCESS_SOURCE),
            "estimate",
        )
    }


def leads(figures: Mapping[str, Figure]) -> list[str]:
    """Leads of a Valais territory: its estimated density against the Swiss mean."""
    density = figures.get("supply_fte_per_1000_ch")
    if density is None or density.value is None:
        return []
    if density.value >= SWISS_MEAN_FTE_PER_1000:
        return []
    return [
        _(
            "La densité estimée de médecins de premier recours ({d} EPT pour 1 000 habitants, "
            "enquête OVS 2018) est inférieure à la moyenne suisse ({s}, FMH 2018) : la relève "
            "des médecins de famille est l'enjeu du Masterplan cantonal."
        ).format(d=density.display, s=fmt_value(SWISS_MEAN_FTE_PER_1000, "ratio"))
    ]


def notes() -> tuple[str, ...]:
    """What the Valais figures rest on."""
    return (
        _("Les valeurs marquées « estimation » ne sont pas des mesures."),
        _(
            "Offre de premier recours : aucun décompte des médecins par commune ni par district "
            "n'est publié ; chaque commune reçoit la densité de sa région publiée par "
            "l'Observatoire valaisan de la santé (enquête 2018 : Haut-Valais 0,79, Valais "
            "central 0,85, Bas-Valais 0,76 EPT pour 1 000 habitants) multipliée par sa "
            "population (OFS 2019) ; les 406 médecins de premier recours de 2021 sont répartis "
            "de la même façon. Les écarts entre communes d'une même région ne sont donc pas "
            "mesurés."
        ),
        _(
            "Accessibilité estimée du Valais : la méthode à deux étapes de l'APL (E2SFCA, "
            "mêmes paliers de 10, 15 et 20 minutes) appliquée à l'offre estimée et à la "
            "population ; ce n'est pas l'APL officielle, qui n'est publiée qu'en France, et elle "
            "ne se compare pas à elle."
        ),
        _(
            "Services d'urgence : Sion et Viège jour et nuit, Martigny de 8 h à 18 h depuis "
            "janvier 2023, Rennaz (Vaud) pour le Chablais ; ni Sierre ni Brigue n'en ont. Temps "
            "de trajet estimés (distance × détour ÷ vitesse), pas calculés sur un réseau routier."
        ),
        _(
            "Pas de classement en Valais : la règle repose sur une APL officielle, qui n'est pas "
            "publiée pour le Valais."
        ),
        _(
            "Pas de projection à 5 et 10 ans en Valais : elle repose sur l'âge des médecins, qui "
            "n'est pas publié pour le Valais."
        ),
    )


def rule_text() -> str:
    """Why a Valais territory has no class."""
    return _(
        "Sans objet en Valais : la classe repose sur l'APL officielle, qui n'est publiée qu'en "
        "France ; l'offre valaisanne est une estimation régionale."
    )


def access_classes() -> tuple[MapClass, ...]:
    """The legend of the accessibility map (FTE per 1,000 inhabitants)."""
    b = ACCESS_BREAKS
    out = [MapClass(None, b[0], f"< {fmt_value(b[0], 'ratio')}")]
    out += [
        MapClass(lo, hi, f"{fmt_value(lo, 'ratio')} – {fmt_value(hi, 'ratio')}")
        for lo, hi in pairwise(b)
    ]
    out.append(MapClass(b[-1], None, f"≥ {fmt_value(b[-1], 'ratio')}"))
    return tuple(out)


def valais_figures(b: Basis, comparison: Sequence[ComparisonRow]) -> ValaisFigures | None:
    """The rows of the Valais comparison and commune tables (None in France)."""
    if b.is_fr:
        return None
    com = b.terr.communes
    est = primary_care_estimate(com)
    areas = tuple(
        _row(r.code, r.name, r.role, com.loc[_codes(b, r.code)], est, None, None)
        for r in comparison
    )
    communes = tuple(
        _row(
            str(code),
            str(r["name"]),
            "commune",
            b.rows.loc[[code]],
            est,
            b.local.at[code, "access_ch"],
            b.local.at[code, "minutes_hospital"],
        )
        for code, r in b.rows.sort_values("name").iterrows()
    )
    return ValaisFigures(comparison=areas, communes=communes, access_classes=access_classes())


def key_figures(v: ValaisFigures) -> tuple[KeyFigure, ...]:
    """The synthesis rows of a Valais territory: population and estimated density against the
    neighbours and the first reference area."""
    own = next(r for r in v.comparison if r.role == "territory")
    neighbours = [r for r in v.comparison if r.role == "neighbour"]
    reference = next((r for r in v.comparison if r.role == "reference"), None)
    labels = {
        "population": _("Population"),
        "fte_per_1000": _("Médecins de premier recours (EPT) pour 1 000 habitants"),
    }
    out = []
    for key, label in labels.items():
        known = [r for r in neighbours if getattr(r.values, key) is not None]
        if known:
            lo = min(known, key=lambda r: float(getattr(r.values, key)))
            hi = max(known, key=lambda r: float(getattr(r.values, key)))
            a, z = getattr(lo.display, key), getattr(hi.display, key)
            span = a if a == z else f"{a} – {z}"
        else:
            span = "—"
        out.append(
            KeyFigure(
                key=key,
                label=label,
                territory=getattr(own.display, key),
                neighbours=span,
                reference=getattr(reference.display, key) if reference else "—",
            )
        )
    return tuple(out)


def _codes(b: Basis, code: str) -> list[str]:
    return list(b.scope.communes) if code == b.scope.code else b.terr.communes_in(code)


def _row(
    code: str,
    name: str,
    role: str,
    rows: pd.DataFrame,
    est: pd.DataFrame,
    access: object,
    minutes: object,
) -> ValaisRow:
    pop = int(rows["population"].sum())
    fte = float(est.loc[rows.index, "fte"].sum())
    values = ValaisValues(
        population=pop,
        fte=clean(fte),
        fte_per_1000=clean(fte / pop * 1000) if pop else None,
        access=clean(access),
        minutes_emergency=clean(minutes),
    )
    display = ValaisDisplay(
        population=fmt_value(values.population, "count"),
        fte=fmt_value(values.fte, "count"),
        fte_per_1000=fmt_value(values.fte_per_1000, "ratio"),
        access=fmt_value(values.access, "ratio"),
        minutes_emergency=fmt_value(values.minutes_emergency, "minutes"),
    )
    return ValaisRow(code=code, name=name, role=role, values=values, display=display)
