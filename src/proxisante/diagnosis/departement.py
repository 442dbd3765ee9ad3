"""Figures that exist per département only: liberal GPs 2020 → 2024 (INSEE BPE, same
equipment) and nurses, pharmacies, dentists per 10 000 inhabitants (INSEE BPE 2024).

An EPCI or a commune is shown the figures of the département holding most of its population; a
région or France sums its départements. Every label says at which level the figure is measured
(``niveau départemental : Allier``), every source names the BPE vintage.
"""

from __future__ import annotations

from proxisante.diagnosis.basis import Basis, figure
from proxisante.diagnosis.context import Scope
from proxisante.diagnosis.model import DepartementFigures, Figure, frozen_map
from proxisante.i18n import N_, _
from proxisante.territory import Territory
from proxisante.territory.trends import DepartmentFigures, department_figures

SRC_BPE_2020_DEP = N_("INSEE BPE 2020 (médecins généralistes libéraux, sommés par département)")
SRC_BPE_2024 = N_("INSEE BPE 2024")
SRC_BPE_2024_DENSITY = N_("INSEE BPE 2024 ; population : estimation INSEE 2025")

LEVEL_PHRASES = {
    "departement": N_("niveau départemental : {name}"),
    "region": N_("niveau régional : {name}"),
    "country": N_("niveau national : {name}"),
}

# Figure keys, in display order.
KEYS = (
    "dep_gp_2020",
    "dep_gp_2024",
    "dep_gp_change",
    "dep_nurses_per_10k",
    "dep_pharmacies_per_10k",
    "dep_dentists_per_10k",
)


def measured_area(terr: Territory, scope: Scope) -> DepartmentFigures | None:
    """The BPE counts of the territory's département(s) (None outside France)."""
    if scope.country != "FR":
        return None
    code = scope.communes[0] if scope.level == "communes" else scope.code
    return department_figures(terr, code)


def area_name(terr: Territory, f: DepartmentFigures, code: str) -> str:
    names = [terr.area(c).name for c in f.codes]
    return names[0] if len(names) == 1 else terr.area(code).name


def level_phrase(level: str, name: str) -> str:
    """``niveau départemental : Allier`` in the current language."""
    return _(LEVEL_PHRASES.get(level, LEVEL_PHRASES["departement"])).format(name=name)


def departement_section(b: Basis) -> dict[str, Figure]:
    """The GP trend 2020 → 2024 and three professions per 10 000, labelled with their level."""
    f = measured_area(b.terr, b.scope)
    if f is None:
        return {}
    code = b.scope.communes[0] if b.scope.level == "communes" else b.scope.code
    at = level_phrase(f.level, area_name(b.terr, f, code))
    density = _(SRC_BPE_2024_DENSITY)
    change = f.gp_change_pct / 100 if f.gp_2020 else None
    return {
        "dep_gp_2020": figure(
            _("Généralistes libéraux 2020 ({level})").format(level=at),
            f.gp_2020,
            "count",
            _(SRC_BPE_2020_DEP),
        ),
        "dep_gp_2024": figure(
            _("Généralistes libéraux 2024 ({level})").format(level=at),
            f.gp_2024,
            "count",
            _(SRC_BPE_2024),
        ),
        "dep_gp_change": figure(
            _("Évolution des généralistes libéraux 2020 → 2024 ({level})").format(level=at),
            change,
            "change",
            _("INSEE BPE 2020 et 2024, même équipement"),
            "computed",
        ),
        "dep_nurses_per_10k": figure(
            _("Infirmiers pour 10 000 habitants ({level})").format(level=at),
            f.per_10000(f.nurses_2024),
            "per10k",
            density,
            "computed",
        ),
        "dep_pharmacies_per_10k": figure(
            _("Pharmacies pour 10 000 habitants ({level})").format(level=at),
            f.per_10000(f.pharmacies_2024),
            "per10k",
            density,
            "computed",
        ),
        "dep_dentists_per_10k": figure(
            _("Dentistes pour 10 000 habitants ({level})").format(level=at),
            f.per_10000(f.dentists_2024),
            "per10k",
            density,
            "computed",
        ),
    }


def departement_figures(terr: Territory, scope: Scope) -> DepartementFigures | None:
    """GP trend and densities of the territory's département(s), labelled with their level."""
    f = measured_area(terr, scope)
    if f is None:
        return None
    d = f.as_dict()
    code = scope.communes[0] if scope.level == "communes" else scope.code
    return DepartementFigures(
        level=f.level,
        codes=f.codes,
        name=area_name(terr, f, code),
        gp_2020=f.gp_2020,
        gp_2024=f.gp_2024,
        gp_change_pct=round(f.gp_change_pct, 1),
        per_10000=frozen_map(d["per_10000"]),  # type: ignore[arg-type]
        source_ids=("bpe2020", "bpe2024_departements"),
    )
