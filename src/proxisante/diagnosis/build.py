"""Assemble a *Diagnostic Santé Flash*: the typed :class:`~proxisante.diagnosis.model.Diagnostic`
(the single source of every figure the HTML, PDF, CSV and GeoPackage show).

Every figure carries its value, its display string in the report's language, its unit, its
source and its nature (official value, ProxiSanté computation, estimate, proxy).

A section is a :class:`FigureSection`: a key, a title, a function of the :class:`Basis` that
returns its new figures, and the figure keys it shows. To add one, write the function (e.g. in
``sections.py``), append a ``FigureSection`` to :data:`FIGURE_SECTIONS`, give its title and
labels in French with ``_()``/``N_()`` and run ``make i18n`` (see docs/explanation/architecture.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

import pandas as pd
import shapely

from proxisante.access.apl import UNDER_SERVED_APL as SOUS_DENSE_APL
from proxisante.diagnosis import leads as leads_mod
from proxisante.diagnosis import texts as texts_mod
from proxisante.diagnosis import valais
from proxisante.diagnosis.basis import Basis, DiagnosticInputs, clean, make_basis
from proxisante.diagnosis.comparison import (
    classification,
    comparison_rows,
    rank_figures,
    touching_communes,
)
from proxisante.diagnosis.context import Scope
from proxisante.diagnosis.departement import KEYS as DEPARTEMENT_KEYS
from proxisante.diagnosis.departement import departement_figures, departement_section
from proxisante.diagnosis.formatting import fmt_value
from proxisante.diagnosis.labels import SECTION_TITLES, TITLE, level_label, section_title
from proxisante.diagnosis.model import (
    Classification,
    CommuneDisplay,
    CommuneRow,
    CommuneValues,
    ComparisonRow,
    Diagnostic,
    Figure,
    Hospital,
    Imported,
    MapData,
    Meta,
    Parameters,
    Structure,
    frozen_map,
)
from proxisante.diagnosis.perspectives import KEYS as PERSPECTIVE_KEYS
from proxisante.diagnosis.perspectives import perspectives_section
from proxisante.diagnosis.professions import (
    PROFESSION_KEYS,
    SEASON_KEYS,
    professions_section,
    seasons_section,
)
from proxisante.diagnosis.provenance import source_applies
from proxisante.diagnosis.sections import (
    EMERGENCY_MIN,
    GP_FAR_MIN,
    RETIREMENT_AGE,
    context_section,
    demography_section,
    hospitals_of,
    proximity_section,
    supply_section,
)
from proxisante.diagnosis.synthesis import synthesis
from proxisante.i18n import _, use_lang
from proxisante.territory import Territory

FORMAT = "proxisante-diagnostic/1"

__all__ = ["FORMAT", "DiagnosticInputs", "FigureSection", "build_diagnostic", "contour_lookup"]


@dataclass(frozen=True)
class FigureSection:
    """A section of figures: ``build`` adds figures, ``shows`` lists those it displays (keys
    absent from the diagnosis are skipped, e.g. French-only figures in Valais)."""

    key: str
    title: str  # French source text, marked with N_()
    build: Callable[[Basis], dict[str, Figure]] | None
    shows: tuple[str, ...]


def _none(_b: Basis) -> dict[str, Figure]:
    return {}


FIGURE_SECTIONS: tuple[FigureSection, ...] = (
    FigureSection("scope", SECTION_TITLES["scope"], None, ("communes", "population")),
    FigureSection(
        "context",
        SECTION_TITLES["context"],
        context_section,
        ("communes", "population", "area_km2", "density"),
    ),
    FigureSection(
        "demography",
        SECTION_TITLES["demography"],
        demography_section,
        (
            "population",
            "share_65_plus",
            "pop_std_2023",
            "need_index",
            "income_median",
            "poverty_rate",
            "poverty_coverage",
            "social_assistance",
        ),
    ),
    FigureSection(
        "supply",
        SECTION_TITLES["supply"],
        supply_section,
        (
            *valais.SUPPLY_KEYS,
            "gp",
            "gp_per_10k",
            "hospital_sites",
            "gp_60_plus",
            "gp_60_plus_share",
        ),
    ),
    FigureSection(
        "departement",
        SECTION_TITLES["departement"],
        departement_section,
        DEPARTEMENT_KEYS,
    ),
    FigureSection(
        "proximity",
        SECTION_TITLES["proximity"],
        proximity_section,
        (
            "apl_2023",
            "apl_2022",
            "apl_computed",
            *valais.ACCESS_KEYS,
            "pop_sous_dense",
            "share_sous_dense",
            "minutes_gp_mean",
            "communes_far_gp",
            "pop_far_gp",
            "minutes_hospital_mean",
            "share_beyond_30_hospital",
            "share_beyond_30_night",
        ),
    ),
    FigureSection(
        "perspectives",
        SECTION_TITLES["perspectives"],
        perspectives_section,
        PERSPECTIVE_KEYS,
    ),
    FigureSection(
        "professions", SECTION_TITLES["professions"], professions_section, PROFESSION_KEYS
    ),
    FigureSection("seasons", SECTION_TITLES["seasons"], seasons_section, SEASON_KEYS),
    # The classification's figures come from the comparison (see build_diagnostic).
    FigureSection(
        "classification",
        SECTION_TITLES["classification"],
        None,
        ("apl_2023", "share_sous_dense", "rank_among_neighbours", "neighbours_ranked"),
    ),
)
# Sections without figures, shown after the figure sections.
TEXT_SECTIONS = ("synthesis", "leads", "contacts", "annex")


def build_diagnostic(
    terr: Territory, scope: Scope, inputs: DiagnosticInputs, lang: str = "fr"
) -> Diagnostic:
    """The diagnosis of ``scope``, in ``lang`` (fr, de, en)."""
    with use_lang(lang):
        b = make_basis(terr, scope, inputs)
        figures: dict[str, Figure] = {}
        for section in FIGURE_SECTIONS:
            figures |= (section.build or _none)(b)
        touching = touching_communes(b)
        comparison = comparison_rows(b, touching)
        figures |= rank_figures(comparison)
        params = parameters(inputs)
        communes = communes_table(b)
        leads = valais.leads(figures) + list(
            leads_mod.draw_leads(figures, params, communes, comparison)
        )
        departement = departement_figures(terr, scope)
        hidden = frozenset() if b.is_fr else valais.FR_ONLY
        valais_part = valais.valais_figures(b, comparison)
        summary = synthesis(
            figures, comparison, leads, departement, lambda c: level_label(terr.area(c).level)
        )
        if valais_part is not None:
            summary = dataclasses.replace(summary, key_figures=valais.key_figures(valais_part))
        return Diagnostic(
            meta=meta(b, lang),
            parameters=params,
            section_titles=frozen_map(
                {s.key: _(s.title) for s in FIGURE_SECTIONS}
                | {k: section_title(k) for k in TEXT_SECTIONS}
            ),
            figures=frozen_map(figures),
            sections=frozen_map(
                {
                    s.key: tuple(k for k in s.shows if k in figures and k not in hidden)
                    for s in FIGURE_SECTIONS
                }
            ),
            classification=_classification(b, figures, comparison),
            comparison=comparison,
            communes=communes,
            hospitals=hospitals(b),
            imported=imported(b),
            contacts=inputs.contacts,
            notes=texts_mod.notes(b, figures) if b.is_fr else valais.notes(),
            sources=tuple(
                texts_mod.source_in_lang(s)
                for s in inputs.sources
                if source_applies(s.id, scope.country)
            ),
            map=MapData(
                territory=scope.communes,
                neighbours=touching,
                apl_classes=texts_mod.apl_classes(),
                time_classes=texts_mod.time_classes(),
            ),
            leads=tuple(leads),
            texts=texts_mod.texts(scope.name, figures, scope.country),
            synthesis=summary,
            initiatives=inputs.initiatives,
            departement=departement,
            valais=valais_part,
        )


def _classification(
    b: Basis, figures: dict[str, Figure], comparison: tuple[ComparisonRow, ...]
) -> Classification:
    """The class by the documented rule (France); in Valais, none, and why."""
    found = classification(figures, comparison)
    if b.is_fr:
        return found
    return dataclasses.replace(found, label=_("sans objet en Valais"), rule=valais.rule_text())


def meta(b: Basis, lang: str) -> Meta:
    scope = b.scope
    return Meta(
        format=FORMAT,
        lang=lang,
        title=_(TITLE),
        generated_on=b.inputs.today.isoformat(),
        code=scope.code,
        name=scope.name,
        level=scope.level,
        country=scope.country,
        level_label=level_label(scope.level),
        code_label=scope.code if scope.level != "communes" else _("périmètre choisi"),
    )


def parameters(inputs: DiagnosticInputs) -> Parameters:
    return Parameters(
        sous_dense_apl=SOUS_DENSE_APL,
        gp_far_minutes=GP_FAR_MIN,
        emergency_minutes=EMERGENCY_MIN,
        retirement_age=RETIREMENT_AGE,
        travel=inputs.travel.name,
    )


def communes_table(b: Basis) -> tuple[CommuneRow, ...]:
    """One row per commune of the territory, by name."""
    out = []
    for code, r in b.rows.sort_values("name").iterrows():
        v = CommuneValues(
            population=clean(r["population"]),
            gp=clean(r["gp_liberal"]),
            apl_2023=clean(r["apl_2023"]) if "apl_2023" in r else None,
            apl_computed=clean(b.local.at[code, "apl_computed"]),
            minutes_gp=clean(b.local.at[code, "minutes_gp"]),
            minutes_hospital=clean(b.local.at[code, "minutes_hospital"]),
        )
        display = CommuneDisplay(
            population=fmt_value(v.population, "count"),
            gp=fmt_value(v.gp, "count"),
            apl_2023=fmt_value(v.apl_2023, "apl"),
            apl_computed=fmt_value(v.apl_computed, "apl"),
            minutes_gp=fmt_value(v.minutes_gp, "minutes"),
            minutes_hospital=fmt_value(v.minutes_hospital, "minutes"),
        )
        out.append(CommuneRow(code=str(code), name=str(r["name"]), values=v, display=display))
    return tuple(out)


def hospitals(b: Basis) -> tuple[Hospital, ...]:
    """The hospital sites of the territory; sites of one hospital (same name) are told apart by
    their site's name, else their town."""
    rows = hospitals_of(b).sort_values("name").to_dict("records")
    names = [str(h["name"]) for h in rows]
    return tuple(
        Hospital(
            id=str(h["id"]),
            name=_site_name(h) if names.count(str(h["name"])) > 1 else str(h["name"]),
            commune=str(h["commune"]),
            type=h["facility_type"] if isinstance(h["facility_type"], str) else None,
        )
        for h in rows
    )


