"""The territory among its neighbours and reference areas, and its classification."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from proxisante.access import classify as rule
from proxisante.access.summary import weighted_apl
from proxisante.diagnosis.basis import SRC_APL, Basis, clean, figure
from proxisante.diagnosis.context import comparison_areas, neighbour_areas, neighbour_communes
from proxisante.diagnosis.formatting import fmt_percent, fmt_value
from proxisante.diagnosis.labels import class_label
from proxisante.diagnosis.model import (
    AreaDisplay,
    AreaValues,
    Classification,
    ComparisonRow,
    Figure,
)
from proxisante.diagnosis.verdict import verdict_sentence
from proxisante.i18n import _
from proxisante.territory.display import local_name


def area_values(rows: pd.DataFrame) -> AreaValues:
    """Population, GP count and density, official APL of a set of commune rows."""
    pop = int(rows["population"].sum())
    fr = bool((rows["country"] == "FR").all())
    gp = int(rows["gp_liberal"].sum()) if fr else None
    apl = weighted_apl(rows, 2023) if fr else None
    return AreaValues(
        population=pop,
        gp=gp,
        gp_per_10k=gp / pop * 1e4 if gp is not None and pop else None,
        apl_2023=apl["apl"] if apl else None,
        share_sous_dense=apl.get("share_population_under_2_5") if apl else None,
    )


def comparison_row(code: str, name: str, role: str, values: AreaValues) -> ComparisonRow:
    v = AreaValues(
        population=clean(values.population),
        gp=clean(values.gp),
        gp_per_10k=clean(values.gp_per_10k),
        apl_2023=clean(values.apl_2023),
        share_sous_dense=clean(values.share_sous_dense),
    )
    display = AreaDisplay(
        population=fmt_value(v.population, "count"),
        gp=fmt_value(v.gp, "count"),
        gp_per_10k=fmt_value(v.gp_per_10k, "per10k"),
        apl_2023=fmt_value(v.apl_2023, "apl"),
        share_sous_dense=fmt_value(v.share_sous_dense, "percent"),
    )
    return ComparisonRow(code=code, name=name, role=role, values=v, display=display)


def _area_row(b: Basis, code: str, role: str) -> ComparisonRow:
    terr, shared = b.terr, b.inputs.shared
    values = shared.area_values.get(code) if shared is not None else None
    if values is None:
        values = area_values(terr.communes.loc[terr.communes_in(code)])
        if shared is not None:
            shared.area_values[code] = values
    return comparison_row(code, local_name(code, terr.name_of(code)) or code, role, values)


def touching_communes(b: Basis) -> tuple[str, ...]:
    """Communes outside the territory whose contour touches it."""
    return tuple(neighbour_communes(b.scope, b.inputs.contours, b.context.index))


def comparison_rows(b: Basis, touching: Sequence[str]) -> tuple[ComparisonRow, ...]:
    """The territory, its bordering areas of the same kind, then the larger areas."""
    terr, scope = b.terr, b.scope
    out = [comparison_row(scope.code, scope.name, "territory", area_values(b.rows))]
    out += [_area_row(b, c, "neighbour") for c in neighbour_areas(terr, scope, list(touching))]
    out += [_area_row(b, c, "reference") for c in comparison_areas(terr, scope)]
    return tuple(out)


def classification(
    figures: Mapping[str, Figure], comparison: Sequence[ComparisonRow]
) -> Classification:
    """The class of the territory by the documented rule, and the rule in words."""
    region = next((r for r in comparison if r.code.startswith("reg:")), None)
    france = next((r for r in comparison if r.code == "fr"), None)
    name = next((r.name for r in comparison if r.role == "territory"), "")
    klass = rule.classify(
        figures["apl_2023"].value,
        region.values.apl_2023 if region else None,
        figures["share_sous_dense"].value,
    )
    return Classification(
        klass=klass.klass,
        label=class_label(klass.klass),
        reasons=klass.reasons,
        rule=rule_text(),
        explanation=explanation(klass.klass, figures, region),
        verdict=verdict_sentence(
            name,
            figures["apl_2023"].value,
            figures["share_sous_dense"].value,
            region.values.apl_2023 if region else None,
            france.values.apl_2023 if france else None,
        ),
    )


def explanation(klass: str, figures: Mapping[str, Figure], region: ComparisonRow | None) -> str:
    """Why the territory has class ``klass``, in plain words: each figure of the rule, its
    value, and the threshold it is or is not under."""
    apl, share = figures["apl_2023"], figures["share_sous_dense"]
    if apl.value is None:
        return _(
            "Pas de classe : ce territoire n'a pas d'APL officielle (la classe repose sur elle)."
        )
    a, u = apl.display, fmt_value(rule.URGENCE_APL, "apl")
    s = share.display if share.value is not None else fmt_percent(0.0, decimals=0)
    shared = share.value or 0.0
    reg = region.values.apl_2023 if region is not None else None
    parts: list[str] = []
    if apl.value < rule.URGENCE_APL:
        parts.append(
            _("son APL 2023, {a}, est inférieure au seuil de {u} (zone sous-dense)").format(
                a=a, u=u
            )
        )
    if shared >= rule.URGENCE_SHARE:
        parts.append(
            _("{s} de sa population vit en commune sous-dense, au moins {t}").format(
                s=s, t=fmt_percent(rule.URGENCE_SHARE, decimals=0)
            )
        )
    if klass == "vigilance":
        if reg is not None and region is not None and apl.value < rule.VIGILANCE_RATIO * reg:
            parts.append(
                _(
                    "son APL 2023, {a}, est inférieure à {v} de celle de la région {r} ({x}),"
                    " soit {t}"
                ).format(
                    a=a,
                    v=fmt_percent(rule.VIGILANCE_RATIO, decimals=0),
                    r=region.name,
                    x=region.display.apl_2023,
                    t=fmt_value(rule.VIGILANCE_RATIO * reg, "apl"),
                )
            )
        if shared >= rule.VIGILANCE_SHARE:
            parts.append(
                _("{s} de sa population vit en commune sous-dense, au moins {t}").format(
                    s=s, t=fmt_percent(rule.VIGILANCE_SHARE, decimals=0)
                )
            )
    label = class_label(klass)
    if parts:
        return _("Classe « {label} » parce que {why}.").format(
            label=label, why=_(" et ").join(parts)
        )
    if reg is not None and region is not None:
        apl_text = _(
            "son APL 2023, {a}, n'est ni sous {u} ni sous {v} de celle de la région {r}"
            " ({x}, soit {t})"
        ).format(
            a=a,
            u=u,
            v=fmt_percent(rule.VIGILANCE_RATIO, decimals=0),
            r=region.name,
            x=region.display.apl_2023,
            t=fmt_value(rule.VIGILANCE_RATIO * reg, "apl"),
        )
    else:
        apl_text = _("son APL 2023, {a}, n'est pas sous {u}").format(a=a, u=u)
    return _(
        "Classe « {label} » parce que {apl} et que {s} de sa population vit en commune"
        " sous-dense, moins de {t}."
    ).format(label=label, apl=apl_text, s=s, t=fmt_percent(rule.VIGILANCE_SHARE, decimals=0))


def rule_text() -> str:
    """The classification rule with its thresholds, in the current language."""
    return _(
        "Urgence : APL 2023 inférieure à {u} ou au moins {us} de la population en commune "
        "sous-dense. Vigilance : APL inférieure à {v} de l'APL régionale ou au moins {vs} de la "
        "population en commune sous-dense. Sinon : proche du niveau régional."
    ).format(
        u=fmt_value(rule.URGENCE_APL, "apl"),
        us=fmt_percent(rule.URGENCE_SHARE, decimals=0),
        v=fmt_percent(rule.VIGILANCE_RATIO, decimals=0),
        vs=fmt_percent(rule.VIGILANCE_SHARE, decimals=0),
    )


def rank_figures(comparison: Sequence[ComparisonRow]) -> dict[str, Figure]:
    """The rank of the territory by APL among itself and its neighbours (1 = weakest)."""
    ranked = [r for r in comparison if r.role in ("territory", "neighbour")]
    ranked = [r for r in ranked if r.values.apl_2023 is not None]
    ranked.sort(key=lambda r: r.values.apl_2023 or 0.0)
    rank = next((i + 1 for i, r in enumerate(ranked) if r.role == "territory"), None)
    return {
        "rank_among_neighbours": figure(
            _("Rang par APL parmi le territoire et ses voisins (1 = accès le plus faible)"),
            rank,
            "count",
            _(SRC_APL),
            "computed",
        ),
        "neighbours_ranked": figure(
            _("Territoires classés (territoire et voisins)"),
            len(ranked) if ranked else None,
            "count",
            _(SRC_APL),
            "computed",
        ),
    }
