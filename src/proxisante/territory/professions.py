"""The DREES APL 2024 of five professions, by département (SOURCES §19), for any area.

DREES publishes the APL of physiotherapists, midwives and dentists per commune, but the commune
files were not found; the département averages of 2024 (and 2023) were, for GPs, nurses,
physiotherapists, midwives and dentists. An area is shown the figures of the département
holding most of its population (a commune, an EPCI), of itself (a département) or of France;
every figure is labelled as a département (or national) average. A région has none: the
published values are not additive and the file has no standardised populations to weight them.
"""

from __future__ import annotations

from dataclasses import dataclass

from proxisante.i18n import N_
from proxisante.territory.bundle import APL_PROFESSIONS, load_apl_departements
from proxisante.territory.territory import Territory

SOURCE = N_(
    "DREES, APL 2024 (édition 2024), moyennes départementales pondérées par la population"
    " standardisée (agrégation FraidFraid/France-Monitor, vérifiée pour 2023)"
)
UNITS = {
    "gp": N_("consultations par an et par habitant standardisé"),
    "nurse": N_("ETP pour 100 000 habitants standardisés"),
    "physio": N_("ETP pour 100 000 habitants standardisés"),
    "midwife": N_("ETP pour 100 000 habitants standardisés"),
    "dentist": N_("ETP pour 100 000 habitants standardisés"),
}
LEVEL_PHRASES = {
    "departement": N_("moyenne départementale : {name}"),
    "country": N_("moyenne nationale"),
}
LABELS = {
    "gp": N_("médecins généralistes"),
    "nurse": N_("infirmiers"),
    "physio": N_("masseurs-kinésithérapeutes"),
    "midwife": N_("sages-femmes"),
    "dentist": N_("chirurgiens-dentistes"),
}


@dataclass(frozen=True)
class ProfessionValue:
    profession: str
    apl_2024: float | None
    apl_2023: float | None
    france_2024: float | None


@dataclass(frozen=True)
class ProfessionApl:
    """The APL 2024 of the professions of the département an area is measured on."""

    level: str  # "departement" or "country"
    code: str  # dep:03 or fr
    name: str
    values: tuple[ProfessionValue, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "code": self.code,
            "name": self.name,
            "nature": "officiel (moyenne départementale)"
            if self.level == "departement"
            else "officiel (moyenne nationale)",
            "source": SOURCE,
            "values": {
                v.profession: {
                    "apl_2024": v.apl_2024,
                    "apl_2023": v.apl_2023,
                    "france_2024": v.france_2024,
                    "unit": UNITS[v.profession],
                }
                for v in self.values
            },
        }


def _num(x: object) -> float | None:
    try:
        f = float(x)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if f == f else None


def professions_apl(terr: Territory, code: str) -> ProfessionApl | None:
    """The département (or national) APL 2024 of the five professions for an area."""
    area = terr.area(code)
    if area.level in ("region", "ch_canton", "ch_region", "ch_district"):
        return None
    if area.level == "country":
        if area.code != "fr":
            return None
        key, name, level = "fr", area.name, "country"
    else:
        rows = terr.communes.loc[terr.communes_in(area.code)]
        if rows.empty or str(rows["country"].iloc[0]) != "FR":
            return None
        main = str(rows.groupby("departement")["population"].sum().idxmax())
        key, name, level = main.removeprefix("dep:"), terr.area(main).name, "departement"
    table = load_apl_departements()
    own = {str(r["profession"]): r for r in table[table["dep"] == key].to_dict("records")}
    france = {str(r["profession"]): r for r in table[table["dep"] == "fr"].to_dict("records")}
    if not own:
        return None
    values = tuple(
        ProfessionValue(
            p,
            _num(own.get(p, {}).get("apl_2024")),
            _num(own.get(p, {}).get("apl_2023")),
            _num(france.get(p, {}).get("apl_2024")),
        )
        for p in APL_PROFESSIONS
    )
    return ProfessionApl(level, "fr" if key == "fr" else f"dep:{key}", name, values)