def _site_name(h: Mapping[Hashable, object]) -> str:
    site, city = h.get("site"), h.get("city")
    where = site if isinstance(site, str) and site.strip() else city
    return f"{h['name']} — {where}" if isinstance(where, str) and where.strip() else str(h["name"])


def imported(b: Basis) -> Imported:
    """Counts of the imported professionals and the imported structures of the territory."""
    professionals, structures = b.inputs.professionals, b.inputs.structures
    counts: dict[str, int] = {}
    found: tuple[Structure, ...] = ()
    if professionals is not None:
        p = professionals[professionals["commune"].isin(b.rows.index)]
        counts = {str(k): int(v) for k, v in p["profession"].value_counts().items()}
    if structures is not None:
        s = structures[structures["commune"].isin(b.rows.index)]
        found = tuple(
            Structure(
                id=_text(r["id"]),
                type=_text(r["type"]),
                name=_text(r["name"]),
                commune=_text(r["commune"]),
            )
            for r in s.to_dict("records")
        )
    return Imported(professionals=frozen_map(counts), structures=found)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def contour_lookup(codes: list[str], wkbs: list[bytes]) -> dict[str, object]:
    """Contours by code (shapely geometries) from the bundle's WKB column."""
    geoms = shapely.from_wkb(wkbs)
    return dict(zip(codes, geoms, strict=True))
